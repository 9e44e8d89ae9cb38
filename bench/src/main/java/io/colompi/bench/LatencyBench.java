package io.colompi.bench;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * osu_latency: ranks 0 and 1 ping-pong blocking sends; one-way latency = round trip / 2 (average as OSU prints it,
 * plus median and p99 of the per-iteration round trips). With {@code --with-raw}, rank 0 then measures the raw
 * limit of the tier for the same size and counts (rank 1 waits in a barrier meanwhile).
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Ping-pong one-way latency between ranks 0 and 1 (osu_latency).")
final class LatencyBench implements Callable<Integer>
{
    static final Options.Defaults DEFAULTS =
        new Options.Defaults(10_000, 1_000, 1_000, 100, "1", "4M", Element.BYTE, 20_000);

    @Mixin
    Options options;

    @Override
    public Integer call() throws Exception
    {
        final Intracomm comm = MPI.COMM_WORLD;
        final int rank = comm.Rank();
        final int np = comm.Size();
        if (np < 2)
        {
            throw new IllegalArgumentException("latency needs at least 2 ranks, got " + np);
        }
        final JobShape shape = JobShape.detect(np);
        final Element element = options.element(DEFAULTS);
        final List<Integer> sizes = Sizes.doubling(options.minSize(DEFAULTS), options.maxSize(DEFAULTS), element.bytes());
        final int maxCount = element.count(sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1));
        final Datatype type = element.datatype();
        final Object send = options.api().allocate(element, Math.max(1, maxCount), rank + 1);
        final Object recv = options.api().allocate(element, Math.max(1, maxCount), 0);
        final long[] samples = new long[maxIterations(sizes)];
        final String tier = shape.tier(0, 1);
        final boolean withRaw = options.withRaw && RawLimit.available(tier);
        final boolean shm = "shm".equals(tier);
        final boolean aeron = "aeron".equals(tier);
        final Samples stats = new Samples();

        try (Results results = new Results(rank, "latency", shape, element, options);
             RawHandoff raw = rank == 0 && withRaw && !shm && !aeron ? new RawHandoff(element, Math.max(1, maxCount), options.rawPolicy(shape)) : null;
             RawAeron rawAeron = rank == 0 && withRaw && aeron ? RawLimit.aeron(options, shape) : null;
             RawRing ring = rank <= 1 && withRaw && shm ? RawLimit.ring(comm, rank, 1 - rank, shape, options, element, send, recv) : null)
        {
            results.title("Latency Test", "tier=" + tier + (raw != null ? " raw-wait=" + raw.policyName() : "") +
                (ring != null ? " raw=ring:" + ring.description() : "") + (rawAeron != null ? " raw=aeron-loopback" : ""));
            RawLimit.noteMissing(results, options.withRaw, withRaw, tier);
            if (withRaw)
            {
                results.columns("Latency (us)", "Median (us)", "P99 (us)", "Raw (us)", "Raw Median (us)", "Ratio");
            }
            else
            {
                results.columns("Latency (us)", "Median (us)", "P99 (us)");
            }

            // JIT warm-up: the loops become compiled methods before anything is timed.
            final int firstCount = sizes.isEmpty() ? 0 : element.count(sizes.get(0));
            final int jitCalls = options.jitWarmup(DEFAULTS);
            comm.Barrier();
            for (int c = 0; c < jitCalls; c++)
            {
                exchange(comm, rank, send, recv, firstCount, type, 1, samples);
            }
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
                    rawExchange(ring, rank, firstCount, 1, samples);
                }
            }
            if (rawAeron != null)
            {
                rawAeron.pingPong(firstCount * element.bytes(), jitCalls, 1, samples);
            }

            Loops.settle(comm);

            int index = 0;
            for (final int size : sizes)
            {
                final int count = element.count(size);
                final int iterations = options.iterations(size, DEFAULTS);
                final int warmup = options.warmup(size, DEFAULTS);

                comm.Barrier();
                exchange(comm, rank, send, recv, count, type, warmup, samples);
                final long total = exchange(comm, rank, send, recv, count, type, iterations, samples);
                final double average = total / 1e3 / iterations / 2;
                final Samples.Summary summary = rank == 0 ? stats.summarize(samples, iterations, 2) : null;

                comm.Barrier();
                double rawAverage = Double.NaN;
                Samples.Summary rawSummary = null;
                if (raw != null)
                {
                    raw.pingPong(count, warmup, samples);
                    rawAverage = raw.pingPong(count, iterations, samples) / 1e3 / iterations / 2;
                    rawSummary = stats.summarize(samples, iterations, 2);
                }
                if (rawAeron != null)
                {
                    rawAverage = rawAeron.pingPong(size, warmup, iterations, samples) / 1e3 / iterations / 2;
                    rawSummary = stats.summarize(samples, iterations, 2);
                }
                if (ring != null)
                {
                    rawExchange(ring, rank, count, warmup, samples);
                    rawAverage = rawExchange(ring, rank, count, iterations, samples) / 1e3 / iterations / 2;
                    rawSummary = rank == 0 ? stats.summarize(samples, iterations, 2) : null;
                }
                comm.Barrier();

                if (rank == 0)
                {
                    if (withRaw)
                    {
                        results.row(size, average, summary.p50(), summary.p99(), rawAverage, rawSummary.p50(),
                            summary.p50() / rawSummary.p50());
                        results.record("raw", tier, size, rawAverage, "us", rawSummary.p50(), rawSummary.p99(),
                            rawSummary.min(), rawSummary.max(), iterations);
                    }
                    else
                    {
                        results.row(size, average, summary.p50(), summary.p99());
                    }
                    results.record("colompi", tier, size, average, "us", summary.p50(), summary.p99(), summary.min(),
                        summary.max(), iterations);
                }
                results.progress(size, ++index, sizes.size());
            }
        }
        return 0;
    }

    /** Rank 0 pings, rank 1 pongs, other ranks idle. Returns rank 0's total time. */
    private long exchange(
        final Intracomm comm, final int rank, final Object send, final Object recv, final int count, final Datatype type,
        final int iterations, final long[] samples)
    {
        if (rank == 0)
        {
            return Loops.ping(options.api(), comm, send, recv, count, type, 1, iterations, samples);
        }
        if (rank == 1)
        {
            Loops.pong(options.api(), comm, send, recv, count, type, 0, iterations);
        }
        return 0;
    }

    /** The raw ring's ping-pong: rank 0 pings, rank 1 pongs. Returns rank 0's total time. */
    private static long rawExchange(final RawRing ring, final int rank, final int count, final int iterations, final long[] samples)
    {
        if (rank == 0)
        {
            return ring.pingPong(count, iterations, samples);
        }
        ring.pong(count, iterations);
        return 0;
    }

    private int maxIterations(final List<Integer> sizes)
    {
        int max = 1;
        for (final int size : sizes)
        {
            max = Math.max(max, Math.max(options.iterations(size, DEFAULTS), options.warmup(size, DEFAULTS)));
        }
        return max;
    }
}
