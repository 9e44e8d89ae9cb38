package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.trace.journal.RankTrace;
import io.colompi.trace.journal.TraceEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One rank's time between the end of {@code MPI.Init} and the end of its last call: in MPI (its outermost calls: the
 * journal records only those, but two threads of a rank may overlap), of that waiting, and outside MPI (computing, and the journal's own
 * appends), plus the outermost calls themselves.
 */
record RankTimes(int rank, long mpiNs, long computeNs, long waitNs, List<TraceEvent> outermost)
{
    static RankTimes of(final RankTrace trace)
    {
        final List<TraceEvent> events = new ArrayList<>(trace.events());
        events.sort(Comparator.comparingLong(TraceEvent::startNs).thenComparing(Comparator.comparingLong(TraceEvent::endNs).reversed()));
        final List<TraceEvent> outermost = new ArrayList<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        long coveredTo = Long.MIN_VALUE;
        long mpi = 0;
        long wait = 0;
        for (final TraceEvent event : events)
        {
            if (event.call() == Call.INIT)
            {
                from = Math.min(from, event.endNs());
                continue;
            }
            to = Math.max(to, event.endNs());
            if (event.startNs() >= coveredTo)
            {
                outermost.add(event);
                mpi += event.durationNs();
                wait += event.waitNs();
                coveredTo = event.endNs();
            }
        }
        if (from == Long.MAX_VALUE)
        {
            from = events.isEmpty() ? 0 : events.get(0).startNs();
        }
        final long span = Math.max(0, to - from);
        return new RankTimes(trace.rank(), mpi, Math.max(0, span - mpi), Math.min(wait, mpi), outermost);
    }
}
