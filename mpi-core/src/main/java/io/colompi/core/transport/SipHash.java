package io.colompi.core.transport;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a 64-bit MAC under a 128-bit key,
 * here over bytes of a {@link DirectBuffer}, without allocation and thread-safe (all state in locals), with the keys
 * derived from the job's secret ({@link #deriveKey}). Chosen for what transports send each other (Aeron frames,
 * shared-memory wake-ups) since it is a keyed PRF made for short inputs: a 56-byte header costs tens of nanoseconds,
 * where {@code javax.crypto.Mac} (HMAC) would cost a microsecond and a copy out of the mapped log buffer.
 */
public final class SipHash
{
    private SipHash()
    {
    }

    /**
     * The key of one use ({@code label}) of the job's {@code secret} for what JVM {@code from} sends JVM {@code to}:
     * SHA-256 of the secret, the label, the job and both ends, its first 16 bytes as {@code keys[2 * slot]} and
     * {@code keys[2 * slot + 1]}. Keys of different uses, jobs or JVM pairs are unrelated.
     */
    public static void deriveKey(
        final byte[] secret, final String label, final long jobId, final int from, final int to,
        final long[] keys, final int slot)
    {
        final MessageDigest sha256;
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
        sha256.update(secret);
        sha256.update(label.getBytes(StandardCharsets.US_ASCII));
        sha256.update(ByteBuffer.allocate(16).putLong(jobId).putInt(from).putInt(to).flip());
        final ByteBuffer digest = ByteBuffer.wrap(sha256.digest()).order(ByteOrder.LITTLE_ENDIAN);
        keys[2 * slot] = digest.getLong(0);
        keys[2 * slot + 1] = digest.getLong(8);
    }

    /** The tag of {@code length} bytes of {@code buffer} at {@code index} under the key {@code (k0, k1)}. */
    public static long hash(final long k0, final long k1, final DirectBuffer buffer, final int index, final int length)
    {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        final int words = length >>> 3;
        // The last word: the 0-7 trailing bytes, little-endian, with the length's low byte on top.
        long last = (long)length << 56;
        for (int i = (length & 7) - 1; i >= 0; i--)
        {
            last |= (buffer.getByte(index + (words << 3) + i) & 0xFFL) << (i << 3);
        }
        for (int word = 0; word <= words; word++)
        {
            final long m = word < words ? buffer.getLong(index + (word << 3), ByteOrder.LITTLE_ENDIAN) : last;
            v3 ^= m;
            for (int round = 0; round < 2; round++)
            {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xFF;
        for (int round = 0; round < 4; round++)
        {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
