package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.coll.Duplication;
import io.colompi.core.coll.NeighbourCollectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.Neighbourhood;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.trace.Call;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.ObjectCodec;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.function.Supplier;

/**
 * A communicator: point-to-point communication among a group of ranks in a private context. Each method
 * checks its arguments, describes the buffer once, and makes one engine call.
 */
public class Comm
{
    /** {@code splitType}'s one type: the ranks of a node ({@link MPI#COMM_TYPE_SHARED}). */
    public static final int TYPE_SHARED = MPI.COMM_TYPE_SHARED;

    /** Null for a null communicator, and until the {@link #duplication} that makes this one has completed. */
    Communicator core;
    final Engine engine;
    /** Made by the first neighbourhood collective: a rank's neighbours never change. */
    Neighbourhood neighbourhood;
    /** The staging of this communicator's blocking collectives, kept from call to call. */
    private Staging blockingStaging;
    /** The nonblocking duplication ({@link #iDup}) that makes this communicator, while it is in flight. */
    Duplication duplication;
    /** Open MPI's {@link #getRequest}: the request of the {@code iDup} that made this communicator. */
    private Request request;
    private boolean freed;

    Comm(final Communicator core)
    {
        this.core = core;
        // a null communicator has this rank's engine too: its calls fail in live(), not on a null engine
        this.engine = core == null ? MPI.engine : core.engine();
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
        return Communicators.compare(live(comm1, "Comm.Compare"), live(comm2, "Comm.Compare"));
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
        final String call = "Comm.Create_intercomm";
        return making(call, () -> new Intercomm(Communicators.createIntercomm(live(local_comm, call), local_leader,
            live(call), remote_leader, tag)));
    }

