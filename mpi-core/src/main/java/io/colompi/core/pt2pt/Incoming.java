package io.colompi.core.pt2pt;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.wait.CacheLinePadding;

/**
 * A message that arrived before its receive was posted: either a copy of its data (eager, buffered, objects)
 * or a reference to the sender's request (rendezvous: the receiver will copy straight from the sender).
 * Pooled by the {@link Matcher}; its own buffer grows to the largest eager message and is then reused, and a larger
 * message from another JVM borrows an array of the matcher's {@link BufferPool}.
 */
final class Incoming extends CacheLinePadding
{
    private static final byte[] EMPTY = new byte[0];

    int context;
    int source;
    int tag;
    BaseType base;
    int elements;
    /** The message's bytes: {@link #own}, an array of the pool ({@link #pooled}), or a local sender's objects. */
    byte[] data = EMPTY;
    int length;
    boolean objects;
    SendRequest rendezvous;
    Incoming next;
    /** False while fragments of a message from another JVM are still arriving. */
    boolean complete = true;
    /** The receive that matched this message before all of it arrived. */
    RecvRequest claimedBy;
    /** Synchronous send from another JVM: the sender waits for an acknowledgement of the match. */
    boolean synchronous;
    int sourceWorld;
    long messageId;
    /** This message's buffer, at most the eager limit: the largest eager message it held so far. */
    private byte[] own = EMPTY;
    private boolean pooled;

    /** The line after the fields: references, which the JVM lays out after the primitives ({@link CacheLinePadding}). */
    private Object q00, q01, q02, q03;
    private Object q04, q05, q06, q07;
    private Object q08, q09, q10, q11;
    private Object q12, q13, q14, q15;

    void envelope(final SendRequest send)
    {
        context = send.context;
        source = send.sourceRank;
        tag = send.tag;
        base = send.type.base();
        elements = send.elementCount();
        sourceWorld = send.owner.worldRank();
    }

    /**
     * Start a message arriving in fragments from another JVM; its bytes are appended as they come, into the own
     * buffer up to {@code eagerLimit} bytes, else into an array of {@code pool}.
     */
    void arriving(final Reassembly arrival, final int eagerLimit, final BufferPool pool)
    {
        context = arrival.context;
        source = arrival.source;
        tag = arrival.tag;
        base = arrival.base;
        elements = arrival.elements;
        objects = base == BaseType.OBJECT;
        synchronous = arrival.synchronous;
        sourceWorld = arrival.sourceWorld;
        messageId = arrival.messageId;
        complete = false;
        length = Math.toIntExact(arrival.totalBytes);
        if (length > eagerLimit)
        {
            data = pool.take(length);
            pooled = true;
        }
        else
        {
            data = ownOf(length);
        }
    }

    /** Take a private copy of the send's data, so the sender may complete now. */
    void copyOf(final SendRequest send)
    {
        if (send.objectBytes != null)
        {
            objects = true;
            data = send.objectBytes;
            length = data.length;
            return;
        }
        data = ownOf((int)send.payloadBytes());
        length = Transfer.pack(send.buffer, send.offset, send.type, send.count, data, Transfer.BYTE_ARRAY_BASE);
    }

    boolean matchedBy(final RecvRequest receive)
    {
        return receive.matches(context, source, tag);
    }

    /** The message was received: give its borrowed array back to {@code pool}. */
    void clear(final BufferPool pool)
    {
        if (pooled)
        {
            pool.give(data);
            pooled = false;
        }
        data = own;
        rendezvous = null;
        next = null;
        claimedBy = null;
        complete = true;
        synchronous = false;
        objects = false;
    }

    private byte[] ownOf(final int bytes)
    {
        if (own.length < bytes)
        {
            own = new byte[bytes];
        }
        return own;
    }
}
