package io.colompi.bench;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * osu_bw and osu_bibw: windows of nonblocking sends (rank 0 to 1; for bibw both ways at once), MB/s = 10^6 bytes
 * per second as OSU counts. With {@code --with-raw}, the same windows through the raw handoff.
 */
@Command(mixinStandardHelpOptions = true)
final class BandwidthBench implements Callable<Integer>
{
    static final Options.Defaults DEFAULTS = new Options.Defaults(100, 10, 20, 2, "1", "4M", Element.BYTE, 2_000);
    /**
     * Without {@code --iterations}, each size moves about this many bytes (20 to 5000 windows): OSU's 100 windows
     * of 64 small messages take well under a millisecond in one JVM, so a single preemption would decide the number.
     */
    static final long ADAPTIVE_BYTES = 1L << 30;
    static final int ADAPTIVE_MIN = 20;
    static final int ADAPTIVE_MAX = 5_000;

    @Mixin
    Options options;

    @Option(names = { "-W", "--window" }, paramLabel = "N", description = "Messages in flight per window (default 64).")
    int window = 64;

    private final boolean bidirectional;

    BandwidthBench(final boolean bidirectional)
    {
        this.bidirectional = bidirectional;
    }

    @Override
    public Integer call() throws Exception
    {
        final Intracomm comm = MPI.COMM_WORLD;
        final int rank = comm.Rank();
        final int np = comm.Size();
        if (np < 2)
        {
            throw new IllegalArgumentException(name() + " needs at least 2 ranks, got " + np);
        }
        if (window < 1)
        {
            throw new IllegalArgumentException("--window must be at least 1");
        }
        final JobShape shape = JobShape.detect(np);
        final Element element = options.element(DEFAULTS);
        final List<Integer> sizes = Sizes.doubling(options.minSize(DEFAULTS), options.maxSize(DEFAULTS), element.bytes());
        final int maxCount = Math.max(1, element.count(sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1)));
        final Datatype type = element.datatype();
        final Object send = options.api().allocate(element, maxCount, rank + 1);
        final Object recv = options.api().allocate(element, maxCount, 0);
        final Request[] sends = new Request[window];
        final Request[] receives = new Request[window];
        final byte[] ack = new byte[4];
        final String tier = shape.tier(0, 1);
        final boolean withRaw = options.withRaw && RawLimit.streams(tier);
        final boolean shm = "shm".equals(tier);
        final int directions = bidirectional ? 2 : 1;