    /**
     * Predefined attributes: {@link MPI#TAG_UB} (largest tag), {@link MPI#HOST}, {@link MPI#IO},
     * {@link MPI#WTIME_IS_GLOBAL}, {@link MPI#APPNUM}, {@link MPI#LASTUSEDCODE}, {@link MPI#UNIVERSE_SIZE}.
     */
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
            case MPI.WTIME_IS_GLOBAL:
            case MPI.APPNUM:
                return 0;
            case MPI.LASTUSEDCODE:
                return MPI.ERR_LASTCODE;
            case MPI.UNIVERSE_SIZE:
                return engine.worldSize();
            default:
                throw MPI.raise(new MpiError(ErrorClass.ARG, "unknown attribute key " + keyval +
                    " (only TAG_UB, HOST, IO, WTIME_IS_GLOBAL, APPNUM, LASTUSEDCODE and UNIVERSE_SIZE exist)"),
                    "Comm.Attr_get");
        }
    }

    /** Whether {@code keyval} is one of the predefined keys {@link #Attr_get} answers. */
    private static boolean predefined(final int keyval)
    {
        return keyval >= MPI.TAG_UB && keyval <= MPI.UNIVERSE_SIZE;
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
        transmit(buf, offset, count, datatype, dest, tag, SendMode.STANDARD, "Comm.Send");
    }

    /** Synchronous send: returns once the receiver has matched the message. */
    public void Ssend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        transmit(buf, offset, count, datatype, dest, tag, SendMode.SYNCHRONOUS, "Comm.Ssend");
    }

    /** Buffered send: copies into the space attached with {@code MPI.Buffer_attach} and returns. */
    public void Bsend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        new BufferedSend(this, buf, offset, count, datatype, dest, tag, "Comm.Bsend").start();
    }

    /** Ready send: the matching receive must already be posted; otherwise as {@link #Send}. */
    public void Rsend(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        transmit(buf, offset, count, datatype, dest, tag, SendMode.READY, "Comm.Rsend");
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
    public Status Recv(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int source, final int tag)
    {
        // kept small, as Sendrecv, so that it inlines: a caller that drops the Status then allocates nothing
        final RecvRequest r = blockingRecv(buffer, bufferOffset, count, datatype, source, tag);
        if (r == null)
        {
            return procNullStatus();
        }
        final Status status = new Status(r.source(), r.tag(), r.elements(), elementBytes(datatype), false);
        status.zeroSizeItems = datatype.zeroSize() ? count : 0;
        return status;
    }

    /** The receive of {@link #Recv}: the thread's reused request, null from {@link MPI#PROC_NULL}. */
    RecvRequest blockingRecv(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int source, final int tag)
    {
        final Object buf = Packed.array(buffer);
        final int offset = Packed.offset(buffer, bufferOffset);
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Recv");
            return source == MPI.PROC_NULL ? null : c.recv(buf, offset, datatype.items(count), map, source, tag);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Recv");
        }
    }

    public Request Irecv(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int source, final int tag)
    {
        final Object buf = Packed.array(buffer);
        final int offset = Packed.offset(buffer, bufferOffset);
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Irecv");
            if (source == MPI.PROC_NULL)
            {
                return new Request(engine, procNullStatus());
            }
            final RecvRequest r = c.newRecv(buf, offset, datatype.items(count), map, source, tag);
            engine.irecv(r);
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
        // kept this small so that it inlines: a caller that drops the Status then allocates nothing
        final RecvRequest r = blockingSendrecv(sendbuf, sendoffset, sendcount, sendtype, dest, sendtag,
            recvbuf, recvoffset, recvcount, recvtype, source, recvtag);
        return r == null ? procNullStatus() : new Status(r.source(), r.tag(), r.elements(), elementBytes(recvtype), false);
    }

    // package-private: a private member naming a core type breaks the rule of package-info (MpiSignaturesTest)
    RecvRequest blockingSendrecv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype, final int dest, final int sendtag,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int source, final int recvtag)
    {
        try
        {
            final TypeMap sendMap = Datatype.given(sendtype).describe(sendbuf, sendoffset, sendcount);
            final TypeMap recvMap = Datatype.given(recvtype).describe(recvbuf, recvoffset, recvcount);
            checkSendTag(sendtag);
            checkReceiveTag(recvtag);
            // one blocking call with the thread's reused requests, traced by the engine as one record
            return live("Comm.Sendrecv").sendrecv(sendbuf, sendoffset, sendtype.items(sendcount), sendMap,
                dest, sendtag, recvbuf, recvoffset, recvtype.items(recvcount), recvMap, source, recvtag);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Sendrecv");
        }
    }

    /** Send the buffer's contents and receive into the same buffer: one {@code Sendrecv} from a copy of them. */
    public Status Sendrecv_replace(
        final Object buf, final int offset, final int count, final Datatype datatype,
        final int dest, final int sendtag, final int source, final int recvtag)
    {
        final String call = "Comm.Sendrecv_replace";
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkSendTag(sendtag);
            checkReceiveTag(recvtag);
            final int items = datatype.items(count);
            final int elements = items * map.size();
            final TypeMap dense = TypeMap.dense(map.base());
            final Object copy = map.base().newArray(elements);
            Transfer.copy(buf, offset, map, copy, 0, dense, elements);
            final RecvRequest r = live(call).sendrecv(copy, 0, elements, dense, dest, sendtag, buf, offset, items, map,
                source, recvtag);
            return r == null ? procNullStatus() : new Status(r.source(), r.tag(), r.elements(), elementBytes(datatype),
                false);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    // ---------------------------------------------------------------- persistent requests

    public Prequest Send_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return persistentSend(buf, offset, count, datatype, dest, tag, SendMode.STANDARD, "Comm.Send_init");
    }

    public Prequest Ssend_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return persistentSend(buf, offset, count, datatype, dest, tag, SendMode.SYNCHRONOUS, "Comm.Ssend_init");
    }

    public Prequest Rsend_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        return persistentSend(buf, offset, count, datatype, dest, tag, SendMode.READY, "Comm.Rsend_init");
    }

    public Prequest Bsend_init(final Object buf, final int offset, final int count, final Datatype datatype, final int dest, final int tag)
    {
        try
        {
            Datatype.given(datatype).describe(buf, offset, count);
            checkSendTag(tag);
            live("Comm.Bsend_init");
            return new Prequest(engine, null, 0, new BufferedSend(this, buf, offset, count, datatype, dest, tag, "Prequest.Start"));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Bsend_init");
        }
    }

    public Prequest Recv_init(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int source, final int tag)
    {
        final Object buf = Packed.array(buffer);
        final int offset = Packed.offset(buffer, bufferOffset);
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkReceiveTag(tag);
            final Communicator c = live("Comm.Recv_init");
            if (source == MPI.PROC_NULL)
            {
                return new Prequest(engine, procNullStatus());
            }
            return new Prequest(engine, c.newRecv(buf, offset, datatype.items(count), map, source, tag), elementBytes(datatype), null);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Recv_init");
        }
    }

    // ---------------------------------------------------------------- packing (mpiJava 1.2 over byte[], MPJ Express over mpjbuf.Buffer)

    /** Bytes that {@code Pack} needs for {@code incount} items; not defined for {@code MPI.OBJECT}. */
    public int Pack_size(final int incount, final Datatype datatype)
    {
        live("Comm.Pack_size");
        try
        {
            final TypeMap map = Datatype.given(datatype).data();
            if (map.base() == BaseType.OBJECT)
            {
                throw new MpiError(ErrorClass.TYPE,
                    "Pack_size is not defined for MPI.OBJECT: its size is known only once serialized");
            }
            if (incount < 0)
            {
                throw new MpiError(ErrorClass.COUNT, "count must not be negative: " + incount);
            }
            final long bytes = map.packedBytes(incount);
            if (bytes > Integer.MAX_VALUE)
            {
                throw new MpiError(ErrorClass.COUNT, incount + " items of " + datatype + " pack into " + bytes +
                    " bytes, more than a byte[] holds");
            }
            return (int)bytes;
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Comm.Pack_size");
        }
    }

    /** Pack {@code incount} items into {@code outbuf} at {@code position}; returns the position after them. */
    public int Pack(final Object inbuf, final int offset, final int incount, final Datatype datatype,
        final byte[] outbuf, final int position)
    {
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(inbuf, offset, incount);
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
            final TypeMap map = Datatype.given(datatype).describe(outbuf, offset, outcount);
            Memory.checkBuffer(map.base(), outbuf, outcount, true);
            live("Comm.Unpack");
            if (map.base() == BaseType.OBJECT)
            {
                checkRoom(inbuf, position, 4);
                final int length = java.nio.ByteBuffer.wrap(inbuf, position, 4).getInt();
                if (length < 0)
                {
                    throw new MpiError(ErrorClass.TYPE, "no MPI.OBJECT data packed at position " + position +
                        ": its length reads " + length);
                }
                checkRoom(inbuf, position + 4, length);
                final byte[] bytes = java.util.Arrays.copyOfRange(inbuf, position + 4, position + 4 + length);
                ObjectCodec.deserialize(bytes, length, outcount * map.size(), (Object[])outbuf, offset, map,
                    engine.classLoader(), engine.objectFilter());
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

    /** {@code Pack} into an MPJ Express {@link mpjbuf.Buffer}; positions count from the start of its region. */
    public int Pack(final Object inbuf, final int offset, final int incount, final Datatype datatype,
        final mpjbuf.Buffer outbuf, final int position)
    {
        final int start = outbuf.arrayOffset();
        return Pack(inbuf, offset, incount, datatype, outbuf.array(), start + position) - start;
    }

    /** {@code Unpack} from an MPJ Express {@link mpjbuf.Buffer}; positions count from the start of its region. */
    public int Unpack(final mpjbuf.Buffer inbuf, final int position, final Object outbuf, final int offset,
        final int outcount, final Datatype datatype)
    {
        final int start = inbuf.arrayOffset();
        return Unpack(inbuf.array(), start + position, outbuf, offset, outcount, datatype) - start;
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
        throw engine.abortAndUnwind(errorcode, null);
    }

    /** A duplicate: same group, new context. */
    @Override
    public Comm clone()
    {
        return making("Comm.clone", () -> wrap(Communicators.dup(live("Comm.clone"))));
    }

    /**
     * {@code operation}, a call that makes a communicator out of this one: its errors named after it, and in a traced
     * job one record of {@code call}, the messages it exchanged inside it.
     */
    <T> T making(final String call, final Supplier<T> operation)
    {
        final Communicator c = core;
        return Calls.call(MPI.started(call), c == null ? -1 : c.context(), call, operation);
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

    /** {@code comm}'s live core communicator: a null one is MPI_COMM_NULL's {@code ERR_COMM}. */
    static Communicator live(final Comm comm, final String call)
    {
        if (comm == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.COMM, "null communicator"), call);
        }
        return comm.live(call);
    }

    Communicator live(final String call)
    {
        MPI.started(call);
        final Communicator c = core;
        return c == null || freed ? unusable(call) : c;
    }

    /** A communicator whose iDup has completed since; else the error of using a freed, null or unfinished one. */
    Communicator unusable(final String call)
    {
        if (!freed && duplication != null)
        {
            final Communicator made;
            try
            {
                made = duplication.result();
            }
            catch (final MpiError e)
            {
                throw MPI.raise(e, call);
            }
            if (made == null)
            {
                throw MPI.raise(new MpiError(ErrorClass.COMM, "the iDup that makes this communicator has not " +
                    "completed: wait for its getRequest() first"), call);
            }
            core = made;
            duplication = null;
            return made;
        }
        throw MPI.raise(new MpiError(ErrorClass.COMM, freed ? "communicator was freed" : "null communicator"), call);
    }

    /**
     * {@code made} (a null communicator of this one's class) becomes this one's duplicate, made without waiting: its
     * {@link #getRequest()} completes once this rank knows its context; using it earlier is an error.
     */
    final <T extends Comm> T duplicating(final T made, final String call)
    {
        final Comm duplicate = made;
        try
        {
            duplicate.duplication = Duplication.start(live(call));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
        duplicate.request = new CollectiveRequest(engine, duplicate.duplication.request());
        return made;
    }

    Status procNullStatus()
    {
        return new Status(MPI.PROC_NULL, MPI.ANY_TAG, 0, 0, false);
    }

    Status probed(final ProbeStatus found)
    {
        return new Status(found.source, found.tag, found.elements, found.base.byteSize(), false);
    }

    // Not named send/sendInit: Open MPI's public send and sendInit would share the name (see package-info).
    void transmit(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int dest,
        final int tag, final SendMode mode, final String call)
    {
        final Object buf = Packed.array(buffer);
        final int offset = Packed.offset(buffer, bufferOffset);
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkSendTag(tag);
            live(call).send(buf, offset, datatype.items(count), map, dest, tag, mode);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    Request isend(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int dest,
        final int tag, final SendMode mode, final String call)
    {
        final Object buf = Packed.array(buffer);
        final int offset = Packed.offset(buffer, bufferOffset);
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkSendTag(tag);
            final Communicator c = live(call);
            if (dest == MPI.PROC_NULL)
            {
                return new Request(engine, procNullStatus());
            }
            final SendRequest s = c.newSend(buf, offset, datatype.items(count), map, dest, tag, mode);
            engine.isend(s);
            return new Request(engine, s, elementBytes(datatype));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    Prequest persistentSend(final Object buffer, final int bufferOffset, final int count, final Datatype datatype, final int dest,
        final int tag, final SendMode mode, final String call)
    {
        final Object buf = Packed.array(buffer);
        final int offset = Packed.offset(buffer, bufferOffset);
        try
        {
            final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
            checkSendTag(tag);
            final Communicator c = live(call);
            if (dest == MPI.PROC_NULL)
            {
                return new Prequest(engine, procNullStatus());
            }
            return new Prequest(engine, c.newSend(buf, offset, datatype.items(count), map, dest, tag, mode), elementBytes(datatype), null);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    static int elementBytes(final Datatype datatype)
    {
        return datatype.getByteSize();
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
        MpiError.nonNull(buffer, ErrorClass.BUFFER, "packing buffer");
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
                final TypeMap map = Datatype.given(datatype).describe(buf, offset, count);
                checkSendTag(tag);
                final Communicator c = comm.live(call);
                if (dest == MPI.PROC_NULL)
                {
                    return comm.procNullStatus();
                }
                final int elements = count * map.size();
                final BaseType base = map.base();
                final Object copy = base.newArray(elements);
                final TypeMap dense = TypeMap.dense(base);
                Transfer.copy(buf, offset, map, copy, 0, dense, elements);
                final SendRequest send = c.newSend(copy, 0, elements, dense, dest, tag, SendMode.STANDARD);
                MPI.bsendBuffer().reserve(base == BaseType.OBJECT ? 8L * elements : map.packedBytes(count), send);
                comm.engine.isend(send, Call.named(call));
                return new Status(c.rank(), tag, elements, base.byteSize(), false);
            }
            catch (final MpiError e)
            {
                throw MPI.raise(e, call);
            }
        }
    }

    // Open MPI Java bindings API
    //
    // Open MPI's (and MVAPICH2-J's) names for the same operations: counts in items, no offset argument (a buffer
    // starts at its element 0: MPI.slice makes one that starts further on), arrays or java.nio buffers, direct
    // or heap, wherever a buffer goes. The collectives live here, as in Open MPI, not only in Intracomm.

    /** Number of processes in the group of this communicator. */
    public int getSize()
    {
        return Size();
    }

    /** This process's rank in the communicator. */
    public int getRank()
    {
        return Rank();
    }

    /** The group of this communicator. */
    public Group getGroup()
    {
        return Group();
    }

    /** {@link MPI#IDENT}, {@link MPI#CONGRUENT}, {@link MPI#SIMILAR} or {@link MPI#UNEQUAL}. */
    public static int compare(final Comm comm1, final Comm comm2)
    {
        return Compare(comm1, comm2);
    }

    /** Whether this is an intercommunicator. */
    public boolean isInter()
    {
        return Test_inter();
    }

    /** Whether this is a null communicator: one a split left out, or one freed (Open MPI sets a freed one to null). */
    public boolean isNull()
    {
        return freed || core == null && duplication == null;
    }

    /** A duplicate: same group, new context. */
    public Comm dup()
    {
        return clone();
    }

    /**
     * An intercommunicator between {@code localComm} and the group whose leader has rank {@code remoteLeader} in this
     * (peer) communicator.
     */
    public Intercomm createIntercomm(final Comm localComm, final int localLeader, final int remoteLeader, final int tag)
    {
        return Create_intercomm(localComm, localLeader, remoteLeader, tag);
    }

    /** {@code MPI_COMM_SET_INFO}: colompi takes no communicator hints (MPI allows it to ignore them). */
    public void setInfo(final Info info)
    {
        live("Comm.setInfo");
    }

    /** {@code MPI_COMM_GET_INFO}: the hints in use, none. */
    public Info getInfo()
    {
        live("Comm.getInfo");
        return new Info();
    }

    /**
     * {@code MPI_COMM_DISCONNECT}: free this communicator, as {@link #free} does (its pending messages still arrive);
     * the groups a port connected ({@link Intracomm#connect}) are of one job, which no disconnection ends.
     */
    public void disconnect()
    {
        Free();
    }

    /** {@link #dup}: colompi has no communicator hints, so {@code info} is ignored (MPI allows it). */
    public Comm dupWithInfo(final Info info)
    {
        return dup();
    }

    /**
     * A duplicate made without waiting for the other ranks (a nonblocking collective): usable once its
     * {@link #getRequest()} has completed.
     */
    public Comm iDup()
    {
        return duplicating(new Comm(null), "Comm.iDup");
    }

    /** The request of the {@link #iDup} that made this communicator; null for one made otherwise. */
    public final Request getRequest()
    {
        return request;
    }

    /** Free this communicator. */
    public void free()
    {
        Free();
    }

    /** {@link MPI#CART}, {@link MPI#GRAPH} or {@link MPI#UNDEFINED}. */
    public int getTopology()
    {
        return Topo_test();
    }

    /** End the whole job with {@code errorcode} as its exit status. */
    public void abort(final int errorcode)
    {
        Abort(errorcode);
    }

    public void setName(final String name)
    {
        live("Comm.setName");
        Attributes.of(this).name = name;
    }

    /** The name given by {@link #setName}; {@code MPI_COMM_WORLD}, {@code MPI_COMM_SELF} or empty by default. */
    public String getName()
    {
        live("Comm.getName");
        final String name = Attributes.of(this).name;
        if (name != null)
        {
            return name;
        }
        return this == MPI.COMM_WORLD ? "MPI_COMM_WORLD" : this == MPI.COMM_SELF ? "MPI_COMM_SELF" : "";
    }

    /** A new attribute key for {@link #setAttr}. */
    public static int createKeyval()
    {
        MPI.started("Comm.createKeyval");
        return Attributes.createKeyval();
    }

    public static void freeKeyval(final int keyval)
    {
        MPI.started("Comm.freeKeyval");
        Attributes.freeKeyval(keyval);
    }

    /** Attach {@code value} to this communicator under {@code keyval} (from {@link #createKeyval}). */
    public void setAttr(final int keyval, final Object value)
    {
        live("Comm.setAttr");
        Attributes.of(this).set(keyval, value, "Comm.setAttr");
    }

    /** The value under {@code keyval}: a predefined attribute ({@code MPI.TAG_UB}, ...), a user one, or null. */
    public Object getAttr(final int keyval)
    {
        live("Comm.getAttr");
        if (predefined(keyval))
        {
            return Attr_get(keyval);
        }
        return Attributes.of(this).get(keyval, "Comm.getAttr");
    }

    public void deleteAttr(final int keyval)
    {
        live("Comm.deleteAttr");
        Attributes.of(this).delete(keyval, "Comm.deleteAttr");
    }

    /** Choose what errors do: {@code MPI.ERRORS_ARE_FATAL} or {@code MPI.ERRORS_RETURN} (for the whole rank). */
    public void setErrhandler(final Errhandler handler)
    {
        live("Comm.setErrhandler");
        MPI.Errorhandler_set(handler);
    }

    public Errhandler getErrhandler()
    {
        live("Comm.getErrhandler");
        return MPI.Errorhandler_get();
    }

    /** Invoke the rank's error handler on {@code errorCode}: ERRORS_RETURN returns, ERRORS_ARE_FATAL ends the job. */
    public void callErrhandler(final int errorCode)
    {
        MPI.callErrhandler(errorCode, "Comm.callErrhandler");
    }

    // ---------------------------------------------------------------- Open MPI: point-to-point

    /** Standard send of {@code count} items of {@code type} from {@code buf} (an array or a nio buffer). */
    public void send(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        transmit(buf, 0, count, type, dest, tag, SendMode.STANDARD, "Comm.send");
    }

    public void sSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        transmit(buf, 0, count, type, dest, tag, SendMode.SYNCHRONOUS, "Comm.sSend");
    }

    public void rSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        transmit(buf, 0, count, type, dest, tag, SendMode.READY, "Comm.rSend");
    }

    public void bSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        new BufferedSend(this, buf, 0, count, type, dest, tag, "Comm.bSend").start();
    }

    /** Blocking receive of up to {@code count} items of {@code type}. */
    public Status recv(final Object buf, final int count, final Datatype type, final int source, final int tag)
    {
        return Recv(buf, 0, count, type, source, tag);
    }

    /** Nonblocking send; Open MPI wants a direct buffer here, colompi takes any buffer or an array. */
    public Request iSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return isend(buf, 0, count, type, dest, tag, SendMode.STANDARD, "Comm.iSend");
    }

    public Request isSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return isend(buf, 0, count, type, dest, tag, SendMode.SYNCHRONOUS, "Comm.isSend");
    }

    public Request irSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return isend(buf, 0, count, type, dest, tag, SendMode.READY, "Comm.irSend");
    }

    public Request ibSend(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return Ibsend(buf, 0, count, type, dest, tag);
    }

    public Request iRecv(final Object buf, final int count, final Datatype type, final int source, final int tag)
    {
        return Irecv(buf, 0, count, type, source, tag);
    }

    public Prequest sendInit(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return persistentSend(buf, 0, count, type, dest, tag, SendMode.STANDARD, "Comm.sendInit");
    }

    public Prequest sSendInit(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return persistentSend(buf, 0, count, type, dest, tag, SendMode.SYNCHRONOUS, "Comm.sSendInit");
    }

    public Prequest rSendInit(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return persistentSend(buf, 0, count, type, dest, tag, SendMode.READY, "Comm.rSendInit");
    }

    public Prequest bSendInit(final Object buf, final int count, final Datatype type, final int dest, final int tag)
    {
        return Bsend_init(buf, 0, count, type, dest, tag);
    }

    public Prequest recvInit(final Object buf, final int count, final Datatype type, final int source, final int tag)
    {
        return Recv_init(buf, 0, count, type, source, tag);
    }

    /** Send and receive at once; returns the status of the receive. */
    public Status sendRecv(
        final Object sendBuf, final int sendCount, final Datatype sendType, final int dest, final int sendTag,
        final Object recvBuf, final int recvCount, final Datatype recvType, final int source, final int recvTag)
    {
        return Sendrecv(sendBuf, 0, sendCount, sendType, dest, sendTag, recvBuf, 0, recvCount, recvType, source, recvTag);
    }

    /** Send the buffer's contents and receive into the same buffer. */
    public Status sendRecvReplace(final Object buf, final int count, final Datatype type, final int dest,
        final int sendTag, final int source, final int recvTag)
    {
        return Sendrecv_replace(buf, 0, count, type, dest, sendTag, source, recvTag);
    }

    /** The envelope of a matching message if one has arrived, else null. */
    public Status iProbe(final int source, final int tag)
    {
        return Iprobe(source, tag);
    }

    /** Wait for a matching message; returns its envelope, the message stays queued. */
    public Status probe(final int source, final int tag)
    {
        return Probe(source, tag);
    }

    public int pack(final Object inbuf, final int incount, final Datatype type, final byte[] outbuf, final int position)
    {
        return Pack(inbuf, 0, incount, type, outbuf, position);
    }

    public int unpack(final byte[] inbuf, final int position, final Object outbuf, final int outcount, final Datatype type)
    {
        return Unpack(inbuf, position, outbuf, 0, outcount, type);
    }

    public int packSize(final int incount, final Datatype type)
    {
        return Pack_size(incount, type);
    }

    // ---------------------------------------------------------------- Open MPI: collectives
    //
    // Arrays are used as they are; nio buffers through Staging (direct ones are copied to and from an array, which a
    // blocking call reuses). The blocking ones that MPJ Express has too run straight in the core (onArrays).

    public void barrier()
    {
        staged(ArrayCollective.BARRIER, blocking("Comm.barrier"), null, 0, null, null, 0, null, 0, null);
    }

    public Request iBarrier()
    {
        final Staging s = new Staging("Comm.iBarrier");
        return start(() -> Collectives.ibarrier(live(s.call)), s);
    }

    /** Broadcast {@code count} items of {@code type} from {@code root}'s {@code buf} into everyone's. */
    public void bcast(final Object buf, final int count, final Datatype type, final int root)
    {
        final Staging s = blocking("Comm.bcast");
        staged(ArrayCollective.BCAST, s, s.outIf(!idle(root), buf, count, type), count, type, null, 0, null, root,
            null);
    }

    public Request iBcast(final Object buf, final int count, final Datatype type, final int root)
    {
        final Staging s = new Staging("Comm.iBcast");
        final Staging.Staged b = s.outIf(!idle(root), buf, count, type);
        return start(() -> Collectives.ibcast(live(s.call), b.array, b.offset, count, type.data(), root), s);
    }

    public void gather(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = blocking("Comm.gather");
        final Staging.Staged in = s.inIf(contributes(root), sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.outIf(isRoot(root), recvbuf, recvcount * blocks(), recvtype);
        staged(ArrayCollective.GATHER, s, in, sendcount, sendtype, out, recvcount, recvtype, root, null);
    }

    /** In place: the root's own block is already at its place in {@code buf}. */
    public void gather(final Object buf, final int count, final Datatype type, final int root)
    {
        inPlace("Comm.gather");
        final Staging s = blocking("Comm.gather");
        final boolean atRoot = isRoot(root);
        final Staging.Staged in = atRoot ? inPlaceBlock(s, buf, count, type) : s.in(buf, count, type);
        final Staging.Staged out = s.outIf(atRoot, buf, count * blocks(), type);
        staged(ArrayCollective.GATHER, s, in, count, type, out, count, type, root, null);
    }

    public Request iGather(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Comm.iGather");
        final Staging.Staged in = s.inIf(contributes(root), sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.outIf(isRoot(root), recvbuf, recvcount * blocks(), recvtype);
        return start(() -> Collectives.igather(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data(), root), s);
    }

    /** {@link #gather(Object, int, Datatype, int)}, in place, as a request. */
    public Request iGather(final Object buf, final int count, final Datatype type, final int root)
    {
        inPlace("Comm.iGather");
        final Staging s = new Staging("Comm.iGather");
        final boolean atRoot = isRoot(root);
        final Staging.Staged in = atRoot ? inPlaceBlock(s, buf, count, type) : s.in(buf, count, type);
        final Staging.Staged out = s.outIf(atRoot, buf, count * blocks(), type);
        return start(() -> Collectives.igather(live(s.call), in.array, in.offset, count, type.data(),
            out.array, out.offset, count, type.data(), root), s);
    }

    public void gatherv(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype, final int root)
    {
        final Staging s = blocking("Comm.gatherv");
        final Staging.Staged in = s.inIf(contributes(root), sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.outIf(isRoot(root), recvbuf, Staging.items(recvcount, displs), recvtype);
        staged(ArrayCollective.GATHERV, s, in, sendcount, null, null, sendtype, out, 0, recvcount, displs, recvtype,
            root, null);
    }

    /** The non-root side of a {@code gatherv} whose root gathers in place. */
    public void gatherv(final Object sendbuf, final int sendcount, final Datatype sendtype, final int root)
    {
        gatherv(sendbuf, sendcount, sendtype, null, new int[0], new int[0], sendtype, root);
    }

    /** The root side of an in-place {@code gatherv}: its own block is already in {@code recvbuf}. */
    public void gatherv(final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype,
        final int root)
    {
        inPlace("Comm.gatherv");
        final Staging s = blocking("Comm.gatherv");
        final int me = getRank();
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        final Staging.Staged in = inPlaceBlock(s, recvbuf, entry(recvcount, me), recvtype, entry(displs, me));
        staged(ArrayCollective.GATHERV, s, in, entry(recvcount, me), null, null, recvtype, out, 0, recvcount, displs,
            recvtype, root, null);
    }

    public Request iGatherv(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Comm.iGatherv");
        final Staging.Staged in = s.inIf(contributes(root), sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.outIf(isRoot(root), recvbuf, Staging.items(recvcount, displs), recvtype);
        return start(() -> Collectives.igatherv(live(s.call), in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, displs, recvtype.data(), root), s);
    }

    /** The non-root side of an {@code iGatherv} whose root gathers in place. */
    public Request iGatherv(final Object sendbuf, final int sendcount, final Datatype sendtype, final int root)
    {
        return iGatherv(sendbuf, sendcount, sendtype, null, new int[0], new int[0], sendtype, root);
    }

    /** The root side of an in-place {@code iGatherv}: its own block is already in {@code recvbuf}. */
    public Request iGatherv(final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype,
        final int root)
    {
        inPlace("Comm.iGatherv");
        final Staging s = new Staging("Comm.iGatherv");
        final int me = getRank();
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        final Staging.Staged in = inPlaceBlock(s, recvbuf, entry(recvcount, me), recvtype, entry(displs, me));
        return start(() -> Collectives.igatherv(live(s.call), in.array, in.offset, entry(recvcount, me),
            recvtype.data(), out.array, out.offset, recvcount, displs, recvtype.data(), root), s);
    }

    public void scatter(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = blocking("Comm.scatter");
        final Staging.Staged in = s.inIf(isRoot(root), sendbuf, sendcount * blocks(), sendtype);
        final Staging.Staged out = s.outIf(contributes(root), recvbuf, recvcount, recvtype);
        staged(ArrayCollective.SCATTER, s, in, sendcount, sendtype, out, recvcount, recvtype, root, null);
    }

    /** In place: the root keeps its own block where it is in {@code buf}. */
    public void scatter(final Object buf, final int count, final Datatype type, final int root)
    {
        inPlace("Comm.scatter");
        final Staging s = blocking("Comm.scatter");
        final boolean atRoot = isRoot(root);
        final Staging.Staged in = s.inIf(atRoot, buf, count * blocks(), type);
        // The root's own block arrives in a scratch copy, at its block: it is already where it belongs.
        final Staging.Staged out = atRoot ? s.copy(buf, count * blocks(), type) : s.out(buf, count, type);
        out.offset += atRoot ? root * count * type.Extent() : 0;
        staged(ArrayCollective.SCATTER, s, in, count, type, out, count, type, root, null);
    }

    public Request iScatter(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Comm.iScatter");
        final Staging.Staged in = s.inIf(isRoot(root), sendbuf, sendcount * blocks(), sendtype);
        final Staging.Staged out = s.outIf(contributes(root), recvbuf, recvcount, recvtype);
        return start(() -> Collectives.iscatter(live(s.call), in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data(), root), s);
    }

    /** {@link #scatter(Object, int, Datatype, int)}, in place, as a request. */
    public Request iScatter(final Object buf, final int count, final Datatype type, final int root)
    {
        inPlace("Comm.iScatter");
        final Staging s = new Staging("Comm.iScatter");
        final boolean atRoot = isRoot(root);
        final Staging.Staged in = s.inIf(atRoot, buf, count * blocks(), type);
        final Staging.Staged out = atRoot ? s.copy(buf, count * blocks(), type) : s.out(buf, count, type);
        out.offset += atRoot ? root * count * type.Extent() : 0;
        return start(() -> Collectives.iscatter(live(s.call), in.array, in.offset, count, type.data(),
            out.array, out.offset, count, type.data(), root), s);
    }

    public void scatterv(final Object sendbuf, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = blocking("Comm.scatterv");
        final Staging.Staged in = s.inIf(isRoot(root), sendbuf, Staging.items(sendcount, displs), sendtype);
        final Staging.Staged out = s.outIf(contributes(root), recvbuf, recvcount, recvtype);
        staged(ArrayCollective.SCATTERV, s, in, 0, sendcount, displs, sendtype, out, recvcount, null, null, recvtype,
            root, null);
    }

    /** The root side of an in-place {@code scatterv}: it keeps its own block where it is in {@code sendbuf}. */
    public void scatterv(final Object sendbuf, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final int root)
    {
        inPlace("Comm.scatterv");
        final Staging s = blocking("Comm.scatterv");
        final int me = getRank();
        final Staging.Staged in = s.in(sendbuf, Staging.items(sendcount, displs), sendtype);
        final Staging.Staged out = inPlaceBlock(s, sendbuf, entry(sendcount, me), sendtype, entry(displs, me));
        staged(ArrayCollective.SCATTERV, s, in, 0, sendcount, displs, sendtype, out, entry(sendcount, me), null, null,
            sendtype, root, null);
    }

    /** The non-root side of a {@code scatterv} whose root scatters in place. */
    public void scatterv(final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        scatterv(null, new int[0], new int[0], recvtype, recvbuf, recvcount, recvtype, root);
    }

    public Request iScatterv(final Object sendbuf, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Comm.iScatterv");
        final Staging.Staged in = s.inIf(isRoot(root), sendbuf, Staging.items(sendcount, displs), sendtype);
        final Staging.Staged out = s.outIf(contributes(root), recvbuf, recvcount, recvtype);
        return start(() -> Collectives.iscatterv(live(s.call), in.array, in.offset, sendcount, displs,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data(), root), s);
    }

    /** The root side of an in-place {@code iScatterv}: it keeps its own block where it is in {@code sendbuf}. */
    public Request iScatterv(final Object sendbuf, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final int root)
    {
        inPlace("Comm.iScatterv");
        final Staging s = new Staging("Comm.iScatterv");
        final int me = getRank();
        final Staging.Staged in = s.in(sendbuf, Staging.items(sendcount, displs), sendtype);
        final Staging.Staged out = inPlaceBlock(s, sendbuf, entry(sendcount, me), sendtype, entry(displs, me));
        return start(() -> Collectives.iscatterv(live(s.call), in.array, in.offset, sendcount, displs,
            sendtype.data(), out.array, out.offset, entry(sendcount, me), sendtype.data(), root), s);
    }

    /** The non-root side of an {@code iScatterv} whose root scatters in place. */
    public Request iScatterv(final Object recvbuf, final int recvcount, final Datatype recvtype, final int root)
    {
        return iScatterv(null, new int[0], new int[0], recvtype, recvbuf, recvcount, recvtype, root);
    }

    public void allGather(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.allGather");
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * blocks(), recvtype);
        staged(ArrayCollective.ALLGATHER, s, in, sendcount, sendtype, out, recvcount, recvtype, 0, null);
    }

    /** In place: each rank's own block is already at its place in {@code buf}. */
    public void allGather(final Object buf, final int count, final Datatype type)
    {
        inPlace("Comm.allGather");
        final Staging s = blocking("Comm.allGather");
        final Staging.Staged in = inPlaceBlock(s, buf, count, type);
        final Staging.Staged out = s.out(buf, count * blocks(), type);
        staged(ArrayCollective.ALLGATHER, s, in, count, type, out, count, type, 0, null);
    }

    public Request iAllGather(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iAllGather");
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * blocks(), recvtype);
        return start(() -> Collectives.iallgather(live(s.call), in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data()), s);
    }

    /** {@link #allGather(Object, int, Datatype)}, in place, as a request. */
    public Request iAllGather(final Object buf, final int count, final Datatype type)
    {
        inPlace("Comm.iAllGather");
        final Staging s = new Staging("Comm.iAllGather");
        final Staging.Staged in = inPlaceBlock(s, buf, count, type);
        final Staging.Staged out = s.out(buf, count * blocks(), type);
        return start(() -> Collectives.iallgather(live(s.call), in.array, in.offset, count, type.data(),
            out.array, out.offset, count, type.data()), s);
    }

    public void allGatherv(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.allGatherv");
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        staged(ArrayCollective.ALLGATHERV, s, in, sendcount, null, null, sendtype, out, 0, recvcount, displs, recvtype,
            0, null);
    }

    /** In place: each rank's own block is already at its place in {@code recvbuf}. */
    public void allGatherv(final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        inPlace("Comm.allGatherv");
        final Staging s = blocking("Comm.allGatherv");
        final int me = getRank();
        final Staging.Staged in = inPlaceBlock(s, recvbuf, entry(recvcount, me), recvtype, entry(displs, me));
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        staged(ArrayCollective.ALLGATHERV, s, in, entry(recvcount, me), null, null, recvtype, out, 0, recvcount, displs,
            recvtype, 0, null);
    }

    public Request iAllGatherv(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iAllGatherv");
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        return start(() -> Collectives.iallgatherv(live(s.call), in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, displs, recvtype.data()), s);
    }

    /** {@link #allGatherv(Object, int[], int[], Datatype)}, in place, as a request. */
    public Request iAllGatherv(final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        inPlace("Comm.iAllGatherv");
        final Staging s = new Staging("Comm.iAllGatherv");
        final int me = getRank();
        final Staging.Staged in = inPlaceBlock(s, recvbuf, entry(recvcount, me), recvtype, entry(displs, me));
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        return start(() -> Collectives.iallgatherv(live(s.call), in.array, in.offset, entry(recvcount, me),
            recvtype.data(), out.array, out.offset, recvcount, displs, recvtype.data()), s);
    }

    /**
     * {@code MPI_ALLTOALLW}: to rank j, {@code sendCount[j]} items of {@code sendTypes[j]} from byte
     * {@code sDispls[j]} of {@code sendBuf}; from rank j, {@code recvCount[j]} items of {@code recvTypes[j]} at byte
     * {@code rDispls[j]} of {@code recvBuf} (Open MPI counts these displacements in bytes). The types of a side are
     * over one base type, its buffer's; a displacement is a whole number of its elements. On an intercommunicator,
     * rank j is the other group's.
     */
    public void allToAllw(final java.nio.Buffer sendBuf, final int[] sendCount, final int[] sDispls,
        final Datatype[] sendTypes, final java.nio.Buffer recvBuf, final int[] recvCount, final int[] rDispls,
        final Datatype[] recvTypes)
    {
        final Request request = typedExchange(sendBuf, sendCount, sDispls, sendTypes, recvBuf, recvCount, rDispls,
            recvTypes, "Comm.allToAllw");
        request.waitFor();
    }

    /** {@link #allToAllw} as a request. */
    public Request iAllToAllw(final java.nio.Buffer sendBuf, final int[] sendCount, final int[] sDispls,
        final Datatype[] sendTypes, final java.nio.Buffer recvBuf, final int[] recvCount, final int[] rDispls,
        final Datatype[] recvTypes)
    {
        return typedExchange(sendBuf, sendCount, sDispls, sendTypes, recvBuf, recvCount, rDispls, recvTypes,
            "Comm.iAllToAllw");
    }

    private Request typedExchange(final java.nio.Buffer sendBuf, final int[] sendCount, final int[] sDispls,
        final Datatype[] sendTypes, final java.nio.Buffer recvBuf, final int[] recvCount, final int[] rDispls,
        final Datatype[] recvTypes, final String call)
    {
        final Staging s = new Staging(call);
        try
        {
            final TypedSide send = TypedSide.of("send", sendCount, sDispls, sendTypes, blocks());
            final TypedSide recv = TypedSide.of("receive", recvCount, rDispls, recvTypes, blocks());
            final Staging.Staged in = s.in(sendBuf, send.elements, send.element);
            final Staging.Staged out = s.out(recvBuf, recv.elements, recv.element);
            return start(() -> Collectives.ialltoallw(live(call), in.array, sendCount, send.displacements(in.offset),
                send.maps, out.array, recvCount, recv.displacements(out.offset), recv.maps), s);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    public void allToAll(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.allToAll");
        final Staging.Staged in = s.in(sendbuf, sendcount * blocks(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * blocks(), recvtype);
        staged(ArrayCollective.ALLTOALL, s, in, sendcount, sendtype, out, recvcount, recvtype, 0, null);
    }

    public Request iAllToAll(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iAllToAll");
        final Staging.Staged in = s.in(sendbuf, sendcount * blocks(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * blocks(), recvtype);
        return start(() -> Collectives.ialltoall(live(s.call), in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data()), s);
    }

    public void allToAllv(final Object sendbuf, final int[] sendcount, final int[] sdispls, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.allToAllv");
        final Staging.Staged in = s.in(sendbuf, Staging.items(sendcount, sdispls), sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, rdispls), recvtype);
        staged(ArrayCollective.ALLTOALLV, s, in, 0, sendcount, sdispls, sendtype, out, 0, recvcount, rdispls, recvtype,
            0, null);
    }

    public Request iAllToAllv(final Object sendbuf, final int[] sendcount, final int[] sdispls, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iAllToAllv");
        final Staging.Staged in = s.in(sendbuf, Staging.items(sendcount, sdispls), sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, rdispls), recvtype);
        return start(() -> Collectives.ialltoallv(live(s.call), in.array, in.offset, sendcount, sdispls,
            sendtype.data(), out.array, out.offset, recvcount, rdispls, recvtype.data()), s);
    }

    /** Send {@code sendcount} items to every neighbour; block {@code i} of {@code recvbuf} comes from source i. */
    public void neighborAllGather(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.neighborAllGather");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * n.indegree(), recvtype);
        collective(() -> NeighbourCollectives.allgather(live(s.call), n, in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data()), s);
    }

    public Request iNeighborAllGather(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iNeighborAllGather");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * n.indegree(), recvtype);
        return start(() -> NeighbourCollectives.iallgather(live(s.call), n, in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data()), s);
    }

    public void neighborAllGatherv(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.neighborAllGatherv");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        collective(() -> NeighbourCollectives.allgatherv(live(s.call), n, in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, displs, recvtype.data()), s);
    }

    public Request iNeighborAllGatherv(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iNeighborAllGatherv");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, displs), recvtype);
        return start(() -> NeighbourCollectives.iallgatherv(live(s.call), n, in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, displs, recvtype.data()), s);
    }

    /** Block {@code i} of {@code sendbuf} goes to destination i; block {@code i} of {@code recvbuf} comes from source i. */
    public void neighborAllToAll(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.neighborAllToAll");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, sendcount * n.outdegree(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * n.indegree(), recvtype);
        collective(() -> NeighbourCollectives.alltoall(live(s.call), n, in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data()), s);
    }

    public Request iNeighborAllToAll(final Object sendbuf, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvcount, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iNeighborAllToAll");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, sendcount * n.outdegree(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvcount * n.indegree(), recvtype);
        return start(() -> NeighbourCollectives.ialltoall(live(s.call), n, in.array, in.offset, sendcount,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data()), s);
    }

    public void neighborAllToAllv(final Object sendbuf, final int[] sendcount, final int[] sdispls,
        final Datatype sendtype, final Object recvbuf, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        final Staging s = blocking("Comm.neighborAllToAllv");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, Staging.items(sendcount, sdispls), sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, rdispls), recvtype);
        collective(() -> NeighbourCollectives.alltoallv(live(s.call), n, in.array, in.offset, sendcount, sdispls,
            sendtype.data(), out.array, out.offset, recvcount, rdispls, recvtype.data()), s);
    }

    public Request iNeighborAllToAllv(final Object sendbuf, final int[] sendcount, final int[] sdispls,
        final Datatype sendtype, final Object recvbuf, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        final Staging s = new Staging("Comm.iNeighborAllToAllv");
        final Neighbourhood n = neighbourhood(s.call);
        final Staging.Staged in = s.in(sendbuf, Staging.items(sendcount, sdispls), sendtype);
        final Staging.Staged out = s.out(recvbuf, Staging.items(recvcount, rdispls), recvtype);
        return start(() -> NeighbourCollectives.ialltoallv(live(s.call), n, in.array, in.offset, sendcount,
            sdispls, sendtype.data(), out.array, out.offset, recvcount, rdispls, recvtype.data()), s);
    }

    /** A staging for blocking collective {@code call}: this communicator's own, unless a call is using it. */
    final Staging blocking(final String call)
    {
        Staging s = blockingStaging;
        if (s == null)
        {
            s = blockingStaging = Staging.reusable();
        }
        return s.begin(call) ? s : new Staging(call);
    }

    /**
     * Run {@code collective} on arrays straight in the core, traced, errors named as {@code call}: no staging and no
     * capturing lambda, which the JIT does not always remove (the loops of programs call these). A side, operation or
     * datatype the collective does not have is null; a side that is not a v-side has null counts and displacements.
     */
    final void onArrays(final ArrayCollective collective, final String call,
        final Object sendbuf, final int sendoffset, final int sendcount, final int[] sendcounts, final int[] sdispls,
        final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final int[] recvcounts, final int[] rdispls,
        final Datatype recvtype, final int root, final Op op)
    {
        final long startNs = engine.traceStart();
        final long idleNs = engine.traceIdle();
        try
        {
            collective.run(live(call), sendbuf, sendoffset, sendcount, sendcounts, sdispls,
                sendtype == null ? null : sendtype.data(), recvbuf, recvoffset, recvcount, recvcounts, rdispls,
                recvtype == null ? null : recvtype.data(), root, op == null ? null : op.live(call, sendtype));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
        engine.traceIdled(collective.traced, core.context(), startNs, idleNs);
    }

    /** {@link #staged} of a collective with a count on each side. */
    private void staged(final ArrayCollective collective, final Staging s,
        final Staging.Staged in, final int sendcount, final Datatype sendtype,
        final Staging.Staged out, final int recvcount, final Datatype recvtype, final int root, final Op op)
    {
        staged(collective, s, in, sendcount, null, null, sendtype, out, recvcount, null, null, recvtype, root, op);
    }

    /**
     * {@link #onArrays} on the arrays {@code s} staged ({@code in} and {@code out}; null for a side the collective
     * does not have), then the copies back into nio buffers, which frees {@code s} for the next call.
     */
    private void staged(final ArrayCollective collective, final Staging s,
        final Staging.Staged in, final int sendcount, final int[] sendcounts, final int[] sdispls,
        final Datatype sendtype,
        final Staging.Staged out, final int recvcount, final int[] recvcounts, final int[] rdispls,
        final Datatype recvtype, final int root, final Op op)
    {
        boolean completed = false;
        try
        {
            onArrays(collective, s.call, in == null ? null : in.array, in == null ? 0 : in.offset, sendcount,
                sendcounts, sdispls, sendtype, out == null ? null : out.array, out == null ? 0 : out.offset, recvcount,
                recvcounts, rdispls, recvtype, root, op);
            completed = true;
        }
        finally
        {
            s.end(completed);
        }
    }

    /** Start a nonblocking collective on staged buffers, traced as {@code staging.call}. */
    Request start(final Supplier<io.colompi.core.pt2pt.Request> operation, final Staging staging)
    {
        final long startNs = engine.traceStart();
        final long idleNs = engine.traceIdle();
        final Request started = staging.start(engine, operation);
        traced(staging.call, startNs, idleNs);
        return started;
    }

    /** Run a blocking collective on staged buffers, traced as {@code staging.call}. */
    void collective(final Runnable operation, final Staging staging)
    {
        final long startNs = engine.traceStart();
        final long idleNs = engine.traceIdle();
        staging.run(operation);
        traced(staging.call, startNs, idleNs);
    }

    /**
     * Record collective {@code call}, started at {@code startNs} when the rank's waits had idled {@code idleNs}
     * ({@link io.colompi.core.pt2pt.Engine#traceIdle}), if the job is traced.
     */
    void traced(final String call, final long startNs, final long idleNs)
    {
        if (engine.traced())
        {
            // the name's look-up only when traced: a collective untraced pays one branch
            engine.traceIdled(Call.named(call), core.context(), startNs, idleNs);
        }
    }

    /** This rank's neighbours in the communicator's topology; a communicator without one raises ERR_TOPOLOGY. */
    final Neighbourhood neighbourhood(final String call)
    {
        Neighbourhood known = neighbourhood;
        if (known == null)
        {
            known = neighboursOf(live(call).rank());
            if (known == null)
            {
                throw MPI.raise(new MpiError(ErrorClass.TOPOLOGY, "the communicator has no Cartesian or graph topology"),
                    call);
            }
            neighbourhood = known;
        }
        return known;
    }

    /** The neighbours of {@code rank} in this communicator's topology; null without one. */
    Neighbourhood neighboursOf(final int rank)
    {
        return null;
    }

    /** Combine everyone's {@code sendbuf} with {@code op} into {@code root}'s {@code recvbuf}. */
    public void reduce(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op,
        final int root)
    {
        final Staging s = blocking("Comm.reduce");
        final Staging.Staged in = s.inIf(contributes(root), sendbuf, count, type);
        final Staging.Staged out = s.outIf(isRoot(root), recvbuf, count, type);
        staged(ArrayCollective.REDUCE, s, in, count, type, out, count, type, root, op);
    }

    /** In place: {@code buf} is the operand and, at the root, the result. */
    public void reduce(final Object buf, final int count, final Datatype type, final Op op, final int root)
    {
        inPlace("Comm.reduce");
        final Staging s = blocking("Comm.reduce");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.outIf(isRoot(root), buf, count, type);
        staged(ArrayCollective.REDUCE, s, in, count, type, out, count, type, root, op);
    }

    public Request iReduce(final Object sendbuf, final Object recvbuf, final int count, final Datatype type,
        final Op op, final int root)
    {
        final Staging s = new Staging("Comm.iReduce");
        final Staging.Staged in = s.inIf(contributes(root), sendbuf, count, type);
        final Staging.Staged out = s.outIf(isRoot(root), recvbuf, count, type);
        return start(() -> Collectives.ireduce(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), Op.live(op, s.call, type), root), s);
    }

    public Request iReduce(final Object buf, final int count, final Datatype type, final Op op, final int root)
    {
        inPlace("Comm.iReduce");
        final Staging s = new Staging("Comm.iReduce");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.outIf(isRoot(root), buf, count, type);
        return start(() -> Collectives.ireduce(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), Op.live(op, s.call, type), root), s);
    }

    /** Combine everyone's {@code sendbuf} with {@code op} into everyone's {@code recvbuf}. */
    public void allReduce(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = blocking("Comm.allReduce");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        staged(ArrayCollective.ALLREDUCE, s, in, count, type, out, count, type, 0, op);
    }

    /** In place: {@code buf} is the operand and the result. */
    public void allReduce(final Object buf, final int count, final Datatype type, final Op op)
    {
        inPlace("Comm.allReduce");
        final Staging s = blocking("Comm.allReduce");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        staged(ArrayCollective.ALLREDUCE, s, in, count, type, out, count, type, 0, op);
    }

    public Request iAllReduce(final Object sendbuf, final Object recvbuf, final int count, final Datatype type,
        final Op op)
    {
        final Staging s = new Staging("Comm.iAllReduce");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        return start(() -> Collectives.iallreduce(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), Op.live(op, s.call, type)), s);
    }

    public Request iAllReduce(final Object buf, final int count, final Datatype type, final Op op)
    {
        inPlace("Comm.iAllReduce");
        final Staging s = new Staging("Comm.iAllReduce");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        return start(() -> Collectives.iallreduce(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), Op.live(op, s.call, type)), s);
    }

    /** Reduce, then scatter: rank i receives block i, of {@code recvcounts[i]} items. */
    public void reduceScatter(final Object sendbuf, final Object recvbuf, final int[] recvcounts, final Datatype type,
        final Op op)
    {
        final Staging s = blocking("Comm.reduceScatter");
        final Staging.Staged in = s.in(sendbuf, sum(recvcounts), type);
        final Staging.Staged out = s.out(recvbuf, entry(recvcounts, getRank()), type);
        collective(() -> Collectives.reduceScatter(live(s.call), in.array, in.offset, out.array, out.offset, recvcounts,
            type.data(), Op.live(op, s.call, type)), s);
    }

    /** In place: {@code buf} holds all blocks; this rank's result lands at its start. */
    public void reduceScatter(final Object buf, final int[] counts, final Datatype type, final Op op)
    {
        inPlace("Comm.reduceScatter");
        final Staging s = blocking("Comm.reduceScatter");
        final Staging.Staged in = s.copy(buf, sum(counts), type);
        final Staging.Staged out = s.out(buf, entry(counts, getRank()), type);
        collective(() -> Collectives.reduceScatter(live(s.call), in.array, in.offset, out.array, out.offset, counts,
            type.data(), Op.live(op, s.call, type)), s);
    }

    public Request iReduceScatter(final Object sendbuf, final Object recvbuf, final int[] recvcounts,
        final Datatype type, final Op op)
    {
        final Staging s = new Staging("Comm.iReduceScatter");
        final Staging.Staged in = s.in(sendbuf, sum(recvcounts), type);
        final Staging.Staged out = s.out(recvbuf, entry(recvcounts, getRank()), type);
        return start(() -> Collectives.ireduceScatter(live(s.call), in.array, in.offset, out.array,
            out.offset, recvcounts, type.data(), Op.live(op, s.call, type)), s);
    }

    /** {@link #reduceScatter(Object, int[], Datatype, Op)}, in place, as a request. */
    public Request iReduceScatter(final Object buf, final int[] counts, final Datatype type, final Op op)
    {
        inPlace("Comm.iReduceScatter");
        final Staging s = new Staging("Comm.iReduceScatter");
        final Staging.Staged in = s.copy(buf, sum(counts), type);
        final Staging.Staged out = s.out(buf, entry(counts, getRank()), type);
        return start(() -> Collectives.ireduceScatter(live(s.call), in.array, in.offset, out.array,
            out.offset, counts, type.data(), Op.live(op, s.call, type)), s);
    }

    /** {@link #reduceScatter} with every block of {@code recvcount} items. */
    public void reduceScatterBlock(final Object sendbuf, final Object recvbuf, final int recvcount,
        final Datatype type, final Op op)
    {
        reduceScatter(sendbuf, recvbuf, blocks(recvcount), type, op);
    }

    public void reduceScatterBlock(final Object buf, final int count, final Datatype type, final Op op)
    {
        reduceScatter(buf, blocks(count), type, op);
    }

    public Request iReduceScatterBlock(final Object sendbuf, final Object recvbuf, final int recvcount,
        final Datatype type, final Op op)
    {
        return iReduceScatter(sendbuf, recvbuf, blocks(recvcount), type, op);
    }

    public Request iReduceScatterBlock(final Object buf, final int count, final Datatype type, final Op op)
    {
        return iReduceScatter(buf, blocks(count), type, op);
    }

    /** {@code inOutBuf[i] = inBuf[i] op inOutBuf[i]} for {@code count} items, locally. */
    public static void reduceLocal(final Object inBuf, final Object inOutBuf, final int count, final Datatype type,
        final Op op)
    {
        MPI.started("Comm.reduceLocal");
        final Staging s = new Staging("Comm.reduceLocal");
        final Staging.Staged in = s.in(inBuf, count, type);
        final Staging.Staged out = s.out(inOutBuf, count, type);
        s.run(() -> Op.live(op, s.call, type).reduceLocal(in.array, in.offset, out.array, out.offset, count,
            type.data()));
    }

    /** MPI defines no in-place form of a collective on an intercommunicator: ERR_COMM there, naming {@code call}. */
    private void inPlace(final String call)
    {
        if (this instanceof Intercomm)
        {
            throw MPI.raise(new MpiError(ErrorClass.COMM, "the in-place form is not defined on an intercommunicator: " +
                "pass a send and a receive buffer"), call);
        }
    }

    /** Whether this rank is a collective's root: {@code MPI.ROOT} on an intercommunicator, its rank otherwise. */
    private boolean isRoot(final int root)
    {
        return this instanceof Intercomm ? root == MPI.ROOT : getRank() == root;
    }

    /**
     * Whether this rank's own data take part in a rooted collective: everywhere on an intracommunicator; on an
     * intercommunicator only in the group without the root, whose ranks name it (the root group's pass
     * {@code MPI.ROOT} or {@code MPI.PROC_NULL}, and their send buffers of a gather or reduce and receive buffers of
     * a scatter are not significant, MPI 3.1, 5.2.2).
     */
    private boolean contributes(final int root)
    {
        return !(this instanceof Intercomm) || root != MPI.ROOT && root != MPI.PROC_NULL;
    }

    /** Whether this rank moves no data in a rooted collective: the root group's ranks other than the root's. */
    private boolean idle(final int root)
    {
        return this instanceof Intercomm && root == MPI.PROC_NULL;
    }

    /** The blocks of a rooted or all-to-all collective: the other group's ranks on an intercommunicator. */
    private int blocks()
    {
        return this instanceof Intercomm ? ((Intercomm)this).getRemoteSize() : getSize();
    }

    /** A copy of this rank's own block of an in-place gather, at block {@code rank} of {@code buf}. */
    private Staging.Staged inPlaceBlock(final Staging s, final Object buf, final int count, final Datatype type)
    {
        return inPlaceBlock(s, buf, count, type, getRank() * count);
    }

    private static Staging.Staged inPlaceBlock(final Staging s, final Object buf, final int count, final Datatype type,
        final int displ)
    {
        final Staging.Staged block = s.copy(buf, displ + count, type);
        block.offset += displ * type.Extent();
        return block;
    }

    private int[] blocks(final int count)
    {
        final int[] counts = new int[getSize()];
        java.util.Arrays.fill(counts, count);
        return counts;
    }

    /** The sum of {@code counts}; 0 for null, which the core's checks then refuse naming the array. */
    static int sum(final int[] counts)
    {
        if (counts == null)
        {
            return 0;
        }
        int sum = 0;
        for (final int c : counts)
        {
            sum += c;
        }
        return sum;
    }

    /** {@code counts[i]}, or 0 where {@code counts} has no such entry, which the core's checks then name. */
    static int entry(final int[] counts, final int i)
    {
        return counts != null && i < counts.length ? counts[i] : 0;
    }
}
