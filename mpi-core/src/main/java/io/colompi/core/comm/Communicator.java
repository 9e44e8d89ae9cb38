package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.Memory;
import io.colompi.core.type.TypeMap;

/**
 * A communicator as the engine sees it: a context id and the world ranks of its group (and, for an
 * intercommunicator, of the remote group). Point-to-point calls take ranks in this communicator.
 * Collectives run on {@link #collective()}: the same group on the next context id, so they never match
 * the program's own messages.
 */
public final class Communicator
{
    private final Engine engine;
    private final int context;
    private final int[] group;
    private final int[] remoteGroup;
    private final int rank;
    private final Communicator collective;
    private Locality locality;
    private Object collectiveState;

    private Communicator(final Engine engine, final int context, final int[] group, final int[] remoteGroup,
        final Communicator pointToPoint)
    {
        this.engine = engine;
        this.context = context;
        this.group = group;
        this.remoteGroup = remoteGroup;
        this.rank = indexOf(group, engine.worldRank());
        this.collective = pointToPoint == null ? new Communicator(engine, context + 1, group, remoteGroup, this) : this;
    }

    /** An intracommunicator over {@code group} (world ranks in rank order) on context {@code context}. */
    public static Communicator intra(final Engine engine, final int context, final int[] group)
    {
        return new Communicator(engine, context, group.clone(), null, null);
    }

    /** An intercommunicator between {@code localGroup} (which holds this rank) and {@code remoteGroup}. */
    public static Communicator inter(final Engine engine, final int context, final int[] localGroup, final int[] remoteGroup)
    {
        return new Communicator(engine, context, localGroup.clone(), remoteGroup.clone(), null);
    }

    public static Communicator world(final Engine engine)
    {
        return new Communicator(engine, 0, allRanks(engine), null, null);
    }

    public static Communicator self(final Engine engine)
    {
        return new Communicator(engine, 2, new int[]{ engine.worldRank() }, null, null);
    }

    /** All world ranks on context ids of their own, on which groups of the job connect ({@link Ports}). */
    public static Communicator ports(final Engine engine)
    {
        return new Communicator(engine, 4, allRanks(engine), null, null);
    }

