package io.colompi.examples.programs;

import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Win;

import java.io.IOException;
import java.nio.LongBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.colompi.examples.programs.StormValues.key;
import static io.colompi.examples.programs.StormValues.value;

/**
 * Random traffic in which one rank fails at a chosen step, while the others are inside MPI calls: the job must end
 * within seconds, with the failed rank named and the status its failure gives, and leave nothing behind. Every rank
 * draws the same steps from the seed (blocking and nonblocking collectives, point-to-point around the ranks, synchronous
 * sends, one-sided puts between fences, a split communicator), with counts on both sides of the eager limit, checked
 * element by element up to the failure. At the failure step the failing rank sleeps a few milliseconds, so that the
 * others are waiting, then fails before its call or, for a nonblocking step, once its requests are started. A
 * failure step equal to the number of steps fails before {@code MPI.Finalize}, while the others are in theirs.
 *
 * <p>Arguments: seed, steps, failing rank, failure step, failure: {@code throw} (an uncaught exception), {@code exit}
 * ({@code System.exit(7)}), {@code exit0} ({@code System.exit(0)} before {@code Finalize}), {@code abort}
 * ({@code Abort(5)}), {@code halt} (its JVM halts with status 9) or {@code kill} (its JVM is sent SIGKILL). The
 * failing rank prints {@code FAILING rank=R step=S failure=F op=O at=MILLIS} (the wall clock) just before; a run whose
 * failure step is past that ends with {@code FAILURE STORM OK}.
 */
public final class FailureStorm
{
    /** Longs of the largest message: 64 KiB, past every tier's eager limit. */
    private static final int MAX_LONGS = 8192;
    private static final int OPS = 9;

    private final long seed;
    private final Intracomm world = MPI.COMM_WORLD;
    private final int rank = world.Rank();
    private final int size = world.Size();
    private final long[] send = new long[MAX_LONGS * 8];
    private final long[] receive = new long[MAX_LONGS * 8];
    private final LongBuffer exposed = MPI.newLongBuffer(MAX_LONGS);
    private final LongBuffer origin = MPI.newLongBuffer(MAX_LONGS);
    private final Win window;

