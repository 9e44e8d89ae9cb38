package io.colompi.bench.jmh;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobControl;
import io.colompi.core.job.Placement;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.WaitPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Matching and in-JVM handoff, single-threaded: rank 0's engine sends to rank 1's engine of the same JVM (two
 * engines, one {@link JobContext}, as mpi-core's ThreadJob builds them). {@code postedFirst}: the receive is posted
 * first, the send matches it and copies straight into it; {@code unexpectedFirst}: the send is queued as unexpected
 * (an eager copy for small messages), the receive then takes it. {@code depth} non-matching receives (other tags)
 * stay posted ahead of the matching one, so the cost of walking the posted queue shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class MatchingBenchmark
{
    private static final int TAG = 7;

    @Param({ "8", "65536" })
    public int bytes;

    @Param({ "0", "64" })
    public int depth;

    private SendRequest send;
    private RecvRequest receive;
    private RecvRequest[] blockers;
    private Engine sender;
    private Engine receiver;

    @Setup(Level.Trial)
    public void setUp()
    {
        final JobContext job = new JobContext(Placement.singleJvm(2), new NoAbort(), WaitPolicy.BACKOFF, 16_384);
        sender = new Engine(0, job);
        receiver = new Engine(1, job);
        final Communicator from = Communicator.world(sender);
        final Communicator to = Communicator.world(receiver);
        final TypeMap bytesType = TypeMap.basic(BaseType.BYTE);
        send = from.newSend(new byte[bytes], 0, bytes, bytesType, 1, TAG, SendMode.STANDARD);
        receive = to.newRecv(new byte[bytes], 0, bytes, bytesType, 0, TAG);
        blockers = new RecvRequest[depth];
        for (int i = 0; i < depth; i++)
        {
            blockers[i] = to.newRecv(new byte[1], 0, 1, bytesType, 0, TAG + 1 + i);
            receiver.start(blockers[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        for (final RecvRequest blocker : blockers)
        {
            receiver.cancel(blocker);
        }
    }

    @Benchmark
    public boolean postedFirst()
    {
        receiver.start(receive);
        sender.start(send);
        return check(receive.isComplete() && send.isComplete());
    }

    @Benchmark
    public boolean unexpectedFirst()
    {
        sender.start(send);
        receiver.start(receive);
        return check(receive.isComplete() && send.isComplete());
    }

    private static boolean check(final boolean done)
    {
        if (!done)
        {
            throw new IllegalStateException("single-threaded handoff did not complete");
        }
        return true;
    }

    /** Nobody aborts in a benchmark. */
    static final class NoAbort implements JobControl
    {
        @Override
        public void abort(final int rank, final int code, final Throwable cause)
        {
            throw new IllegalStateException("rank " + rank + " aborted: " + code, cause);
        }

        @Override
        public String abortReason()
        {
            return null;
        }
    }
}
