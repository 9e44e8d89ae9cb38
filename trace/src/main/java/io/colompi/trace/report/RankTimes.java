package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.trace.journal.TraceEvent;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One rank's time between the end of {@code MPI.Init} and the end of its last call: in MPI (its outermost calls: the
 * journal records only those, but two threads of a rank may overlap), of that waiting, and outside MPI (computing, and
 * the journal's own appends). Its calls come in the order they ended; each outermost one goes to {@code outermost}
 * once no later call can hold it, or at {@link #finish()}.
 */
final class RankTimes
{
    /**
     * The outermost calls kept open, the newest of which a later call that started earlier may still hold: a call of
     * one thread of the rank that spans more of another thread's calls than this counts them, not itself.
     */
    static final int OPEN_CALLS = 4096;

    private final int rank;
    private final Consumer<TraceEvent> outermost;
    /** Outermost calls so far that a later call may still hold, disjoint, by time. */
    private final ArrayDeque<TraceEvent> open = new ArrayDeque<>();
    private long initEndNs = Long.MAX_VALUE;
    private long firstStartNs = Long.MAX_VALUE;
    private long lastEndNs = Long.MIN_VALUE;
    private long mpiNs;
    private long waitNs;

    RankTimes(final int rank, final Consumer<TraceEvent> outermost)
    {
        this.rank = rank;
        this.outermost = outermost;
    }

    /** The rank's next call, by end time. */
    void add(final TraceEvent call)
    {
        firstStartNs = Math.min(firstStartNs, call.startNs());
        if (call.call() == Call.INIT)
        {
            initEndNs = Math.min(initEndNs, call.endNs());
            return;
        }
        lastEndNs = Math.max(lastEndNs, call.endNs());
        while (!open.isEmpty() && open.peekLast().startNs() >= call.startNs())
        {
            open.pollLast(); // held by this call, which ends later
        }
        if (!open.isEmpty() && call.startNs() < open.peekLast().endNs())
        {
            return; // started inside an outermost call before it (another thread's)
        }
        open.addLast(call);
        if (open.size() > OPEN_CALLS)
        {
            count(open.pollFirst());
        }
    }

    /** Count the calls still open: the rank's calls are all added. */
    void finish()
    {
        while (!open.isEmpty())
        {
            count(open.pollFirst());
        }
    }

    private void count(final TraceEvent call)
    {
        mpiNs += call.durationNs();
        waitNs += call.waitNs();
        outermost.accept(call);
    }

    int rank()
    {
        return rank;
    }

    long mpiNs()
    {
        return mpiNs;
    }

    /** Time outside MPI from the end of Init (or the first call) to the end of the last. */
    long computeNs()
    {
        if (lastEndNs == Long.MIN_VALUE)
        {
            return 0; // no call after Init
        }
        final long fromNs = initEndNs != Long.MAX_VALUE ? initEndNs : firstStartNs;
        return Math.max(0, Math.max(0, lastEndNs - fromNs) - mpiNs);
    }

    /** Of {@link #mpiNs()}, waiting. */
    long waitNs()
    {
        return Math.min(waitNs, mpiNs);
    }
}
