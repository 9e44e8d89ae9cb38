package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.ObjectCodec;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.lang.reflect.Array;

/**
 * A communicator: point-to-point communication among a group of ranks in a private context. Each method
 * checks its arguments, describes the buffer once, and makes one engine call.
 */
public class Comm
{
    final Communicator core;
    final Engine engine;
    private boolean freed;

    Comm(final Communicator core)
    {
        this.core = core;
        this.engine = core.engine();
    }

    public int Size()
    {
        return live("Comm.Size").size();
    }

    public int Rank()
    {
        return live("Comm.Rank").rank();
    }

    /** The group of this communicator (the local group of an intercommunicator). */
    public Group Group()
    {
        return new Group(live("Comm.Group").group(), engine.worldRank());
    }

    /** {@link MPI#IDENT}, {@link MPI#CONGRUENT}, {@link MPI#SIMILAR} or {@link MPI#UNEQUAL}. */
    public static int Compare(final Comm comm1, final Comm comm2)
    {
        return Communicators.compare(comm1.live("Comm.Compare"), comm2.live("Comm.Compare"));
    }

    /** Free this communicator; later calls on it raise an error. Predefined communicators cannot be freed. */
    public void Free()
    {
        live("Comm.Free");
        if (this == MPI.COMM_WORLD || this == MPI.COMM_SELF)
        {
            throw MPI.raise(new MpiError(ErrorClass.COMM, "cannot free a predefined communicator"), "Comm.Free");
        }
        Collectives.free(core);
        freed = true;
    }

    public boolean Test_inter()
    {
        return live("Comm.Test_inter").isInter();
    }

    /**
     * Build an intercommunicator between {@code local_comm} (whose leader is {@code local_leader}) and the group
     * whose leader is {@code remote_leader} in this (peer) communicator; the leaders talk with {@code tag}.
     */
    public Intercomm Create_intercomm(final Comm local_comm, final int local_leader, final int remote_leader, final int tag)
    {
        try
        {
            return new Intercomm(Communicators.createIntercomm(
                local_comm.live("Comm.Create_intercomm"), local_leader, live("Comm.Create_intercomm"), remote_leader, tag));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Create_intercomm");
        }
    }

    /** Predefined attributes: {@link MPI#TAG_UB} (largest tag), {@link MPI#HOST}, {@link MPI#IO}. */
    public Object Attr_get(final int keyval)
    {
        live("Comm.Attr_get");
        switch (keyval)
        {
            case MPI.TAG_UB:
                return io.colompi.core.pt2pt.Peers.TAG_UB;
            case MPI.HOST:
                return MPI.PROC_NULL;
            case MPI.IO:
                return MPI.ANY_SOURCE;
            default:
                throw MPI.raise(new MpiError(ErrorClass.ARG, "unknown attribute key " + keyval +
                    " (only TAG_UB, HOST and IO exist)"), "Comm.Attr_get");
        }
    }

    /** Only predefined attributes exist, and MPI forbids deleting those: always an error. */
    public void Attr_delete(final int keyval)
    {
        throw MPI.raise(new MpiError(ErrorClass.ARG, "attribute " + keyval +
            " is predefined and cannot be deleted"), "Comm.Attr_delete");
    }

    // ---------------------------------------------------------------- blocking sends

    /** Standard send: small messages are copied and return at once, large ones wait for the receiver. */
    public void Send(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        send(buf, offset, count, datatype, dest, tag, SendMode.STANDARD, "Comm.Send");
    }