    private FailureStorm(final long seed)
    {
        this.seed = seed;
        this.window = new Win(exposed, MAX_LONGS, 8, MPI.INFO_NULL, world);
    }

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        final long seed = Long.parseLong(args[0]);
        final int steps = Integer.parseInt(args[1]);
        final int failingRank = Integer.parseInt(args[2]);
        final int failureStep = Integer.parseInt(args[3]);
        final String failure = args[4];
        final FailureStorm storm = new FailureStorm(seed);
        for (int step = 0; step < steps; step++)
        {
            final boolean fails = step == failureStep && storm.rank == failingRank;
            try
            {
                storm.step(step, fails ? failure : null);
            }
            catch (final InjectedFailure e)
            {
                throw e;
            }
            catch (final RuntimeException | Error e)
            {
                StormFailure.report("STORM FAIL seed=" + seed + " step=" + step + " rank=" + storm.rank + ": ", e);
            }
        }
        storm.window.free();
        if (failureStep == steps && storm.rank == failingRank)
        {
            storm.fail(failure, steps, -1);
        }
        if (storm.rank == 0)
        {
            System.out.println("FAILURE STORM OK seed=" + seed + " steps=" + steps + " np=" + storm.size);
        }
        MPI.Finalize();
    }

    /** Runs step {@code step}; {@code failure} (null but at the failing rank's failure step) says how to fail in it. */
    private void step(final int step, final String failure) throws IOException, InterruptedException
    {
        final SplittableRandom draw = new SplittableRandom(key(seed, step, -1));
        final int op = draw.nextInt(OPS);
        final int count = draw.nextInt(8) == 0 ? 1 + draw.nextInt(MAX_LONGS) : 1 + draw.nextInt(64);
        final int root = draw.nextInt(size);
        final boolean failsInside = draw.nextBoolean();
        final long stepKey = key(seed, step, 0);
        if (failure != null && !(failsInside && nonblocking(op)))
        {
            fail(failure, step, op);
        }
        switch (op)
        {
            case 0 -> world.Barrier();
            case 1 -> allreduce(stepKey, count);
            case 2 -> bcast(stepKey, count, root);
            case 3 -> ringShift(stepKey, count, 1 + draw.nextInt(Math.max(1, size - 1)));
            case 4 -> exchangeWithAll(stepKey, count, failure, step);
            case 5 -> iallreduce(stepKey, count, failure, step);
            case 6 -> synchronousRing(stepKey, count);
            case 7 -> putAround(stepKey, count);
            default -> splitAndReduce(stepKey, count);
        }
    }

    private static boolean nonblocking(final int op)
    {
        return op == 4 || op == 5;
    }

    /** Sleeps up to 30 ms so that the others wait inside their calls, says when it fails, then fails as asked. */
    private void fail(final String failure, final int step, final int op) throws IOException, InterruptedException
    {
        Thread.sleep(new SplittableRandom(step).nextInt(30));
        System.out.println("FAILING rank=" + rank + " step=" + step + " failure=" + failure + " op=" + op +
            " at=" + System.currentTimeMillis());
        System.out.flush();
        switch (failure)
        {
            case "throw" -> throw new InjectedFailure("rank " + rank + " fails at step " + step);
            case "exit" -> System.exit(7);
            case "exit0" -> System.exit(0);
            case "abort" -> world.Abort(5);
            case "halt" -> Runtime.getRuntime().halt(9);
            case "kill" ->
            {
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
                TimeUnit.SECONDS.sleep(60);
            }
            default -> throw new IllegalArgumentException("unknown failure " + failure);
        }
        throw new IllegalStateException(failure + " returned");
    }

    private void allreduce(final long stepKey, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            send[i] = value(stepKey + rank, i);
        }
        world.Allreduce(send, 0, receive, 0, count, MPI.LONG, MPI.SUM);
        for (int i = 0; i < count; i++)
        {
            long expected = 0;
            for (int r = 0; r < size; r++)
            {
                expected += value(stepKey + r, i);
            }
            check("allreduce", i, count, expected);
        }
    }

    private void bcast(final long stepKey, final int count, final int root)
    {
        for (int i = 0; i < count; i++)
        {
            receive[i] = rank == root ? value(stepKey, i) : -1;
        }
        world.Bcast(receive, 0, count, MPI.LONG, root);
        for (int i = 0; i < count; i++)
        {
            check("bcast", i, count, value(stepKey, i));
        }
    }

    private void ringShift(final long stepKey, final int count, final int distance)
    {
        final int to = (rank + distance) % size;
        final int from = (rank - distance + size) % size;
        for (int i = 0; i < count; i++)
        {
            send[i] = value(stepKey + rank, i);
        }
        world.Sendrecv(send, 0, count, MPI.LONG, to, 3, receive, 0, count, MPI.LONG, from, 3);
        for (int i = 0; i < count; i++)
        {
            check("sendrecv", i, count, value(stepKey + from, i));
        }
    }

    /** Every rank sends to every other with {@code Isend} and receives with {@code Irecv}, then waits for all. */
    private void exchangeWithAll(final long stepKey, final int count, final String failure, final int step)
        throws IOException, InterruptedException
    {
        final int items = Math.min(count, MAX_LONGS * 8 / size);
        final Request[] requests = new Request[2 * size];
        for (int r = 0; r < size; r++)
        {
            requests[2 * r] = world.Irecv(receive, r * items, items, MPI.LONG, r, 4);
            for (int i = 0; i < items; i++)
            {
                send[r * items + i] = value(stepKey + rank * size + r, i);
            }
            requests[2 * r + 1] = world.Isend(send, r * items, items, MPI.LONG, r, 4);
        }
        if (failure != null)
        {
            fail(failure, step, 4);
        }
        Request.Waitall(requests);
        for (int r = 0; r < size; r++)
        {
            for (int i = 0; i < items; i++)
            {
                if (receive[r * items + i] != value(stepKey + r * size + rank, i))
                {
                    throw new StormFailure("exchange: item " + i + " from " + r + " is " + receive[r * items + i]);
                }
            }
        }
    }

    private void iallreduce(final long stepKey, final int count, final String failure, final int step)
        throws IOException, InterruptedException
    {
        for (int i = 0; i < count; i++)
        {
            send[i] = value(stepKey + rank, i);
        }
        final Request request = world.Iallreduce(send, 0, receive, 0, count, MPI.LONG, MPI.MAX);
        if (failure != null)
        {
            fail(failure, step, 5);
        }
        request.Wait();
        for (int i = 0; i < count; i++)
        {
            long expected = Long.MIN_VALUE;
            for (int r = 0; r < size; r++)
            {
                expected = Math.max(expected, value(stepKey + r, i));
            }
            check("iallreduce", i, count, expected);
        }
    }

    /** Even ranks send synchronously to their right first, odd ranks receive first (an odd count's last rank too). */
    private void synchronousRing(final long stepKey, final int count)
    {
        final int right = (rank + 1) % size;
        final int left = (rank - 1 + size) % size;
        for (int i = 0; i < count; i++)
        {
            send[i] = value(stepKey + rank, i);
        }
        if (rank % 2 == 0 && rank != size - 1)
        {
            world.Ssend(send, 0, count, MPI.LONG, right, 6);
            world.Recv(receive, 0, count, MPI.LONG, left, 6);
        }
        else
        {
            world.Recv(receive, 0, count, MPI.LONG, left, 6);
            world.Ssend(send, 0, count, MPI.LONG, right, 6);
        }
        for (int i = 0; i < count; i++)
        {
            check("ssend", i, count, value(stepKey + left, i));
        }
    }

    private void putAround(final long stepKey, final int count)
    {
        final int right = (rank + 1) % size;
        final int left = (rank - 1 + size) % size;
        window.fence(0);
        for (int i = 0; i < count; i++)
        {
            origin.put(i, value(stepKey + rank, i));
        }
        window.put(origin, count, MPI.LONG, right, 0, count, MPI.LONG);
        window.fence(0);
        for (int i = 0; i < count; i++)
        {
            if (exposed.get(i) != value(stepKey + left, i))
            {
                throw new StormFailure("put: item " + i + " of " + count + " is " + exposed.get(i));
            }
        }
    }

    private void splitAndReduce(final long stepKey, final int count)
    {
        final Intracomm half = world.Split(rank % 2, -rank);
        send[0] = rank;
        half.Allreduce(send, 0, receive, 0, 1, MPI.LONG, MPI.SUM);
        long expected = 0;
        for (int r = rank % 2; r < size; r += 2)
        {
            expected += r;
        }
        half.Free();
        if (receive[0] != expected)
        {
            throw new StormFailure("split allreduce: " + receive[0] + ", not " + expected + " (count " + count + ", key " +
                stepKey + ")");
        }
    }

    private void check(final String what, final int item, final int count, final long expected)
    {
        if (receive[item] != expected)
        {
            throw new StormFailure(what + ": item " + item + " of " + count + " is " + receive[item] + ", not " + expected);
        }
    }

    /** The failure a {@code throw} run injects, let out of {@code main}. */
    private static final class InjectedFailure extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        InjectedFailure(final String message)
        {
            super(message);
        }
    }
}
