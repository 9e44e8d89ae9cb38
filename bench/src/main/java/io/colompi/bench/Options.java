package io.colompi.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every benchmark takes (a picocli mixin). Unset counts fall back to the benchmark's OSU defaults. */
public final class Options
{
    @Option(names = { "-m", "--min-size" }, paramLabel = "BYTES", description = "Smallest message size (e.g. 1, 4K).")
    String minSize;

    @Option(names = { "-M", "--max-size" }, paramLabel = "BYTES", description = "Largest message size (e.g. 4M).")
    String maxSize;

    @Option(names = { "-i", "--iterations" }, paramLabel = "N",
        description = "Timed iterations per size up to 8 KiB (also above, unless --large-iterations is given).")
    Integer iterations;

    @Option(names = { "-x", "--warmup" }, paramLabel = "N",
        description = "Untimed iterations before the timed ones, per size up to 8 KiB.")
    Integer warmup;

    @Option(names = "--large-iterations", paramLabel = "N", description = "Timed iterations per size above 8 KiB.")
    Integer largeIterations;

    @Option(names = "--large-warmup", paramLabel = "N", description = "Warm-up iterations per size above 8 KiB.")
    Integer largeWarmup;

    @Option(names = "--jit-warmup", paramLabel = "CALLS",
        description = "Calls of the timed method with one iteration each before the first size (collectives: the sizes " +
            "up to 8 KiB in turn), so the JIT compiles it as a method (not on-stack replacement of a long loop).")
    Integer jitWarmup;

    @Option(names = { "-d", "--datatype" }, paramLabel = "TYPE", description = "byte, int or double.")
    String datatype;

    @Option(names = "--csv", paramLabel = "FILE", description = "Append machine-readable rows to FILE (header if new).")
    Path csv;

    @Option(names = "--with-raw", description = "Also measure the raw limit of the tier in the same run and print the ratio.")
    boolean withRaw;

    @Option(names = "--raw-wait", paramLabel = "POLICY",
        description = "How the raw threads wait: same (as colompi.wait, default), spin or backoff.")
    String rawWait = "same";

    @Option(names = "--raw-ring", paramLabel = "KIND",
        description = "Tier shm: the raw limit's Agrona ring, m2o (many-to-one, as colompi, default) or o2o (one-to-one).")
    String rawRing = "m2o";

    @Option(names = "--openmpi",
        description = "Point-to-point through Open MPI's Java API (send, iRecv, waitAll) over direct buffers (MPI.newIntBuffer...) instead of MPJ Express' over arrays.")
    boolean openMpi;

    @Option(names = { "-q", "--quiet" }, description = "No progress lines on stderr.")
    boolean quiet;

    Api api()
    {
        if (openMpi && withRaw)
        {
            throw new IllegalArgumentException("--with-raw measures the raw limit over arrays: not with --openmpi");
        }
        return openMpi ? Api.OPEN_MPI : Api.MPJ;
    }

    /** A benchmark's defaults, OSU's where OSU has them. */
    public record Defaults(int iterations, int warmup, int largeIterations, int largeWarmup,
                           String minSize, String maxSize, Element datatype, int jitWarmup)
    {
    }

    public int iterations(final long size, final Defaults d)
    {
        if (size > Sizes.LARGE_MESSAGE)
        {
            return largeIterations != null ? largeIterations : iterations != null ? iterations : d.largeIterations();
        }
        return iterations != null ? iterations : d.iterations();
    }

    public int warmup(final long size, final Defaults d)
    {
        if (size > Sizes.LARGE_MESSAGE)
        {
            return largeWarmup != null ? largeWarmup : warmup != null ? warmup : d.largeWarmup();
        }
        return warmup != null ? warmup : d.warmup();
    }

    public int jitWarmup(final Defaults d)
    {
        return jitWarmup != null ? jitWarmup : d.jitWarmup();
    }

    public int minSize(final Defaults d)
    {
        return Sizes.parse(minSize != null ? minSize : d.minSize());
    }

    public int maxSize(final Defaults d)
    {
        return Sizes.parse(maxSize != null ? maxSize : d.maxSize());
    }

    public Element element(final Defaults d)
    {
        if (datatype == null)
        {
            return d.datatype();
        }
        return Element.valueOf(datatype.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** The wait policy of the raw threads: the ranks' own unless asked otherwise. */
    Signal.Policy rawPolicy(final JobShape shape)
    {
        switch (rawWait)
        {
            case "same":
                return Signal.Policy.same(shape.waitPolicy());
            case "spin":
                return Signal.Policy.SPIN;
            case "backoff":
                return Signal.Policy.backoff();
            default:
                throw new IllegalArgumentException("--raw-wait must be same, spin or backoff, not " + rawWait);
        }
    }
}
