package io.colompi.core.pt2pt;

import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * A message arriving from another JVM, fragment by fragment, in order. A transport keeps one per sending peer
 * ({@link Arrivals}) and reuses it: {@link Engine#beginArrival} matches the envelope, then {@link #append} places each fragment's
 * bytes — straight into the posted receive's array when one matched (two copies in all: into the transport
 * and out of it), else into a buffered message that a later receive takes.
 */
public final class Reassembly
{
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

    public Reassembly(final Engine engine)
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
