package io.colompi.core.pt2pt;

import io.colompi.core.type.TypeMap;

/** A posted receive: what it matches (context, source, tag; wildcards allowed) and where the data goes. */
public final class RecvRequest extends Request
{
    int context;
    int source;
    int tag;
    Object buffer;
    int offset;
    int count;
    TypeMap type;
    /** Next in the posted-receive queue. */
    RecvRequest next;
    boolean posted;
    /** World rank of the matched sender (the trace's peer); -1 until matched. */
    int sourceWorld = -1;

    RecvRequest(final Engine owner)
    {
        super(owner);
    }

    void set(
        final int context, final int source, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type)
    {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.buffer = buffer;
        this.offset = offset;
        this.count = count;
        this.type = type;
    }

    boolean matches(final int msgContext, final int msgSource, final int msgTag)
    {
        return context == msgContext &&
            (source == Peers.ANY_SOURCE || source == msgSource) &&
            (tag == Peers.ANY_TAG || tag == msgTag);
    }

    public TypeMap type()
    {
        return type;
    }
}
