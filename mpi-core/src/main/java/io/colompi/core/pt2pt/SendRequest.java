package io.colompi.core.pt2pt;

import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.ObjectCodec;
import io.colompi.core.type.TypeMap;

/** A send: its envelope and the sender's buffer, which a rendezvous receiver copies from directly. */
public final class SendRequest extends Request
{
    int context;
    int sourceRank;
    int tag;
    int destWorld;
    Object buffer;
    int offset;
    int count;
    TypeMap type;
    SendMode mode;
    /** Serialized elements when the base type is OBJECT (objects travel by value). */
    byte[] objectBytes;

    SendRequest(final Engine owner)
    {
        super(owner);
    }

    void set(
        final int context, final int sourceRank, final int destWorld, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type, final SendMode mode)
    {
        this.context = context;
        this.sourceRank = sourceRank;
        this.destWorld = destWorld;
        this.tag = tag;
        this.buffer = buffer;
        this.offset = offset;
        this.count = count;
        this.type = type;
        this.mode = mode;
    }

    /** Take the data as it is now: objects are serialized at the start of every send, persistent ones too. */
    void prepare()
    {
        objectBytes = type.base() == BaseType.OBJECT ? ObjectCodec.serialize((Object[])buffer, offset, type, count) : null;
    }

    public int context()
    {
        return context;
    }

    public int envelopeTag()
    {
        return tag;
    }

    public int destWorld()
    {
        return destWorld;
    }

    public Object buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int count()
    {
        return count;
    }

    public TypeMap type()
    {
        return type;
    }

    public SendMode mode()
    {
        return mode;
    }

    /** Base elements this send carries. */
    public int elementCount()
    {
        return count * type.size();
    }

    /** Bytes this send puts on a transport (serialized size for objects). */
    public long payloadBytes()
    {
        return objectBytes != null ? objectBytes.length : type.packedBytes(count);
    }

    public byte[] objectBytes()
    {
        return objectBytes;
    }

    /** Mark the send done from a transport (eager copy taken, or receiver has copied). */
    public void completeSend()
    {
        complete(sourceRank, tag, elementCount());
    }

    /** Fail the send from a transport that can no longer deliver it (e.g. its network publication closed). */
    public void failSend(final MpiError failure)
    {
        fail(failure, sourceRank, tag);
    }
}
