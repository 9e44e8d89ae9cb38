package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.Placement;
import io.colompi.core.pt2pt.Engine;
import org.agrona.collections.Int2ObjectHashMap;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Catches mismatched collectives without a cost to the calls that match (MPI calls a mismatch erroneous; ranks
 * running different collectives, roots, counts that take different paths, would wait for each other until the job
 * ends). Each rank only records its calls ({@link CallLog}); a rank whose wait inside a blocking collective lasts
 * longer than {@code colompi.coll.mismatchCheckMs} compares its call with the same call of every peer: read directly
 * from a peer in its JVM, asked of a peer in another JVM (a QUERY frame, which the peer's engine answers whatever it
 * is doing). A peer running another collective, root or algorithm as that call fails the waiting rank's call,
 * naming the peer and both calls: {@code ERR_TRUNCATE} where the counts differ, {@code ERR_OTHER} otherwise. A peer
 * that passes another count on the same path fails it only once that has lasted the threshold again (such an
 * algorithm may cope, and report the counts itself once it ends). A peer that has not reached the call yet, or runs
 * the same, is waited for as long as it takes. A wait that lasts as long also compares the oldest nonblocking
 * collective the rank runs by a schedule across JVMs with the peers' of the same number, and ends it with the error
 * where one differs ({@link CallLog#oldestWatched}); those of ranks that all share a JVM are compared as they start
 * ({@link ArenaOperation}). On an intercommunicator, the calls are compared with the other group's, by kind alone
 * ({@link CallLog#enterAcross}). One per engine ({@link Engine#callMonitor}).
 */
final class MismatchCheck implements Engine.CallMonitor
{
    private final Engine engine;
    private final Placement placement;
    private final long againNs;
    /** The call logs of this rank's communicators, by collective context; those of collected ones go. */
    private final Int2ObjectHashMap<WeakReference<CallLog>> logs = new Int2ObjectHashMap<>();
    private int purgeAt = 16;

    private MismatchCheck(final Engine engine)
    {
        this.engine = engine;
        this.placement = engine.job().placement();
        this.againNs = Math.max(1, engine.job().settings().mismatchCheckMs()) * 1_000_000L;
    }

    /** The check of {@code engine}'s rank. */
    static MismatchCheck of(final Engine engine)
    {
        return (MismatchCheck)engine.callMonitor(MismatchCheck::new);
    }

    /** Make {@code c}'s call log, known from now on to the checks of this rank and its peers. */
    synchronized CallLog register(final Communicator c)
    {
        final CallLog log = new CallLog(c);
        logs.put(c.context(), new WeakReference<>(log));
        if (logs.size() >= purgeAt)
        {
            logs.values().removeIf(ref -> ref.get() == null);
            purgeAt = Math.max(16, logs.size() * 2);
        }
        return log;
    }

    /** {@code Comm.Free}: {@code c}'s calls are no longer asked about. */
    synchronized void forget(final Communicator c)
    {
        logs.remove(c.context());
    }

    private synchronized CallLog log(final int context)
    {
        final WeakReference<CallLog> ref = logs.get(context);
        return ref == null ? null : ref.get();
    }

    private synchronized List<CallLog> all()
    {
        final List<CallLog> alive = new ArrayList<>(logs.size());
        for (final WeakReference<CallLog> ref : logs.values())
        {
            final CallLog log = ref.get();
            if (log != null)
            {
                alive.add(log);
            }
        }
        return alive;
    }

    @Override
    public void stalled()
    {
        final Thread self = Thread.currentThread();
        for (final CallLog log : all())
        {
            final long sequence = log.inProgress(self);
            final Conflict blocking = sequence > 0 ? conflict(log, sequence) : null;
            if (blocking != null)
            {
                tellOtherJvms(log.comm, sequence, blocking.mine);
                throw log.comm.isInter() ?
                    acrossMismatch((sequence & ~CallLog.NONBLOCKING) - 1, blocking, log.comm.rank()) :
                    mismatch(sequence, blocking.rank, blocking.theirs, log.comm.rank(), blocking.mine);
            }
            checkNonblocking(log);
            checkOrder(log);
        }
    }

    /**
     * Compare this rank's calls on {@code log}'s communicator in the one order it made them, blocking and nonblocking
     * together, with each peer's of the same number, from the first not yet compared with every peer: a blocking call
     * against a nonblocking one (they never meet, each waiting in its own numbering) fails this wait, once. Calls
     * that differ otherwise are the other checks' to report, in their numbering (on an intercommunicator, whose
     * numbering is this one, any other kind).
     */
    private void checkOrder(final CallLog log)
    {
        for (long number = log.firstUnmatched(); number > 0; number = log.firstUnmatched())
        {
            final long sequence = CallLog.ORDER | number;
            final long[] mine = log.describe(sequence);
            if (mine == null)
            {
                return;
            }
            final Communicator c = log.comm;
            final long nowNs = System.nanoTime();
            boolean everyPeer = true;
            for (int rank = 0; rank < c.peerCount(); rank++)
            {
                final long[] theirs = c.worldRankOf(rank) == engine.worldRank() ? mine :
                    peerCall(log, rank, sequence, nowNs);
                if (theirs == null)
                {
                    everyPeer = false;
                }
                else if (CallLog.isStarted(mine) != CallLog.isStarted(theirs) &&
                    (!c.isInter() || CallLog.sameButMode(mine, theirs)))
                {
                    log.alike(number);
                    tellOtherJvms(c, sequence, mine);
                    throw orderMismatch(c, number - 1, rank, theirs, mine);
                }
            }
            if (!everyPeer)
            {
                return;
            }
            log.alike(number);
        }
    }

    /**
     * Compare the oldest nonblocking collective this rank runs by a schedule and that has not completed with the
     * peers' of the same number; where one differs, end it with the error (nothing else is waiting in it: its
     * request fails in the program's next wait or test of it).
     */
    private void checkNonblocking(final CallLog log)
    {
        final long oldest = log.oldestWatched();
        final long sequence = CallLog.NONBLOCKING | oldest;
        final Conflict conflict = oldest > 0 ? conflict(log, sequence) : null;
        if (conflict != null && log.watched(oldest).abandon(log.comm.isInter() ?
            acrossMismatch(oldest - 1, conflict, log.comm.rank()) :
            nonblockingMismatch(oldest - 1, conflict.rank, conflict.theirs, log.comm.rank(), conflict.mine)))
        {
            tellOtherJvms(log.comm, sequence, conflict.mine);
        }
    }

    @Override
    public long[] describe(final int context, final long sequence)
    {
        final CallLog log = log(context);
        return log == null ? null : log.describe(sequence);
    }

    @Override
    public void answered(final int peer, final int context, final long sequence, final long call, final long bytes)
    {
        final CallLog log = log(context);
        if (log != null)
        {
            final int rank = rankOf(log.comm, peer);
            if (rank >= 0)
            {
                log.answered(rank, sequence, call, bytes);
            }
        }
    }

    /**
     * Compare this rank's call {@code sequence} with every peer's that is known, asking those in other JVMs that have
     * not answered: the first peer's that cannot belong with it, or null.
     */
    private Conflict conflict(final CallLog log, final long sequence)
    {
        final long[] mine = log.describe(sequence);
        if (mine == null)
        {
            return null; // a nonblocking collective started so long ago that its descriptor is gone
        }
        final Communicator c = log.comm;
        final int self = engine.worldRank();
        final long nowNs = System.nanoTime();
        for (int rank = 0; rank < c.peerCount(); rank++)
        {
            if (c.worldRankOf(rank) == self)
            {
                continue;
            }
            final long[] theirs = peerCall(log, rank, sequence, nowNs);
            if (theirs != null && CallLog.conflict(mine, theirs) != null &&
                (mine[0] != theirs[0] || log.differsFor(rank, sequence, nowNs, againNs)))
            {
                return new Conflict(rank, theirs, mine);
            }
        }
        return null;
    }

    /**
     * What peer {@code rank} of {@code log}'s communicator ran as call {@code sequence}: read from a peer in this JVM,
     * else its answer if it gave one, the question asked (once, and again only {@code againNs} after an answer that
     * it had not reached the call); null if not known (yet).
     */
    private long[] peerCall(final CallLog log, final int rank, final long sequence, final long nowNs)
    {
        final Communicator c = log.comm;
        final int world = c.worldRankOf(rank);
        if (placement.sameJvm(engine.worldRank(), world))
        {
            final Engine peer = engine.localPeer(world);
            final Engine.CallMonitor monitor = peer == null ? null : peer.callMonitor();
            return monitor == null ? null : monitor.describe(c.context(), sequence);
        }
        final long[] theirs = log.answer(rank, sequence);
        if (theirs == null && log.askNow(rank, sequence, nowNs, againNs))
        {
            engine.query(world, c.context(), sequence);
        }
        return theirs;
    }

    /** Communicator rank {@code rank} runs {@code theirs} where this rank runs {@code mine}. */
    private record Conflict(int rank, long[] theirs, long[] mine)
    {
    }

    /**
     * Give the ranks of {@code c} in other JVMs this rank's call {@code sequence} unasked: they may still wait in it
     * once this rank has failed it and no longer polls (it may leave the job), and then learn of the mismatch at once.
     */
    private void tellOtherJvms(final Communicator c, final long sequence, final long[] mine)
    {
        final int self = engine.worldRank();
        for (int rank = 0; rank < c.peerCount(); rank++)
        {
            final int world = c.worldRankOf(rank);
            if (!placement.sameJvm(self, world))
            {
                engine.tell(world, c.context(), sequence, mine[0], mine[1]);
            }
        }
    }

    /**
     * The error of call {@code sequence}, {@code mine} on rank {@code self}, where rank {@code other} runs
     * {@code theirs} as the same call: {@code ERR_TRUNCATE} where only the counts differ, else {@code ERR_OTHER}.
     */
    static MpiError mismatch(final long sequence, final int other, final long[] theirs, final int self,
        final long[] mine)
    {
        return new MpiError(CallLog.countsDiffer(mine, theirs) ? ErrorClass.TRUNCATE : ErrorClass.OTHER,
            "mismatched collectives: rank " + other + " runs " + CallLog.conflict(mine, theirs) + " as call " +
            sequence + " on this communicator: " + CallLog.describe(theirs) + " where rank " + self +
            " runs " + CallLog.describe(mine));
    }

    /**
     * As {@link #mismatch}, for the {@code sequence}-th nonblocking collective (counted from 0); also where the ranks
     * of one JVM find it as they start it ({@link ArenaOperation}).
     */
    static MpiError nonblockingMismatch(final long sequence, final int other, final long[] theirs, final int self,
        final long[] mine)
    {
        return new MpiError(CallLog.countsDiffer(mine, theirs) ? ErrorClass.TRUNCATE : ErrorClass.OTHER,
            "mismatched nonblocking collectives: rank " + other + " starts " + CallLog.describe(theirs) +
            " as nonblocking collective " + sequence + " on this communicator, where rank " + self + " starts " +
            CallLog.describe(mine));
    }

    /**
     * As {@link #mismatch}, for the {@code number}-th call (counted from 0) in the one order of all calls, blocking and
     * nonblocking, where one rank's is blocking and the other's not.
     */
    private static MpiError orderMismatch(final Communicator c, final long number, final int other,
        final long[] theirs, final long[] mine)
    {
        final boolean inter = c.isInter();
        return new MpiError(ErrorClass.OTHER, "mismatched collectives: rank " + other +
            (inter ? " of the other group" : "") + " makes " + CallLog.describe(theirs) + " its collective " + number +
            " on this " + (inter ? "intercommunicator" : "communicator") + ", where rank " + c.rank() +
            (inter ? " of this group" : "") + " makes " + CallLog.describe(mine) +
            " (a blocking collective never matches a nonblocking one)");
    }

    /**
     * As {@link #mismatch}, between the groups of an intercommunicator, for its {@code sequence}-th collective (counted
     * from 0, blocking or not), where rank {@code self} of this group runs another kind of collective than
     * {@code conflict}'s rank of the other group.
     */
    private static MpiError acrossMismatch(final long sequence, final Conflict conflict, final int self)
    {
        return new MpiError(ErrorClass.OTHER, "mismatched collectives on an intercommunicator: rank " + conflict.rank +
            " of the other group runs " + CallLog.describe(conflict.theirs) + " as collective " + sequence +
            " on it, where rank " + self + " of this group runs " + CallLog.describe(conflict.mine));
    }

    private static int rankOf(final Communicator c, final int world)
    {
        for (int rank = 0; rank < c.peerCount(); rank++)
        {
            if (c.worldRankOf(rank) == world)
            {
                return rank;
            }
        }
        return -1;
    }
}
