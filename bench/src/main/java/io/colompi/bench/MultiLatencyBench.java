package io.colompi.bench;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * osu_multi_lat: rank {@code r < np/2} ping-pongs with rank {@code r + np/2}, all pairs at once. Prints the average
 * one-way latency over pairs (as OSU), the mean of the pairs' medians and the worst pair's p99. With
 * {@code --with-raw}, every pinging rank then runs its own raw handoff pair, all at once, so the raw limit sees the
 * same number of busy threads.
 */
@Command(name = "multi-lat", mixinStandardHelpOptions = true,
    description = "Concurrent ping-pong latency of np/2 rank pairs (osu_multi_lat).")
final class MultiLatencyBench implements Callable<Integer>
{
    static final Options.Defaults DEFAULTS =
        new Options.Defaults(10_000, 1_000, 1_000, 100, "1", "1M", Element.BYTE, 5_000);

    /** Per rank, gathered to rank 0: average, median, p99 (us), 1 if the rank timed a pair. */
    private static final int FIELDS = 4;

    @Mixin
    Options options;

    @Override
    public Integer call() throws Exception
    {
        final Intracomm comm = MPI.COMM_WORLD;
        final int rank = comm.Rank();
        final int np = comm.Size();
        if (np < 2 || np % 2 != 0)
        {
            throw new IllegalArgumentException("multi-lat needs an even number of ranks, got " + np);
        }
        final int pairs = np / 2;
        final boolean pinger = rank < pairs;
        final int peer = pinger ? rank + pairs : rank - pairs;
        final JobShape shape = JobShape.detect(np);
        final Element element = options.element(DEFAULTS);
        final List<Integer> sizes = Sizes.doubling(options.minSize(DEFAULTS), options.maxSize(DEFAULTS), element.bytes());
        final int maxCount = Math.max(1, element.count(sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1)));
        final Datatype type = element.datatype();
        final Object send = options.api().allocate(element, maxCount, rank + 1);
        final Object recv = options.api().allocate(element, maxCount, 0);
        int maxIterations = 1;
        for (final int size : sizes)
        {
            maxIterations = Math.max(maxIterations, Math.max(options.iterations(size, DEFAULTS), options.warmup(size, DEFAULTS)));
        }
        final long[] samples = new long[maxIterations];
        // The pairs' tier: one label for all of them (a placement may mix them, e.g. local and shm).
        final java.util.TreeSet<String> tiers = new java.util.TreeSet<>();
        for (int r = 0; r < pairs; r++)
        {
            tiers.add(shape.tier(r, r + pairs));
        }
        final String tier = String.join("+", tiers);
        final boolean withRaw = options.withRaw && RawLimit.streams(tier);
        final boolean shm = "shm".equals(tier);
        final Samples stats = new Samples();
        final double[] mine = new double[FIELDS];
        final double[] all = new double[FIELDS * np];
        final double[] rawMine = new double[FIELDS];
        final double[] rawAll = new double[FIELDS * np];