        try (Results results = new Results(rank, name(), shape, element, options);
             RawHandoff raw = rank == 0 && withRaw && !shm ? new RawHandoff(element, maxCount, options.rawPolicy(shape)) : null;
             RawRing ring = rank <= 1 && withRaw && shm ? RawLimit.ring(comm, rank, 1 - rank, shape, options, element, send, recv) : null)
        {
            results.title(bidirectional ? "Bi-Directional Bandwidth Test" : "Bandwidth Test",
                "tier=" + tier + " window=" + window + (raw != null ? " raw-wait=" + raw.policyName() : "") +
                    (ring != null ? " raw=ring:" + ring.description() : ""));
            RawLimit.noteMissing(results, options.withRaw, withRaw, tier);
            if (withRaw)
            {
                results.columns("Bandwidth (MB/s)", "Raw (MB/s)", "Ratio");
            }
            else
            {
                results.columns("Bandwidth (MB/s)");
            }

            final int firstCount = sizes.isEmpty() ? 0 : element.count(sizes.get(0));
            final int jitCalls = options.jitWarmup(DEFAULTS);
            comm.Barrier();
            for (int c = 0; c < jitCalls; c++)
            {
                exchange(comm, rank, send, recv, firstCount, type, sends, receives, ack, 1);
            }
            if (raw != null)
            {
                for (int c = 0; c < jitCalls; c++)
                {
                    rawExchange(raw, firstCount, 1);
                }
            }
            if (ring != null)
            {
                for (int c = 0; c < jitCalls; c++)
                {
                    ringExchange(ring, rank, firstCount, 1);
                }
            }
            // One full-length pass of the first size too: steady-state message patterns differ from one-window
            // calls, and recompiling for them must not fall into the first timed size.
            if (!sizes.isEmpty())
            {
                final int first = iterations(sizes.get(0));
                exchange(comm, rank, send, recv, firstCount, type, sends, receives, ack, first);
                if (raw != null)
                {
                    rawExchange(raw, firstCount, first);
                }
                if (ring != null)
                {
                    ringExchange(ring, rank, firstCount, first);
                }
            }

            Loops.settle(comm);

            int index = 0;
            for (final int size : sizes)
            {
                final int count = element.count(size);
                final int iterations = iterations(size);
                final int warmup = warmup(size, iterations);
                final double bytes = (double)size * window * iterations * directions;

                comm.Barrier();
                exchange(comm, rank, send, recv, count, type, sends, receives, ack, warmup);
                final long total = exchange(comm, rank, send, recv, count, type, sends, receives, ack, iterations);
                comm.Barrier();
                double rawBandwidth = Double.NaN;
                if (raw != null)
                {
                    rawExchange(raw, count, warmup);
                    rawBandwidth = bytes / 1e6 / (rawExchange(raw, count, iterations) / 1e9);
                }
                if (ring != null)
                {
                    ringExchange(ring, rank, count, warmup);
                    rawBandwidth = bytes / 1e6 / (ringExchange(ring, rank, count, iterations) / 1e9);
                }
                comm.Barrier();

                if (rank == 0)
                {
                    final double bandwidth = bytes / 1e6 / (total / 1e9);
                    if (withRaw)
                    {
                        results.row(size, bandwidth, rawBandwidth, rawBandwidth / bandwidth);
                        results.record("raw", tier, size, rawBandwidth, "MB/s", Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN, iterations);
                    }
                    else
                    {
                        results.row(size, bandwidth);
                    }
                    results.record("colompi", tier, size, bandwidth, "MB/s", Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, iterations);
                }
                results.progress(size, ++index, sizes.size());
            }
        }
        return 0;
    }

    private int iterations(final int size)
    {
        if (options.iterations != null || options.largeIterations != null)
        {
            return options.iterations(size, DEFAULTS);
        }
        final long windows = ADAPTIVE_BYTES / Math.max(1L, (long)size * window);
        return (int)Math.max(ADAPTIVE_MIN, Math.min(ADAPTIVE_MAX, windows));
    }

    private int warmup(final int size, final int iterations)
    {
        if (options.warmup != null || options.largeWarmup != null)
        {
            return options.warmup(size, DEFAULTS);
        }
        return Math.max(2, iterations / 10);
    }

    private String name()
    {
        return bidirectional ? "bibw" : "bw";
    }

    /** One measurement between ranks 0 and 1 (others idle); rank 0's total time in ns. */
    private long exchange(
        final Intracomm comm, final int rank, final Object send, final Object recv, final int count, final Datatype type,
        final Request[] sends, final Request[] receives, final byte[] ack, final int iterations)
    {
        if (rank > 1)
        {
            return 0;
        }
        final int peer = 1 - rank;
        if (bidirectional)
        {
            return Loops.windowExchange(options.api(), comm, send, recv, count, type, peer, sends, receives, iterations);
        }
        if (rank == 0)
        {
            return Loops.windowSend(options.api(), comm, send, count, type, peer, sends, ack, iterations);
        }
        Loops.windowRecv(options.api(), comm, recv, count, type, peer, receives, ack, iterations);
        return 0;
    }

    private long rawExchange(final RawHandoff raw, final int count, final int iterations)
    {
        return bidirectional ? raw.bidirectional(count, window, iterations) : raw.stream(count, window, iterations);
    }

    /** The same windows through the raw ring between ranks 0 and 1 (rank 0 sends for bw); rank 0's total ns. */
    private long ringExchange(final RawRing ring, final int rank, final int count, final int iterations)
    {
        if (bidirectional)
        {
            return ring.bidirectional(count, window, iterations);
        }
        if (rank == 0)
        {
            return ring.stream(count, window, iterations);
        }
        ring.sink(count, window, iterations);
        return 0;
    }
}
