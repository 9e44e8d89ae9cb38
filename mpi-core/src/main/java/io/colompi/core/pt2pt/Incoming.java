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

    void envelope(final SendRequest send)
    {
        context = send.context;
        source = send.sourceRank;
        tag = send.tag;
        base = send.type.base();
        elements = send.elementCount();
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
        if (objects || data.length > eagerLimit)
        {
            data = new byte[0];
        }
        objects = false;
    }
}
