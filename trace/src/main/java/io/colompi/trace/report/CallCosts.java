package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.TraceEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/** The calls that cost most, of the outermost calls of all ranks: per call, and the slowest single ones. */
final class CallCosts
{
    private static final Comparator<TraceEvent> BY_DURATION = Comparator.comparingLong(TraceEvent::durationNs);

    private final int top;
    /**
     * Per call name: calls, total ns, max ns, waiting ns. By name, since a wait or test that completed a receive is a
     * call of its own in the journal ({@link Call#WAIT_RECV}) but the same call to the program.
     */
    private final Map<String, long[]> byCall = new HashMap<>();
    /** The {@code top} slowest so far, the fastest of them first. */
    private final PriorityQueue<TraceEvent> slowest;

    /** Costs that show the {@code top} costliest calls and slowest single calls. */
    CallCosts(final int top)
    {
        this.top = top;
        this.slowest = new PriorityQueue<>(top + 1, BY_DURATION);
    }

    void add(final TraceEvent outermost)
    {
        final long[] sums = byCall.computeIfAbsent(outermost.call().mpiName(), name -> new long[4]);
        sums[0]++;
        sums[1] += outermost.durationNs();
        sums[2] = Math.max(sums[2], outermost.durationNs());
        sums[3] += outermost.waitNs();
        if (slowest.size() < top || outermost.durationNs() > slowest.peek().durationNs())
        {
            slowest.add(outermost);
            if (slowest.size() > top)
            {
                slowest.poll();
            }
        }
    }

    /** Both tables in Markdown; the single calls' times from {@code originNs}. */
    void appendTo(final StringBuilder md, final long originNs)
    {
        md.append("## The calls that cost most (outermost calls of all ranks)\n\n")
            .append("| call | calls | total ms | mean us | max us | waiting ms |\n|---|---:|---:|---:|---:|---:|\n");
        byCall.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[1])).limit(top).forEach(e ->
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.1f | %.1f | %.2f |%n", e.getKey(),
                e.getValue()[0], e.getValue()[1] / 1e6, e.getValue()[1] / 1e3 / e.getValue()[0], e.getValue()[2] / 1e3,
                e.getValue()[3] / 1e6)));
        md.append("\nSlowest single calls:\n\n| rank | call | peer | bytes | tier | us | at ms |\n")
            .append("|---:|---|---:|---:|---|---:|---:|\n");
        final List<TraceEvent> slowestFirst = new ArrayList<>(slowest);
        slowestFirst.sort(BY_DURATION.reversed().thenComparingInt(TraceEvent::rank));
        for (final TraceEvent e : slowestFirst)
        {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %,d | %s | %.1f | %.3f |%n", e.rank(),
                e.call().mpiName(), e.peer() < 0 ? "-" : Integer.toString(e.peer()), e.bytes(), Tier.name(e.tier()),
                e.durationNs() / 1e3, (e.startNs() - originNs) / 1e6));
        }
        md.append('\n');
    }
}