    private static int[] allRanks(final Engine engine)
    {
        final int[] all = new int[engine.worldSize()];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = i;
        }
        return all;
    }

    public Engine engine()
    {
        return engine;
    }

    public int context()
    {
        return context;
    }

    /** This rank in the (local) group, or -1 if it is not a member. */
    public int rank()
    {
        return rank;
    }

    public int size()
    {
        return group.length;
    }

    public boolean isInter()
    {
        return remoteGroup != null;
    }

    public int remoteSize()
    {
        return remoteGroup == null ? 0 : remoteGroup.length;
    }

    /** World ranks of the (local) group, in rank order. */
    public int[] group()
    {
        return group.clone();
    }

    /** World ranks of the remote group of an intercommunicator. */
    public int[] remoteGroup()
    {
        return remoteGroup == null ? null : remoteGroup.clone();
    }

    /** Which ranks of this intracommunicator share this JVM; computed once, on first use. */
    public Locality locality()
    {
        Locality known = locality;
        if (known == null)
        {
            known = new Locality(this);
            locality = known;
        }
        return known;
    }

    /**
     * What the collectives keep for this rank on this communicator (scratch buffers, the sequence number of
     * nonblocking collectives), made by {@code make} on first use. MPI forbids concurrent collectives on one
     * communicator, so the callers need no lock.
     */
    @SuppressWarnings("unchecked")
    public <T> T collectiveState(final java.util.function.Function<Communicator, T> make)
    {
        Object known = collectiveState;
        if (known == null)
        {
            known = make.apply(this);
            collectiveState = known;
        }
        return (T)known;
    }

    /** The view on which collectives of this communicator exchange their messages. */
    public Communicator collective()
    {
        return collective;
    }

    /** Number of ranks a peer argument may name: the remote group for an intercommunicator. */
    public int peerCount()
    {
        return remoteGroup == null ? group.length : remoteGroup.length;
    }

    /** World rank of peer {@code peer} (a rank of the remote group for an intercommunicator). */
    public int worldRankOf(final int peer)
    {
        return remoteGroup == null ? group[peer] : remoteGroup[peer];
    }

    public void send(
        final Object buffer, final int offset, final int count, final TypeMap type,
        final int dest, final int tag, final SendMode mode)
    {
        if (dest == Peers.PROC_NULL)
        {
            return;
        }
        engine.send(context, rank, worldRankOf(checkPeer(dest, "destination")), tag, buffer, offset, count, type, mode);
    }

    /**
     * Blocking send and receive at once; the returned request belongs to the calling thread as {@link #recv}'s (null
     * when {@code source} is {@link Peers#PROC_NULL}).
     */
    public RecvRequest sendrecv(
        final Object sendBuffer, final int sendOffset, final int sendCount, final TypeMap sendType, final int dest,
        final int sendTag,
        final Object recvBuffer, final int recvOffset, final int recvCount, final TypeMap recvType, final int source,
        final int recvTag)
    {
        if (dest == Peers.PROC_NULL || source == Peers.PROC_NULL)
        {
            return engine.sendrecvWithProcNull(context, rank,
                dest == Peers.PROC_NULL ? dest : worldRankOf(checkPeer(dest, "destination")), sendTag,
                sendBuffer, sendOffset, sendCount, sendType, source == Peers.PROC_NULL ? source : checkSource(source),
                recvTag, writable(recvBuffer), recvOffset, recvCount, recvType);
        }
        return engine.sendrecv(context, rank, worldRankOf(checkPeer(dest, "destination")), sendTag,
            sendBuffer, sendOffset, sendCount, sendType, checkSource(source), recvTag,
            writable(recvBuffer), recvOffset, recvCount, recvType);
    }

    public SendRequest newSend(
        final Object buffer, final int offset, final int count, final TypeMap type,
        final int dest, final int tag, final SendMode mode)
    {
        return engine.newSend(context, rank, worldRankOf(checkPeer(dest, "destination")), tag, buffer, offset, count,
            type, mode);
    }

    /** Blocking receive; the returned request belongs to the calling thread until its next blocking receive. */
    public RecvRequest recv(
        final Object buffer, final int offset, final int count, final TypeMap type, final int source, final int tag)
    {
        return engine.recv(context, checkSource(source), tag, writable(buffer), offset, count, type);
    }

    public RecvRequest newRecv(
        final Object buffer, final int offset, final int count, final TypeMap type, final int source, final int tag)
    {
        return engine.newRecv(context, checkSource(source), tag, writable(buffer), offset, count, type);
    }

    /** A receive buffer, unless it is a read-only nio buffer (which raw copies would write all the same). */
    private static Object writable(final Object buffer)
    {
        if (Memory.isReadOnly(buffer))
        {
            throw new MpiError(ErrorClass.BUFFER, "a read-only " + buffer.getClass().getSimpleName() +
                " cannot receive a message");
        }
        return buffer;
    }

    public boolean iprobe(final int source, final int tag, final ProbeStatus out)
    {
        return engine.iprobe(context, checkSource(source), tag, out);
    }

    public void probe(final int source, final int tag, final ProbeStatus out)
    {
        engine.probe(context, checkSource(source), tag, out);
    }

    /**
     * A blocking send that is a step of a larger call (a collective on an intercommunicator, a call that makes a
     * communicator): no record of its own in a trace, its bytes counted as that call's (as {@link #isend}'s).
     */
    public void sendStep(
        final Object buffer, final int offset, final int count, final TypeMap type, final int dest, final int tag)
    {
        engine.awaitRequest(isend(buffer, offset, count, type, dest, tag));
    }

    /** A blocking receive that is a step of a larger call ({@link #sendStep}). */
    public void recvStep(
        final Object buffer, final int offset, final int count, final TypeMap type, final int source, final int tag)
    {
        engine.awaitRequest(irecv(buffer, offset, count, type, source, tag));
    }

    /** A send and a receive at once that are a step of a larger call ({@link #sendStep}). */
    public void sendrecvStep(
        final Object sendBuffer, final int sendOffset, final int sendCount, final TypeMap sendType, final int dest,
        final int sendTag,
        final Object recvBuffer, final int recvOffset, final int recvCount, final TypeMap recvType, final int source,
        final int recvTag)
    {
        final RecvRequest receive = irecv(recvBuffer, recvOffset, recvCount, recvType, source, recvTag);
        final SendRequest send = isend(sendBuffer, sendOffset, sendCount, sendType, dest, sendTag);
        // both complete before either error is raised
        engine.await(receive);
        engine.awaitRequest(send);
        final MpiError error = receive.error();
        if (error != null)
        {
            throw error;
        }
    }

    /** A blocking probe that is a step of a larger call ({@link #sendStep}). */
    public void probeStep(final int source, final int tag, final ProbeStatus out)
    {
        engine.awaitMessage(context, checkSource(source), tag, out);
    }

    /** Nonblocking send started at once (collectives' building block). */
    public SendRequest isend(
        final Object buffer, final int offset, final int count, final TypeMap type, final int dest, final int tag)
    {
        final SendRequest send = newSend(buffer, offset, count, type, dest, tag, SendMode.STANDARD);
        engine.start(send);
        return send;
    }

    /** {@link #isend} on {@code reuse}, a finished request of the caller's (null: a new one), allocating nothing. */
    public SendRequest isend(
        final SendRequest reuse, final Object buffer, final int offset, final int count, final TypeMap type,
        final int dest, final int tag)
    {
        if (reuse == null)
        {
            return isend(buffer, offset, count, type, dest, tag);
        }
        engine.restart(reuse, context, rank, worldRankOf(checkPeer(dest, "destination")), tag, buffer, offset, count,
            type, SendMode.STANDARD);
        return reuse;
    }

    /** {@link #irecv} on {@code reuse}, a finished request of the caller's (null: a new one), allocating nothing. */
    public RecvRequest irecv(
        final RecvRequest reuse, final Object buffer, final int offset, final int count, final TypeMap type,
        final int source, final int tag)
    {
        if (reuse == null)
        {
            return irecv(buffer, offset, count, type, source, tag);
        }
        engine.restart(reuse, context, checkSource(source), tag, buffer, offset, count, type);
        return reuse;
    }

    /** Nonblocking receive started at once (collectives' building block). */
    public RecvRequest irecv(
        final Object buffer, final int offset, final int count, final TypeMap type, final int source, final int tag)
    {
        final RecvRequest receive = newRecv(buffer, offset, count, type, source, tag);
        engine.start(receive);
        return receive;
    }

    private int checkPeer(final int peer, final String what)
    {
        if (peer < 0 || peer >= peerCount())
        {
            throw new MpiError(ErrorClass.RANK, "invalid " + what + " rank " + peer + ": communicator has " +
                peerCount() + (remoteGroup == null ? " ranks" : " remote ranks"));
        }
        return peer;
    }

    private int checkSource(final int source)
    {
        return source == Peers.ANY_SOURCE ? source : checkPeer(source, "source");
    }

    private static int indexOf(final int[] ranks, final int worldRank)
    {
        for (int i = 0; i < ranks.length; i++)
        {
            if (ranks[i] == worldRank)
            {
                return i;
            }
        }
        return -1;
    }
}
