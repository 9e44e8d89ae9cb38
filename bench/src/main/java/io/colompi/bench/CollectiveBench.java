package io.colompi.bench;

import io.colompi.core.job.JobContext;
import mpi.Intracomm;
import mpi.MPI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * osu_allreduce, osu_bcast, osu_barrier, ...: every rank times each call of the collective (a barrier between
 * calls, untimed), and rank 0 prints the average of the ranks' mean latencies with the smallest and largest.
 * With {@code --algorithms} it times several flat algorithms at every size, one after the other in the same job.
 * Sizes are per-rank message sizes as OSU counts them (alltoall: bytes to each peer). Root 0, operation SUM.
 */
@Command(mixinStandardHelpOptions = true)
final class CollectiveBench implements Callable<Integer>
{
    @Mixin
    Options options;

    @Option(names = "--algorithms", split = ",", paramLabel = "NAME",
        description = "Time these flat algorithms one after the other at every size (series = algorithm; 'all' = " +
            "every one, 'default' = the thresholds in force), to find where they cross over.")
    List<String> algorithms;

    private final Collective kind;
    private final Options.Defaults defaults;

    CollectiveBench(final Collective kind)
    {
        this.kind = kind;
        this.defaults = new Options.Defaults(1_000, 200, 100, 10, kind.blocking() == Collective.BARRIER ? "0" : "1", "1M",
            kind.reduction() ? Element.DOUBLE : Element.BYTE, 10_000);
    }

    private static double average(final double[] values)
    {
        double sum = 0;
        for (final double v : values)
        {
            sum += v;
        }
        return sum / values.length;
    }

    @Override
    public Integer call() throws Exception
    {
        final Intracomm comm = MPI.COMM_WORLD;
        final int rank = comm.Rank();
        final int np = comm.Size();
        final JobShape shape = JobShape.detect(np);
        final boolean barrier = kind.blocking() == Collective.BARRIER;
        final Element element = barrier ? null : options.element(defaults);
        final List<Integer> sizes = barrier ? List.of(0)
            : Sizes.doubling(options.minSize(defaults), options.maxSize(defaults), element.bytes());
        final int maxCount = barrier || sizes.isEmpty() ? 0 : element.count(sizes.get(sizes.size() - 1));
        final CollectiveCall call = new CollectiveCall(kind, comm, barrier ? Element.BYTE : element, maxCount);
        final double[] mine = new double[1];
        final double[] all = new double[np];
        final String tier = shape.collectiveTier();
        final JobContext job = JobShape.jobOfThisRank();
        if (algorithms != null && job == null)
        {
            throw new IllegalStateException("--algorithms switches the thresholds of a job colorun started");
        }

        try (Results results = new Results(rank, kind.label(), shape, element, options))
        {
            results.title(Character.toUpperCase(kind.label().charAt(0)) + kind.label().substring(1) + " Latency Test",
                "tier=" + tier + (kind.reduction() ? " op=SUM" : "") + (barrier ? "" : " root=0"));
            final boolean raw = options.withRaw && barrier && "local".equals(tier);
            if (options.withRaw && !raw && results.root())
            {
                System.out.println("# raw limit: only for the barrier of ranks in one JVM (see latency/bw --with-raw)");
            }
            results.columns("Avg Latency(us)", "Min Latency(us)", "Max Latency(us)");

            // Warm the JIT with every small size in turn (or the first size, if none is small): warmed with the
            // first alone, it compiled code that the second size deoptimized, and 8 JVMs recompiling at once on 2
            // cores put milliseconds into that row.
            final int[] warmCounts = sizes.stream().filter(size -> size <= Sizes.LARGE_MESSAGE || size == sizes.get(0))
                .mapToInt(size -> barrier ? 0 : element.count(size)).toArray();
            final int jitCalls = options.jitWarmup(defaults);
            comm.Barrier();
            for (int c = 0; c < jitCalls && warmCounts.length > 0; c++)
            {
                Loops.collective(call, warmCounts[c % warmCounts.length], 1);
            }

            Loops.settle(comm);

            final List<String> seriesNames = algorithms == null ? List.of("colompi") :
                algorithms.contains("all") ? Algorithms.of(kind) : algorithms;
            int index = 0;
            for (final int size : sizes)
            {
                final int count = barrier ? 0 : element.count(size);
                final int iterations = options.iterations(size, defaults);
                final int warmup = options.warmup(size, defaults);

                for (final String series : seriesNames)
                {
                    if (algorithms != null)
                    {
                        // every rank switches between the same two barriers, so all pick the same algorithm
                        comm.Barrier();
                        job.useCollectives(Algorithms.tuning(kind, series, job.settings().collectives()));
                    }
                    comm.Barrier();
                    Loops.collective(call, count, warmup);
                    comm.Barrier();
                    mine[0] = Loops.collective(call, count, iterations) / 1e3 / iterations;
                    comm.Gather(mine, 0, 1, MPI.DOUBLE, all, 0, 1, MPI.DOUBLE, 0);
                    if (rank == 0)
                    {
                        final double average = average(all);
                        final double min = Arrays.stream(all).min().orElse(0);
                        final double max = Arrays.stream(all).max().orElse(0);
                        if (algorithms != null)
                        {
                            System.out.println("# " + series + ":");
                        }
                        if (barrier)
                        {
                            results.rowNoSize(average, min, max);
                        }
                        else
                        {
                            results.row(size, average, min, max);
                        }
                        results.record(series, tier, size, average, "us", Double.NaN, Double.NaN, min, max,
                            iterations);
                    }
                }
                if (raw)
                {
                    // the others wait in a barrier meanwhile (they soon park), leaving the cores to the raw threads
                    final double rawUs = rank == 0 ? RawBarrier.measure(np, iterations) : 0;
                    comm.Barrier();
                    if (rank == 0)
                    {
                        System.out.printf(Locale.ROOT, "# raw limit: %d plain threads in a yield barrier: %.2f us; " +
                            "colompi / raw = %.2f%n", np, rawUs, average(all) / rawUs);
                        results.record("raw", tier, size, rawUs, "us", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                            iterations);
                    }
                }
                results.progress(size, ++index, sizes.size());
            }
            if (algorithms != null)
            {
                comm.Barrier();
                job.useCollectives(null);
            }
        }
        return 0;
    }
}
