package io.colompi.core.pt2pt;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;

/**
 * A message that arrived before its receive was posted: either a copy of its data (eager, buffered, objects)
 * or a reference to the sender's request (rendezvous: the receiver will copy straight from the sender).
 * Pooled by the {@link Matcher}; its eager buffer grows to the largest eager message and is then reused.
 */
final class Incoming
{
    int context;
    int source;
    int tag;
    BaseType base;
    int elements;
    byte[] data = new byte[0];
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

    void envelope(final SendRequest send)
    {
        context = send.context;
        source = send.sourceRank;
        tag = send.tag;
        base = send.type.base();
        elements = send.elementCount();
        sourceWorld = send.owner.worldRank();
    }

    /** Start a message arriving in fragments from another JVM; its bytes are appended as they come. */
    void arriving(final Reassembly arrival)
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
        if (data.length < length)
        {
            data = new byte[length];
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
        final int bytes = (int)send.payloadBytes();
        if (data.length < bytes)
        {
            data = new byte[bytes];
        }
        length = Transfer.pack(send.buffer, send.offset, send.type, send.count, data, Transfer.BYTE_ARRAY_BASE);
    }

    boolean matchedBy(final RecvRequest receive)
    {
        return receive.matches(context, source, tag);
    }

    void clear(final int eagerLimit)
    {
        rendezvous = null;
        next = null;
        claimedBy = null;
        complete = true;
        synchronous = false;
        if (objects || data.length > eagerLimit)
        {
            data = new byte[0];
        }
        objects = false;
    }
}
