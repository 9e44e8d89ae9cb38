package io.colompi.colo;

import io.colompi.core.job.JobWiring;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire-up and control protocol between the launcher ({@link RendezvousServer}) and each rank-host JVM
 * ({@link RendezvousClient}): one TCP connection per JVM to the launcher, on 127.0.0.1 (an ephemeral port), kept
 * open for the whole job. Every message is a type byte followed by its fields, written with {@link DataOutputStream}
 * (big-endian ints and longs, {@code writeUTF} strings):
 * <pre>
 * launcher -&gt; host  HELLO     magic:int version:int launcherNonce:byte[32]
 * host -&gt; launcher  AUTH      jvm:int pid:long hostNonce:byte[32] mac:byte[32]
 * launcher -&gt; host  WELCOME   mac:byte[32]                     or REJECT reason:UTF, then the launcher closes
 * host -&gt; launcher  REGISTER  n:int (key:UTF value:UTF){n}    once this JVM's engines exist: its endpoints
 * launcher -&gt; host  FENCE     n:int (key:UTF value:UTF){n}    once EVERY JVM has registered: all endpoints
 * host -&gt; launcher  ENDING    code:int message:UTF             its ranks are ending early (a rank failed or aborted)
 * host -&gt; launcher  DONE      code:int message:UTF             its ranks ended: 0, or the first failure's code and line
 * launcher -&gt; host  BYE                                        DONE is recorded; the host may exit
 * host -&gt; launcher  EXITING   rank:int finalized:boolean       a rank (-1: unknown) called System.exit (shutdown hook):
 *                                                             before or after it completed MPI.Finalize; after, the
 *                                                             host reports DONE once its other ranks have ended
 * launcher -&gt; host  ABORT     code:int reason:UTF              end your ranks now with this code (another JVM failed)
 * either -&gt; either  HEARTBEAT                                  every {@value #HEARTBEAT_MS} ms once welcomed
 * host -&gt; launcher  NAME      request:int op:byte service:UTF port:UTF   a rank's call of the job's name service:
 *                                                             publish, unpublish or lookup (port "")
 * launcher -&gt; host  NAMED     request:int errorClass:int text:UTF     its answer: 0 and the port looked up (or ""),
 *                                                             else the MPI error class and why
 * </pre>
 * Authentication is mutual, by HMAC-SHA256 under the job's secret of both nonces, the job id and the JVM id
 * ({@link #mac}; the host's MAC is tagged {@code "host"}, the launcher's {@code "launcher"}): the secret itself
 * never crosses the socket, so a process that reads the loopback traffic (or, later, the network) learns nothing it
 * can replay, and a host only obeys a launcher that knows the secret. The secret reaches the hosts in their
 * environment, readable only by the same user ({@code /proc/PID/environ} is mode 0400), never on a command line.
 * <p>
 * The end of the connection is the end of the job: a host that sees EOF from its launcher (the launcher died, even
 * of SIGKILL) halts at once; the launcher treats a host's EOF before {@code DONE} as that JVM's failure. So is
 * silence: each side says it is alive every {@value #HEARTBEAT_MS} ms, and one that hears nothing from the other for
 * {@link #silenceMs()} (a cut network, a host that froze) counts it gone, the host halting, the launcher ending the
 * job naming that JVM and its host.
 */
final class RendezvousProtocol
{
    static final int MAGIC = 0x434c4d50; // "CLMP"
    static final int VERSION = 2;
    static final int NONCE_BYTES = 32;
    static final int SECRET_BYTES = JobWiring.SECRET_BYTES;
    static final int MAC_BYTES = 32;
    /** An unauthenticated peer must answer HELLO this fast, and may not send more than this many endpoints. */
    static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    static final int MAX_ENDPOINTS = 4096;
    /** How often each side of a welcomed connection says it is alive. */
    static final int HEARTBEAT_MS = 1_000;
    /** How long either side of a welcomed connection waits without a word from the other, in ms (default 10 000). */
    static final String SILENCE_PROPERTY = "colompi.control.silenceMs";

    static final byte HELLO = 1;
    static final byte AUTH = 2;
    static final byte WELCOME = 3;
    static final byte REJECT = 4;
    static final byte REGISTER = 5;
    static final byte FENCE = 6;
    static final byte DONE = 7;
    static final byte BYE = 8;
    static final byte EXITING = 9;
    static final byte ABORT = 10;
    static final byte ENDING = 11;
    static final byte HEARTBEAT = 12;
    static final byte NAME = 13;
    static final byte NAMED = 14;

    /** The operations of a {@link #NAME} message. */
    static final byte PUBLISH = 1;
    static final byte UNPUBLISH = 2;
    static final byte LOOKUP = 3;

    /** SHA-256's block size, for HMAC (RFC 2104). */
    private static final int HASH_BLOCK_BYTES = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;
    private static final String URANDOM = "/dev/urandom";

    private RendezvousProtocol()
    {
    }

    /** {@value #SILENCE_PROPERTY}: at least a few heartbeats long. */
    static int silenceMs()
    {
        return Math.max(3 * HEARTBEAT_MS, Integer.getInteger(SILENCE_PROPERTY, 10_000));
    }

    static byte[] newNonce()
    {
        return randomBytes(NONCE_BYTES);
    }

    static byte[] newSecret()
    {
        return randomBytes(SECRET_BYTES);
    }

    static long newJobId()
    {
        return ByteBuffer.wrap(randomBytes(Long.BYTES)).getLong();
    }

    /**
     * Bytes from the kernel's CSPRNG ({@code /dev/urandom}, what {@link SecureRandom} reads on Linux too, without the
     * 30 ms of initializing the JCA providers in every rank host); {@link SecureRandom} where there is no such file.
     */
    static byte[] randomBytes(final int count)
    {
        final byte[] bytes = new byte[count];
        try (InputStream in = new FileInputStream(URANDOM))
        {
            if (in.readNBytes(bytes, 0, count) == count)
            {
                return bytes;
            }
        }
        catch (final IOException ex)
        {
            // No /dev/urandom: use the JDK's generator.
        }
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * HMAC-SHA256 (RFC 2104) under {@code secret} of {@code role, jobId, jvm, launcherNonce, hostNonce}. Built on
     * {@link MessageDigest} rather than {@code javax.crypto.Mac}: same result (a test checks it), without loading the
     * JCE provider (about 40 ms of every rank host's start).
     */
    static byte[] mac(
        final byte[] secret, final String role, final long jobId, final byte[] launcherNonce, final byte[] hostNonce,
        final int jvm)
    {
        final MessageDigest sha256 = sha256();
        final byte[] key = new byte[HASH_BLOCK_BYTES];
        final byte[] shortKey = secret.length > HASH_BLOCK_BYTES ? sha256.digest(secret) : secret;
        System.arraycopy(shortKey, 0, key, 0, shortKey.length);
        final byte[] pad = new byte[HASH_BLOCK_BYTES];
        for (int i = 0; i < HASH_BLOCK_BYTES; i++)
        {
            pad[i] = (byte)(key[i] ^ IPAD);
        }
        sha256.update(pad);
        sha256.update(role.getBytes(StandardCharsets.US_ASCII));
        sha256.update(ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(jobId).putInt(jvm).array());
        sha256.update(launcherNonce);
        sha256.update(hostNonce);
        final byte[] inner = sha256.digest();
        for (int i = 0; i < HASH_BLOCK_BYTES; i++)
        {
            pad[i] = (byte)(key[i] ^ OPAD);
        }
        sha256.update(pad);
        return sha256.digest(inner);
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is part of every Java SE runtime", ex);
        }
    }

    /** Compare MACs in time independent of where they differ. */
    static boolean sameMac(final byte[] expected, final byte[] actual)
    {
        return MessageDigest.isEqual(expected, actual);
    }

    static void writeTable(final DataOutputStream out, final Map<String, String> table) throws IOException
    {
        out.writeInt(table.size());
        for (final Map.Entry<String, String> entry : table.entrySet())
        {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue());
        }
    }

    static Map<String, String> readTable(final DataInputStream in) throws IOException
    {
        final int size = in.readInt();
        if (size < 0 || size > MAX_ENDPOINTS)
        {
            throw new IOException("bad endpoint count " + size + " (at most " + MAX_ENDPOINTS + ")");
        }
        final Map<String, String> table = new LinkedHashMap<>();
        for (int i = 0; i < size; i++)
        {
            table.put(in.readUTF(), in.readUTF());
        }
        return table;
    }

    static byte[] readBytes(final DataInputStream in, final int length) throws IOException
    {
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** {@code writeUTF} takes at most 65535 encoded bytes: shorten a long line rather than fail on it. */
    static String line(final String text)
    {
        if (text == null)
        {
            return "";
        }
        final String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > 8192 ? oneLine.substring(0, 8192) + "..." : oneLine;
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder hex = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes)
        {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    static byte[] unhex(final String hex)
    {
        if (hex.length() % 2 != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            final int high = Character.digit(hex.charAt(2 * i), 16);
            final int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0)
            {
                throw new IllegalArgumentException("not a hex digit in " + hex.substring(2 * i, 2 * i + 2));
            }
            bytes[i] = (byte)(high << 4 | low);
        }
        return bytes;
    }
}
