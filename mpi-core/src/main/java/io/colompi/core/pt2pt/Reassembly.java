package io.colompi.core.pt2pt;

import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.wait.CacheLinePadding;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * A message arriving from another JVM, fragment by fragment, in order. The {@link Protocol} keeps one per sending
 * peer and reuses it: {@link Engine#beginArrival} matches the envelope, then {@link #append} places each fragment's
 * bytes — straight into the posted receive's array when one matched (two copies in all: into the transport
 * and out of it), else into a buffered message that a later receive takes.
 */
final class Reassembly extends CacheLinePadding
{
    /** The largest message a JVM can hold: one byte array's worth. */
    public static final long MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 8;
    private static final BaseType[] BASE_TYPES = BaseType.values();

    private final Engine engine;
    int context;
    int source;
    int tag;
    int sourceWorld;
    BaseType base;
    int elements;
    long totalBytes;
    long messageId;
    boolean synchronous;
    private long bytesDone;
    private RecvRequest direct;
    private MpiError directError;
    private Incoming buffered;

    /** The line after the fields: references, which the JVM lays out after the primitives ({@link CacheLinePadding}). */
    private Object q00, q01, q02, q03;
    private Object q04, q05, q06, q07;
    private Object q08, q09, q10, q11;
    private Object q12, q13, q14, q15;

    Reassembly(final Engine engine)
    {
        this.engine = engine;
    }

    void set(
        final int context, final int source, final int tag, final int sourceWorld, final BaseType base,
        final int elements, final long totalBytes, final long messageId, final boolean synchronous)
    {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.sourceWorld = sourceWorld;
        this.base = base;
        this.elements = elements;
        this.totalBytes = totalBytes;
        this.messageId = messageId;
        this.synchronous = synchronous;
        this.bytesDone = 0;
        this.direct = null;
        this.directError = null;
        this.buffered = null;
    }

    /** The receive matched on arrival: fragments go straight into its array (unless the message does not fit it). */
    void target(final RecvRequest receive, final MpiError unfit)
    {
        direct = receive;
        directError = unfit;
        receive.sourceWorld = sourceWorld;
    }

    void target(final Incoming message)
    {
        buffered = message;
    }

    /** Whether bytes of this message are still expected. */
    public boolean inProgress()
    {
        return bytesDone < totalBytes;
    }

    /** Bytes of the message still to come. */
    public long remainingBytes()
    {
        return totalBytes - bytesDone;
    }

    /**
     * Why the envelope of a message arriving from another JVM cannot be one a sender of this job wrote, or null if
     * it can: a known base type, as many bytes as its elements take (objects: their serialized form, at most
     * {@link #MAX_MESSAGE_BYTES}), of which the first fragment holds {@code firstBytes}, a multiple of 8 unless all.
     * Checked before the envelope is matched, so a corrupt declared size never makes a receiver wait for ever.
     */
    public static String malformed(final int baseOrdinal, final int elements, final long totalBytes, final int firstBytes)
    {
        if (baseOrdinal < 0 || baseOrdinal >= BASE_TYPES.length)
        {
            return "a message of unknown base type " + baseOrdinal;
        }
        final BaseType base = BASE_TYPES[baseOrdinal];
        if (elements < 0 || totalBytes < 0 || totalBytes > MAX_MESSAGE_BYTES ||
            (base != BaseType.OBJECT && totalBytes != (long)elements * base.byteSize()))
        {
            return "a message of " + elements + " " + base + " elements declaring " + totalBytes + " bytes";
        }
        if (firstBytes > totalBytes || (firstBytes < totalBytes && (firstBytes & 7) != 0))
        {
            return "a first fragment of " + firstBytes + " bytes of a message of " + totalBytes;
        }
        return null;
    }

    /** Why a next fragment of {@code length} bytes cannot belong to this message, or null if it can. */
    public String malformedFragment(final int length)
    {
        if (!inProgress())
        {
            return "a fragment of " + length + " bytes with no message in progress";
        }
        if (length < 0 || length > remainingBytes() || (length < remainingBytes() && (length & 7) != 0))
        {
            return "a fragment of " + length + " bytes where " + remainingBytes() + " were missing";
        }
        return null;
    }

    /**
     * Place the next {@code length} bytes of the message, read from raw memory at {@code (srcBase, address)}.
     * Fragments must split the message at multiples of 8 bytes (whole elements of every type).
     */
    public void append(final Object srcBase, final long address, final int length)
    {
        if (direct != null)
        {
            if (directError == null)
            {
                final int scale = base.byteSize();
                Transfer.unpackRange(srcBase, address, direct.buffer, direct.offset, direct.type,
                    (int)(bytesDone / scale), length / scale);
            }
        }
        else
        {
            UnsafeApi.copyMemory(srcBase, address, buffered.data, Transfer.BYTE_ARRAY_BASE + bytesDone, length);
        }
        bytesDone += length;
        if (bytesDone == totalBytes)
        {
            finish();
        }
    }

    /** Place the next {@code length} bytes of the message from {@code buffer} at {@code index}; none: nothing. */
    public void append(final DirectBuffer buffer, final int index, final int length)
    {
        if (length > 0)
        {
            append(buffer.byteArray(), buffer.addressOffset() + index, length);
        }
    }

    /** Called when the last byte has been placed (at once for an empty message). */
    void finish()
    {
        if (direct != null)
        {
            if (directError != null)
            {
                direct.fail(directError, source, tag);
            }
            else
            {
                direct.complete(source, tag, elements);
            }
            direct = null;
        }
        else
        {
            engine.arrivalComplete(buffered);
            buffered = null;
        }
    }
}