    /** Synchronous send: returns once the receiver has matched the message. */
    public void Ssend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        send(buf, offset, count, datatype, dest, tag, SendMode.SYNCHRONOUS, "Comm.Ssend");
    }

    /** Buffered send: copies into the space attached with {@code MPI.Buffer_attach} and returns. */
    public void Bsend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        new BufferedSend(this, buf, offset, count, datatype, dest, tag, "Comm.Bsend").start();
    }

    /** Ready send: the matching receive must already be posted; otherwise as {@link #Send}. */
    public void Rsend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        send(buf, offset, count, datatype, dest, tag, SendMode.READY, "Comm.Rsend");
    }

    // ---------------------------------------------------------------- nonblocking sends

    public Request Isend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return isend(buf, offset, count, datatype, dest, tag, SendMode.STANDARD, "Comm.Isend");
    }

    public Request Ibsend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return new Request(engine, new BufferedSend(this, buf, offset, count, datatype, dest, tag, "Comm.Ibsend").start());
    }

    public Request Issend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return isend(buf, offset, count, datatype, dest, tag, SendMode.SYNCHRONOUS, "Comm.Issend");
    }

    public Request Irsend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return isend(buf, offset, count, datatype, dest, tag, SendMode.READY, "Comm.Irsend");
    }

    // ---------------------------------------------------------------- receives and probes

    /** Blocking receive; {@code source} may be {@link MPI#ANY_SOURCE}, {@code tag} {@link MPI#ANY_TAG}. */
    public Status Recv(final Object buf, final int offset, final int count, final Datatype datatype, final int source, final int tag)
    {
        try
        {
            final TypeMap map = datatype.describe(buf, offset, count);
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Recv");
            if (source == MPI.PROC_NULL)
            {
                return procNullStatus();
            }
            final RecvRequest r = c.recv(buf, offset, count, map, source, tag);
            return new Status(r.source(), r.tag(), r.elements(), elementBytes(datatype), false);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Recv");
        }
    }

    public Request Irecv(final Object buf, final int offset, final int count, final Datatype datatype, final int source, final int tag)
    {
        try
        {
            final TypeMap map = datatype.describe(buf, offset, count);
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Irecv");
            if (source == MPI.PROC_NULL)
            {
                return new Request(engine, procNullStatus());
            }
            final RecvRequest r = c.newRecv(buf, offset, count, map, source, tag);
            engine.start(r);
            return new Request(engine, r, elementBytes(datatype));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Irecv");
        }
    }

    /** The envelope of a matching message if one has arrived, else null. The message stays queued. */
    public Status Iprobe(final int source, final int tag)
    {
        try
        {
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Iprobe");
            if (source == MPI.PROC_NULL)
            {
                return procNullStatus();
            }
            final ProbeStatus found = new ProbeStatus();
            return c.iprobe(source, tag, found) ? probed(found) : null;
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Iprobe");
        }
    }

    /** Wait until a matching message has arrived and return its envelope; the message stays queued. */
    public Status Probe(final int source, final int tag)
    {
        try
        {
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Probe");
            if (source == MPI.PROC_NULL)
            {
                return procNullStatus();
            }
            final ProbeStatus found = new ProbeStatus();
            c.probe(source, tag, found);
            return probed(found);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Probe");
        }
    }

    // ---------------------------------------------------------------- combined

    public Status Sendrecv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype, final int dest, final int sendtag,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int source, final int recvtag)
    {
        if (dest == MPI.PROC_NULL || source == MPI.PROC_NULL)
        {
            final Request send = Isend(sendbuf, sendoffset, sendcount, sendtype, dest, sendtag);
            final Status status = Recv(recvbuf, recvoffset, recvcount, recvtype, source, recvtag);
            send.Wait();
            return status;
        }
        try
        {
            final TypeMap sendMap = sendtype.describe(sendbuf, sendoffset, sendcount);
            final TypeMap recvMap = recvtype.describe(recvbuf, recvoffset, recvcount);
            checkSendTag(sendtag);
            checkReceiveTag(recvtag);
            // one blocking call with the thread's reused requests: the Status is the only object a call allocates
            final RecvRequest r = live("Comm.Sendrecv").sendrecv(sendbuf, sendoffset, sendcount, sendMap, dest, sendtag,
                recvbuf, recvoffset, recvcount, recvMap, source, recvtag);
            return new Status(r.source(), r.tag(), r.elements(), elementBytes(recvtype), false);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Sendrecv");
        }
    }

    /** Send the buffer's contents and receive into the same buffer. */
    public Status Sendrecv_replace(
        final Object buf, final int offset, final int count, final Datatype datatype,
        final int dest, final int sendtag, final int source, final int recvtag)
    {
        final TypeMap map;
        try
        {
            map = datatype.describe(buf, offset, count);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Sendrecv_replace");
        }
        final int elements = count * map.size();
        final Object copy = map.base() == BaseType.OBJECT ? new Object[elements] : Array.newInstance(
            map.base().arrayClass().getComponentType(), elements);
        final TypeMap dense = TypeMap.basic(map.base());
        Transfer.copy(buf, offset, map, copy, 0, dense, elements);
        final Datatype denseType = new Datatype(dense, null);
        final Request send = Isend(copy, 0, elements, denseType, dest, sendtag);
        final Status status = Recv(buf, offset, count, datatype, source, recvtag);
        send.Wait();
        return status;
    }

    // ---------------------------------------------------------------- persistent requests

    public Prequest Send_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return sendInit(buf, offset, count, datatype, dest, tag, SendMode.STANDARD, "Comm.Send_init");
    }

    public Prequest Ssend_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return sendInit(buf, offset, count, datatype, dest, tag, SendMode.SYNCHRONOUS, "Comm.Ssend_init");
    }

    public Prequest Rsend_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return sendInit(buf, offset, count, datatype, dest, tag, SendMode.READY, "Comm.Rsend_init");
    }

    public Prequest Bsend_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        try
        {
            datatype.describe(buf, offset, count);
            checkSendTag(tag);
            live("Comm.Bsend_init");
            return new Prequest(engine, null, 0, new BufferedSend(this, buf, offset, count, datatype, dest, tag, "Prequest.Start"));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Bsend_init");
        }
    }

    public Prequest Recv_init(final Object buf, final int offset, final int count, final Datatype datatype, final int source, final int tag)
    {
        try
        {
            final TypeMap map = datatype.describe(buf, offset, count);
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Recv_init");
            if (source == MPI.PROC_NULL)
            {
                return new Prequest(engine, procNullStatus());
            }
            return new Prequest(engine, c.newRecv(buf, offset, count, map, source, tag), elementBytes(datatype), null);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Recv_init");
        }
    }

    // ---------------------------------------------------------------- packing (mpiJava 1.2, over byte[])

    /** Bytes that {@code Pack} needs for {@code incount} items; not defined for {@code MPI.OBJECT}. */
    public int Pack_size(final int incount, final Datatype datatype)
    {
        live("Comm.Pack_size");
        final TypeMap map;
        try
        {
            map = datatype.data();
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Pack_size");
        }
        if (map.base() == BaseType.OBJECT)
        {
            throw MPI.raise(new MpiError(ErrorClass.TYPE,
                "Pack_size is not defined for MPI.OBJECT: its size is known only once serialized"), "Comm.Pack_size");
        }
        if (incount < 0)
        {
            throw MPI.raise(new MpiError(ErrorClass.COUNT, "count must not be negative: " + incount), "Comm.Pack_size");
        }
        return Math.toIntExact(map.packedBytes(incount));
    }

    /** Pack {@code incount} items into {@code outbuf} at {@code position}; returns the position after them. */
    public int Pack(final Object inbuf, final int offset, final int incount, final Datatype datatype,
        final byte[] outbuf, final int position)
    {
        try
        {
            final TypeMap map = datatype.describe(inbuf, offset, incount);
            live("Comm.Pack");
            if (map.base() == BaseType.OBJECT)
            {
                final byte[] bytes = ObjectCodec.serialize((Object[])inbuf, offset, map, incount);
                checkRoom(outbuf, position, 4L + bytes.length);
                java.nio.ByteBuffer.wrap(outbuf, position, 4).putInt(bytes.length);
                System.arraycopy(bytes, 0, outbuf, position + 4, bytes.length);
                return position + 4 + bytes.length;
            }
            checkRoom(outbuf, position, map.packedBytes(incount));
            return position + Transfer.pack(inbuf, offset, map, incount, outbuf, Transfer.BYTE_ARRAY_BASE + position);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Pack");
        }
    }

    /** Unpack {@code outcount} items from {@code inbuf} at {@code position}; returns the position after them. */
    public int Unpack(final byte[] inbuf, final int position, final Object outbuf, final int offset, final int outcount,
        final Datatype datatype)
    {
        try
        {
            final TypeMap map = datatype.describe(outbuf, offset, outcount);
            live("Comm.Unpack");
            if (map.base() == BaseType.OBJECT)
            {
                checkRoom(inbuf, position, 4);
                final int length = java.nio.ByteBuffer.wrap(inbuf, position, 4).getInt();
                checkRoom(inbuf, position + 4, length);
                final byte[] bytes = java.util.Arrays.copyOfRange(inbuf, position + 4, position + 4 + length);
                ObjectCodec.deserialize(bytes, length, outcount * map.size(), (Object[])outbuf, offset, map,
                    engine.classLoader());
                return position + 4 + length;
            }
            final long bytes = map.packedBytes(outcount);
            checkRoom(inbuf, position, bytes);
            Transfer.unpack(inbuf, Transfer.BYTE_ARRAY_BASE + position, outcount * map.size(), outbuf, offset, map);
            return position + (int)bytes;
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Unpack");
        }
    }

    // ---------------------------------------------------------------- misc

    /** {@link MPI#UNDEFINED} for a communicator without topology. */
    public int Topo_test()
    {
        live("Comm.Topo_test");
        return MPI.UNDEFINED;
    }

    /** End the whole job with {@code errorcode} as its exit status. Does not return. */
    public void Abort(final int errorcode)
    {
        engine.abort(errorcode, null);
        throw new JobAbortedException("rank " + engine.worldRank() + " called Abort(" + errorcode + ")");
    }

    /** A duplicate: same group, new context. */
    @Override
    public Object clone()
    {
        try
        {
            return wrap(Communicators.dup(live("Comm.clone")));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.clone");
        }
    }

    /** Wrap a core communicator in the facade class matching its kind. */
    static Comm wrap(final Communicator communicator)
    {
        if (communicator == null)
        {
            return null;
        }
        return communicator.isInter() ? new Intercomm(communicator) : new Intracomm(communicator);
    }

    Communicator live(final String call)
    {
        if (freed)
        {
            throw MPI.raise(new MpiError(ErrorClass.COMM, "communicator was freed"), call);
        }
        return core;
    }

    Status procNullStatus()
    {
        return new Status(MPI.PROC_NULL, MPI.ANY_TAG, 0, 0, false);
    }

    private Status probed(final ProbeStatus found)
    {
        return new Status(found.source, found.tag, found.elements, found.base.byteSize(), false);
    }

    private void send(final Object buf, final int offset, final int count, final Datatype datatype, final int dest,
        final int tag, final SendMode mode, final String call)
    {
        try
        {
            final TypeMap map = datatype.describe(buf, offset, count);
            checkSendTag(tag);
            live(call).send(buf, offset, count, map, dest, tag, mode);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    private Request isend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest,
        final int tag, final SendMode mode, final String call)
    {
        try
        {
            final TypeMap map = datatype.describe(buf, offset, count);
            checkSendTag(tag);
            final Communicator c = live(call);
            if (dest == MPI.PROC_NULL)
            {
                return new Request(engine, procNullStatus());
            }
            final SendRequest s = c.newSend(buf, offset, count, map, dest, tag, mode);
            engine.start(s);
            return new Request(engine, s, elementBytes(datatype));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    private Prequest sendInit(final Object buf, final int offset, final int count, final Datatype datatype, final int dest,
        final int tag, final SendMode mode, final String call)
    {
        try
        {
            final TypeMap map = datatype.describe(buf, offset, count);
            checkSendTag(tag);
            final Communicator c = live(call);
            if (dest == MPI.PROC_NULL)
            {
                return new Prequest(engine, procNullStatus());
            }
            return new Prequest(engine, c.newSend(buf, offset, count, map, dest, tag, mode), elementBytes(datatype), null);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    static int elementBytes(final Datatype datatype)
    {
        return datatype.map.base().byteSize();
    }

    static void checkSendTag(final int tag)
    {
        if (tag < 0)
        {
            throw new MpiError(ErrorClass.TAG, "invalid tag " + tag + ": send tags must be 0.." + MPI.TAG_UB_VALUE);
        }
    }

    static void checkReceiveTag(final int tag)
    {
        if (tag < 0 && tag != MPI.ANY_TAG)
        {
            throw new MpiError(ErrorClass.TAG, "invalid tag " + tag + ": receive tags must be 0.." +
                MPI.TAG_UB_VALUE + " or MPI.ANY_TAG");
        }
    }

    private static void checkRoom(final byte[] buffer, final int position, final long bytes)
    {
        if (position < 0 || position + bytes > buffer.length)
        {
            throw new MpiError(ErrorClass.TRUNCATE, "packing " + bytes + " bytes at position " + position +
                " overruns a buffer of " + buffer.length + " bytes");
        }
    }

    /** A buffered send: copy out of the user's array, reserve attached space, send from the copy. */
    static final class BufferedSend
    {
        private final Comm comm;
        private final Object buf;
        private final int offset;
        private final int count;
        private final Datatype datatype;
        private final int dest;
        private final int tag;
        private final String call;

        BufferedSend(final Comm comm, final Object buf, final int offset, final int count, final Datatype datatype,
            final int dest, final int tag, final String call)
        {
            this.comm = comm;
            this.buf = buf;
            this.offset = offset;
            this.count = count;
            this.datatype = datatype;
            this.dest = dest;
            this.tag = tag;
            this.call = call;
        }

        /** Copy and send now; returns the (already final) status of the buffered send. */
        Status start()
        {
            try
            {
                final TypeMap map = datatype.describe(buf, offset, count);
                checkSendTag(tag);
                final Communicator c = comm.live(call);
                if (dest == MPI.PROC_NULL)
                {
                    return comm.procNullStatus();
                }
                final int elements = count * map.size();
                final BaseType base = map.base();
                final Object copy = base == BaseType.OBJECT ? new Object[elements] :
                    Array.newInstance(base.arrayClass().getComponentType(), elements);
                final TypeMap dense = TypeMap.basic(base);
                Transfer.copy(buf, offset, map, copy, 0, dense, elements);
                final SendRequest send = c.newSend(copy, 0, elements, dense, dest, tag, SendMode.STANDARD);
                MPI.bsendBuffer().reserve(base == BaseType.OBJECT ? 8L * elements : map.packedBytes(count), send);
                comm.engine.start(send);
                return new Status(c.rank(), tag, elements, base.byteSize(), false);
            }
            catch (final MpiError e)
            {
                throw MPI.raise(e, call);
            }
        }
    }
}