        try (Results results = new Results(rank, "multi-lat", shape, element, options);
             RawHandoff raw = pinger && withRaw && !shm ? new RawHandoff(element, maxCount, options.rawPolicy(shape)) : null;
             RawRing ring = withRaw && shm ? RawLimit.ring(comm, rank, peer, shape, options, element, send, recv) : null)
        {
            results.title("Multiple Pair Latency Test", "pairs=" + pairs + " tier=" + tier +
                (withRaw ? " raw-wait=" + options.rawPolicy(shape).name() : "") +
                (ring != null ? " raw=ring:" + ring.description() : ""));
            RawLimit.noteMissing(results, options.withRaw, withRaw, tier);
            if (withRaw)
            {
                results.columns("Latency (us)", "Median (us)", "P99 max (us)", "Raw (us)", "Raw Median (us)", "Ratio");
            }
            else
            {
                results.columns("Latency (us)", "Median (us)", "P99 max (us)");
            }

            final int firstCount = sizes.isEmpty() ? 0 : element.count(sizes.get(0));
            final int jitCalls = options.jitWarmup(DEFAULTS);
            comm.Barrier();
            for (int c = 0; c < jitCalls; c++)
            {
                exchange(comm, pinger, peer, send, recv, firstCount, type, 1, samples);
            }
            comm.Barrier();
            if (raw != null)
            {
                for (int c = 0; c < jitCalls; c++)
                {
                    raw.pingPong(firstCount, 1, samples);
                }
            }
            if (ring != null)
            {
                for (int c = 0; c < jitCalls; c++)
                {
                    ringExchange(ring, pinger, firstCount, 1, samples);
                }
            }

            Loops.settle(comm);

            int index = 0;
            for (final int size : sizes)
            {
                final int count = element.count(size);
                final int iterations = options.iterations(size, DEFAULTS);
                final int warmup = options.warmup(size, DEFAULTS);

                comm.Barrier();
                exchange(comm, pinger, peer, send, recv, count, type, warmup, samples);
                final long total = exchange(comm, pinger, peer, send, recv, count, type, iterations, samples);
                summarize(pinger, total, iterations, samples, stats, mine);
                comm.Gather(mine, 0, FIELDS, MPI.DOUBLE, all, 0, FIELDS, MPI.DOUBLE, 0);

                if (withRaw)
                {
                    comm.Barrier();
                    long rawTotal = 0;
                    if (raw != null)
                    {
                        raw.pingPong(count, warmup, samples);
                        rawTotal = raw.pingPong(count, iterations, samples);
                    }
                    if (ring != null)
                    {
                        ringExchange(ring, pinger, count, warmup, samples);
                        rawTotal = ringExchange(ring, pinger, count, iterations, samples);
                    }
                    summarize(pinger, rawTotal, iterations, samples, stats, rawMine);
                    comm.Gather(rawMine, 0, FIELDS, MPI.DOUBLE, rawAll, 0, FIELDS, MPI.DOUBLE, 0);
                }

                if (rank == 0)
                {
                    final double[] c = combine(all, np);
                    if (withRaw)
                    {
                        final double[] r = combine(rawAll, np);
                        results.row(size, c[0], c[1], c[2], r[0], r[1], c[1] / r[1]);
                        results.record("raw", tier, size, r[0], "us", r[1], r[2], Double.NaN, Double.NaN, iterations);
                    }
                    else
                    {
                        results.row(size, c[0], c[1], c[2]);
                    }
                    results.record("colompi", tier, size, c[0], "us", c[1], c[2], Double.NaN, Double.NaN, iterations);
                }
                results.progress(size, ++index, sizes.size());
            }
        }
        return 0;
    }

    private long exchange(
        final Intracomm comm, final boolean pinger, final int peer, final Object send, final Object recv, final int count,
        final Datatype type, final int iterations, final long[] samples)
    {
        if (pinger)
        {
            return Loops.ping(options.api(), comm, send, recv, count, type, peer, iterations, samples);
        }
        Loops.pong(options.api(), comm, send, recv, count, type, peer, iterations);
        return 0;
    }

    private static long ringExchange(
        final RawRing ring, final boolean pinger, final int count, final int iterations, final long[] samples)
    {
        if (pinger)
        {
            return ring.pingPong(count, iterations, samples);
        }
        ring.pong(count, iterations);
        return 0;
    }

    private static void summarize(
        final boolean pinger, final long total, final int iterations, final long[] samples, final Samples stats,
        final double[] out)
    {
        if (!pinger)
        {
            java.util.Arrays.fill(out, 0);
            return;
        }
        final Samples.Summary summary = stats.summarize(samples, iterations, 2);
        out[0] = total / 1e3 / iterations / 2;
        out[1] = summary.p50();
        out[2] = summary.p99();
        out[3] = 1;
    }

    /** Mean average, mean median, worst p99 over the ranks that timed a pair. */
    private static double[] combine(final double[] all, final int np)
    {
        double average = 0;
        double median = 0;
        double worst = 0;
        int pairs = 0;
        for (int r = 0; r < np; r++)
        {
            if (all[r * FIELDS + 3] != 0)
            {
                average += all[r * FIELDS];
                median += all[r * FIELDS + 1];
                worst = Math.max(worst, all[r * FIELDS + 2]);
                pairs++;
            }
        }
        return new double[] { average / pairs, median / pairs, worst };
    }
}
