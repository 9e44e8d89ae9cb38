package io.colompi.bench.jmh;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.core.trace.TraceJournal;
import io.colompi.core.trace.Tracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What tracing ({@code colorun --trace}) adds to an MPI call, on one thread, next to its floor: {@code clock} is one
 * {@link System#nanoTime()}, of which a traced call reads two (its start and its end); {@code record} writes one call
 * into the rank's journal with given times; {@code tracedCall} does both, as a traced call does after its own work.
 * The calls are a halo loop's, in turn: two {@code Sendrecv} and an {@code Allreduce}, each shaped as the call three
 * back (the journal's repeat record). The journal is the one {@code colorun --trace} opens ({@link TraceJournal}, the
 * trace module found on the class path), a new one in {@code java.io.tmpdir} each iteration, so its batches are
 * appended to Chronicle and the queue's pages faulted in as in a job. Run it through {@code bin/colobench jmh
 * TraceRecord}, which starts JMH, and so its forks, with Chronicle's JVM flags.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class TraceRecordBenchmark
{
    /** A halo iteration's calls at np=2 in the journal: context, the peer (both neighbours), halo bytes. */
    private static final int CONTEXT = 4;
    private static final int PEER = 1;
    private static final long HALO_BYTES = 512;
    /** The given times of {@link #record}: a call every microsecond, 300 ns long, of which 100 waiting. */
    private static final long STEP_NS = 1_000;
    private static final long DURATION_NS = 300;
    private static final long WAIT_NS = 100;

    private Path directory;
    private Tracer tracer;
    private long nowNs;
    private int call;

    @Setup(Level.Iteration)
    public void open() throws IOException
    {
        directory = Files.createTempDirectory("colompi-trace-bench");
        try
        {
            tracer = TraceJournal.of(directory).open(0, 2, 0, 0);
        }
        catch (final RuntimeException | Error failure)
        {
            // JMH tears down no iteration whose set-up failed (no trace module, or Chronicle without its flags)
            delete(directory);
            throw failure;
        }
        tracer.prepareThread();
        nowNs = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException
    {
        tracer.close();
        delete(directory);
    }

    private static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Benchmark
    public long clock()
    {
        return System.nanoTime();
    }

    @Benchmark
    public void record()
    {
        nowNs += STEP_NS;
        recordCall(nowNs - DURATION_NS, nowNs);
    }

    @Benchmark
    public void tracedCall()
    {
        final long startNs = System.nanoTime();
        recordCall(startNs, System.nanoTime());
    }

    private void recordCall(final long startNs, final long endNs)
    {
        final Tracer t = tracer;
        switch (call)
        {
            case 0 -> t.recordSendrecv(CONTEXT, PEER, Tier.LOCAL, 0, HALO_BYTES, PEER, Tier.LOCAL, 0, HALO_BYTES,
                startNs, endNs, WAIT_NS);
            case 1 -> t.recordSendrecv(CONTEXT, PEER, Tier.LOCAL, 1, HALO_BYTES, PEER, Tier.LOCAL, 1, HALO_BYTES,
                startNs, endNs, WAIT_NS);
            default -> t.record(Call.ALLREDUCE, CONTEXT, -1, Tier.NONE, -1, 0, startNs, endNs, WAIT_NS);
        }
        call = call == 2 ? 0 : call + 1;
    }
}
