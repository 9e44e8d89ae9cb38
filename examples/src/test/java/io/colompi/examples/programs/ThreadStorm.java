package io.colompi.examples.programs;

import mpi.Intercomm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;
import mpi.Win;

import java.nio.LongBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static io.colompi.examples.programs.StormValues.key;
import static io.colompi.examples.programs.StormValues.value;

/**
 * Several threads of every rank communicating at once ({@code MPI_THREAD_MULTIPLE}), drawn at random from a seed and
 * checked element by element. Thread {@code t} of every rank draws the same steps: point-to-point around the ranks on
 * a communicator of its own (blocking {@code Sendrecv}, nonblocking sends and receives completed by {@code Waitall}
 * or {@code Waitany}, synchronous sends), collectives on that communicator (blocking and nonblocking allreduce, bcast,
 * allgather, alltoall: threads of one rank run them at the same time on different communicators), communicators
 * made at the same time by several threads ({@code Split}, {@code clone}, intercommunicators and their
 * {@code Merge}), one-sided puts and gets between fences on a window of each thread's, and messages on the world communicator
 * that all threads share, told apart by tag only, taken by {@code Probe} from any source.
 * Counts reach past the eager limit; now and then a thread sleeps up to 2 ms first, so that threads and ranks run out
 * of phase. The first mismatch ends the job with a line naming seed, thread, step and rank.
 *
 * <p>Arguments: seed, steps, threads (3 if left out). Rank 0 prints {@code THREAD STORM OK seed=S steps=N np=P
 * threads=T} at the end.
 */
public final class ThreadStorm
{
    /** Longs of the largest message: 256 KiB, past every tier's eager limit. */
    private static final int MAX_LONGS = 32768;
    private static final int SHARED_TAG_BASE = 100;
    /** Longs in each thread's window. */
    private static final int WINDOW_LONGS = 4096;

    private final long seed;
    private final int thread;
    private final Intracomm own;
    private final Intracomm world;
    private final int rank;
    private final int size;
    private final long[] send = new long[MAX_LONGS * 2];
    private final long[] receive = new long[MAX_LONGS * 2];
    private final LongBuffer exposed = MPI.newLongBuffer(WINDOW_LONGS);
    private final LongBuffer origin = MPI.newLongBuffer(WINDOW_LONGS);
    private Win window;

    private ThreadStorm(final long seed, final int thread, final Intracomm own)
    {
        this.seed = seed;
        this.thread = thread;
        this.own = own;
        this.world = MPI.COMM_WORLD;
        this.rank = own.Rank();
        this.size = own.Size();
    }

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        final long seed = Long.parseLong(args[0]);
        final int steps = Integer.parseInt(args[1]);
        final int threadCount = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        final Intracomm[] own = new Intracomm[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            own[t] = (Intracomm)MPI.COMM_WORLD.clone();
        }
        final Thread[] threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            final ThreadStorm storm = new ThreadStorm(seed, t, own[t]);
            threads[t] = new Thread(() -> storm.run(steps), "storm-" + t);
            threads[t].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        MPI.COMM_WORLD.Barrier();
        if (MPI.COMM_WORLD.Rank() == 0)
        {
            System.out.println("THREAD STORM OK seed=" + seed + " steps=" + steps + " np=" + MPI.COMM_WORLD.Size() +
                " threads=" + threadCount);
        }
        MPI.Finalize();
    }

    private void run(final int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            final long stepKey = key(seed, step, thread);
            final SplittableRandom draw = new SplittableRandom(stepKey);
            try
            {
                if (draw.nextInt(8) == 0)
                {
                    LockSupport.parkNanos(draw.nextLong(2_000_000L) * (rank + 1) / size);
                }
                final int count = count(draw);
                switch (draw.nextInt(size > 1 ? 11 : 9))
                {
                    case 0 -> sendrecv(stepKey, count, 1 + draw.nextInt(Math.max(1, size - 1)));
                    case 1 -> nonblockingRing(stepKey, count, draw.nextBoolean());
                    case 2 -> allreduce(stepKey, Math.min(count, 4096), draw.nextBoolean());
                    case 3 -> bcast(stepKey, count, draw.nextInt(size));
                    case 4 -> allgather(stepKey, Math.min(count, MAX_LONGS / size));
                    case 5 -> alltoall(stepKey, Math.min(count, MAX_LONGS / size), draw.nextBoolean());
                    case 6 -> sharedProbe(stepKey, Math.min(count, 2048));
                    case 7 -> splitAndReduce(draw.nextInt(3) + 1, draw.nextBoolean());
                    case 8 -> intercommunicate(draw.nextBoolean());
                    case 9 -> putAround(stepKey, Math.min(count, WINDOW_LONGS), draw.nextBoolean());
                    default -> waitany(stepKey, Math.min(count, 4096), draw.nextBoolean());
                }
            }
            catch (final Throwable e)
            {
                StormFailure.report("STORM FAIL seed=" + seed + " thread=" + thread + " step=" + step + " rank=" + rank +
                    ": ", e);
            }
        }
        if (window != null)
        {
            window.free();
        }
    }

    /** 0, a few, a few hundred, or past the eager limit. */
    private static int count(final SplittableRandom draw)
    {
        return switch (draw.nextInt(4))
        {
            case 0 -> draw.nextInt(3);
            case 1 -> 1 + draw.nextInt(64);
            case 2 -> 64 + draw.nextInt(1024);
            default -> 2048 + draw.nextInt(MAX_LONGS - 2048);
        };
    }

    /** The key of what rank {@code from} sends to rank {@code to} ({@code -1}: to all) in the step of {@code stepKey}. */
    private static long messageKey(final long stepKey, final int from, final int to)
    {
        return stepKey + 31L * from + 1_000_003L * to;
    }

    /** The items that {@code from} sends to {@code to} in the step of {@code stepKey}. */
    private void fill(final long[] into, final int offset, final long stepKey, final int from, final int to,
        final int count)
    {
        final long k = messageKey(stepKey, from, to);
        for (int i = 0; i < count; i++)
        {
            into[offset + i] = value(k, i);
        }
    }

    private void check(final long[] got, final int offset, final long stepKey, final int from, final int to,
        final int count, final String what)
    {
        final long k = messageKey(stepKey, from, to);
        for (int i = 0; i < count; i++)
        {
            if (got[offset + i] != value(k, i))
            {
                throw new StormFailure(what + ": item " + i + " of " + count + " from rank " + from + " is " +
                    got[offset + i] + ", not " + value(k, i));
            }
        }
    }

    private void checkStatus(final Status status, final int source, final int tag, final int count, final String what)
    {
        if (status.source != source || status.tag != tag || status.Get_count(MPI.LONG) != count)
        {
            throw new StormFailure(what + ": status source " + status.source + " tag " + status.tag + " count " +
                status.Get_count(MPI.LONG) + ", not " + source + ", " + tag + ", " + count);
        }
    }

    private void sendrecv(final long stepKey, final int count, final int distance)
    {
        final int to = (rank + distance) % size;
        final int from = (rank - distance + size) % size;
        fill(send, 0, stepKey, rank, to, count);
        final Status status = own.Sendrecv(send, 0, count, MPI.LONG, to, 7, receive, 0, count, MPI.LONG, from, 7);
        checkStatus(status, from, 7, count, "Sendrecv");
        check(receive, 0, stepKey, from, rank, count, "Sendrecv");
    }

    private void nonblockingRing(final long stepKey, final int count, final boolean synchronous)
    {
        final int right = (rank + 1) % size;
        final int left = (rank - 1 + size) % size;
        fill(send, 0, stepKey, rank, right, count);
        fill(send, MAX_LONGS, stepKey, rank, left, count);
        final Request[] requests = {
            own.Irecv(receive, 0, count, MPI.LONG, left, 1),
            own.Irecv(receive, MAX_LONGS, count, MPI.LONG, right, 2),
            synchronous ? own.Issend(send, 0, count, MPI.LONG, right, 1) : own.Isend(send, 0, count, MPI.LONG, right, 1),
            own.Isend(send, MAX_LONGS, count, MPI.LONG, left, 2),
        };
        final Status[] statuses = Request.Waitall(requests);
        checkStatus(statuses[0], left, 1, count, "Irecv from the left");
        checkStatus(statuses[1], right, 2, count, "Irecv from the right");
        check(receive, 0, stepKey, left, rank, count, "Irecv from the left");
        check(receive, MAX_LONGS, stepKey, right, rank, count, "Irecv from the right");
    }

    private void allreduce(final long stepKey, final int count, final boolean nonblocking)
    {
        fill(send, 0, stepKey, rank, -1, count);
        if (nonblocking)
        {
            own.Iallreduce(send, 0, receive, 0, count, MPI.LONG, MPI.SUM).Wait();
        }
        else
        {
            own.Allreduce(send, 0, receive, 0, count, MPI.LONG, MPI.SUM);
        }
        for (int i = 0; i < count; i++)
        {
            long sum = 0;
            for (int r = 0; r < size; r++)
            {
                sum += value(messageKey(stepKey, r, -1), i);
            }
            if (receive[i] != sum)
            {
                throw new StormFailure("Allreduce: item " + i + " of " + count + " is " + receive[i] + ", not " + sum);
            }
        }
    }

    private void bcast(final long stepKey, final int count, final int root)
    {
        if (rank == root)
        {
            fill(receive, 0, stepKey, root, -1, count);
        }
        own.Bcast(receive, 0, count, MPI.LONG, root);
        check(receive, 0, stepKey, root, -1, count, "Bcast from " + root);
    }

    private void allgather(final long stepKey, final int count)
    {
        fill(send, 0, stepKey, rank, -1, count);
        own.Allgather(send, 0, count, MPI.LONG, receive, 0, count, MPI.LONG);
        for (int r = 0; r < size; r++)
        {
            check(receive, r * count, stepKey, r, -1, count, "Allgather");
        }
    }

    private void alltoall(final long stepKey, final int count, final boolean nonblocking)
    {
        for (int r = 0; r < size; r++)
        {
            fill(send, r * count, stepKey, rank, r, count);
        }
        if (nonblocking)
        {
            own.Ialltoall(send, 0, count, MPI.LONG, receive, 0, count, MPI.LONG).Wait();
        }
        else
        {
            own.Alltoall(send, 0, count, MPI.LONG, receive, 0, count, MPI.LONG);
        }
        for (int r = 0; r < size; r++)
        {
            check(receive, r * count, stepKey, r, rank, count, "Alltoall");
        }
    }

    /**
     * A message to every other rank on the world communicator that every thread shares, under this thread's tag;
     * taken by {@code Probe} from any source, then received from the source it names. Messages of one sender and
     * tag keep their order, so a late one of the previous step is not possible: every step ends with a barrier on
     * this thread's communicator.
     */
    private void sharedProbe(final long stepKey, final int count)
    {
        final int tag = SHARED_TAG_BASE + thread;
        final Request[] sends = new Request[size - 1];
        for (int d = 1; d < size; d++)
        {
            final int to = (rank + d) % size;
            fill(send, (d - 1) * 2048, stepKey, rank, to, count);
            sends[d - 1] = world.Isend(send, (d - 1) * 2048, count, MPI.LONG, to, tag);
        }
        for (int i = 1; i < size; i++)
        {
            final Status probed = world.Probe(MPI.ANY_SOURCE, tag);
            if (probed.tag != tag || probed.Get_count(MPI.LONG) != count)
            {
                throw new StormFailure("Probe: tag " + probed.tag + " count " + probed.Get_count(MPI.LONG) +
                    ", not " + tag + ", " + count);
            }
            final Status status = world.Recv(receive, 0, count, MPI.LONG, probed.source, tag);
            checkStatus(status, probed.source, tag, count, "Recv after Probe");
            check(receive, 0, stepKey, probed.source, rank, count, "Recv after Probe");
        }
        Request.Waitall(sends);
        own.Barrier();
    }

    /**
     * A communicator made from this thread's while the rank's other threads make theirs ({@code Split} into
     * {@code colors} by rank, or a duplicate), checked by an allreduce of the world ranks in it, then freed.
     */
    private void splitAndReduce(final int colors, final boolean duplicate)
    {
        final Intracomm made = duplicate ? (Intracomm)own.clone() : own.Split(rank % colors, size - rank);
        final long[] worldRank = { world.Rank() };
        final long[] sum = new long[1];
        made.Allreduce(worldRank, 0, sum, 0, 1, MPI.LONG, MPI.SUM);
        long expected = 0;
        int members = 0;
        for (int r = 0; r < size; r++)
        {
            if (duplicate || r % colors == rank % colors)
            {
                expected += r;
                members++;
            }
        }
        final int expectedRank = duplicate ? rank : (members - 1) - rank / colors;
        if (sum[0] != expected || made.Size() != members || made.Rank() != expectedRank)
        {
            throw new StormFailure((duplicate ? "clone" : "Split into " + colors) + ": size " + made.Size() +
                " rank " + made.Rank() + " sum " + sum[0] + ", not " + members + ", " + expectedRank + ", " + expected);
        }
        made.Free();
    }

    /**
     * An intercommunicator between the even and the odd ranks of this thread's communicator, made while the rank's
     * other threads make theirs, then merged (or duplicated): checked by an allreduce of the world ranks in it.
     */
    private void intercommunicate(final boolean merge)
    {
        final Intracomm half = own.Split(rank % 2, rank);
        final Intercomm inter = own.Create_intercomm(half, 0, rank % 2 == 0 ? 1 : 0, 40 + thread);
        final Intracomm whole = merge ? inter.Merge(rank % 2 == 1) : null;
        final Intercomm again = merge ? null : (Intercomm)inter.clone();
        final long[] worldRank = { world.Rank() };
        final long[] sum = new long[1];
        long expected = 0;
        for (int r = 0; r < size; r++)
        {
            expected += merge || r % 2 != rank % 2 ? r : 0;
        }
        if (merge)
        {
            whole.Allreduce(worldRank, 0, sum, 0, 1, MPI.LONG, MPI.SUM);
        }
        else
        {
            // an intercommunicator's allreduce gives each group the other group's result
            again.allReduce(worldRank, sum, 1, MPI.LONG, MPI.SUM);
        }
        final int expectedRank = merge ? (rank % 2 == 0 ? rank / 2 : (size + 1) / 2 + rank / 2) : rank / 2;
        final int rankThere = merge ? whole.Rank() : again.Rank();
        if (sum[0] != expected || rankThere != expectedRank)
        {
            throw new StormFailure((merge ? "Merge" : "intercommunicator clone") + ": rank " + rankThere + " sum " +
                sum[0] + ", not " + expectedRank + ", " + expected);
        }
        (merge ? whole : again).Free();
        inter.Free();
        half.Free();
    }

    /**
     * One-sided, on a window over this thread's communicator (made at its first use, while the rank's other threads
     * use theirs): between two fences every rank puts its items into its right neighbour's window, or gets them
     * from its left neighbour's.
     */
    private void putAround(final long stepKey, final int count, final boolean put)
    {
        if (window == null)
        {
            window = new Win(exposed, WINDOW_LONGS, 8, MPI.INFO_NULL, own);
        }
        final int right = (rank + 1) % size;
        final int left = (rank - 1 + size) % size;
        window.fence(0);
        if (put)
        {
            for (int i = 0; i < count; i++)
            {
                origin.put(i, value(messageKey(stepKey, rank, right), i));
            }
            window.put(origin, count, MPI.LONG, right, 0, count, MPI.LONG);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                exposed.put(i, value(messageKey(stepKey, rank, right), i));
            }
        }
        window.fence(0);
        if (!put)
        {
            window.get(origin, count, MPI.LONG, left, 0, count, MPI.LONG);
        }
        window.fence(0);
        final LongBuffer got = put ? exposed : origin;
        for (int i = 0; i < count; i++)
        {
            final long expected = value(messageKey(stepKey, left, rank), i);
            if (got.get(i) != expected)
            {
                throw new StormFailure((put ? "put" : "get") + ": item " + i + " of " + count + " is " + got.get(i) +
                    ", not " + expected);
            }
        }
    }

    /** A receive from every other rank, completed one at a time by {@code Waitany} (or {@code Testany}). */
    private void waitany(final long stepKey, final int count, final boolean testing)
    {
        final Request[] receives = new Request[size - 1];
        final Request[] sends = new Request[size - 1];
        for (int d = 1; d < size; d++)
        {
            final int from = (rank - d + size) % size;
            receives[d - 1] = own.Irecv(receive, (d - 1) * 4096, count, MPI.LONG, from, 3);
        }
        for (int d = 1; d < size; d++)
        {
            final int to = (rank + d) % size;
            fill(send, (d - 1) * 4096, stepKey, rank, to, count);
            sends[d - 1] = own.Isend(send, (d - 1) * 4096, count, MPI.LONG, to, 3);
        }
        final boolean[] seen = new boolean[size - 1];
        for (int done = 0; done < size - 1; done++)
        {
            Status status = testing ? Request.Testany(receives) : Request.Waitany(receives);
            while (status == null)
            {
                LockSupport.parkNanos(20_000);
                status = Request.Testany(receives);
            }
            final int d = status.index + 1;
            final int from = (rank - d + size) % size;
            if (seen[status.index])
            {
                throw new StormFailure((testing ? "Testany" : "Waitany") + " reported request " + status.index +
                    " twice");
            }
            seen[status.index] = true;
            checkStatus(status, from, 3, count, "Waitany");
            check(receive, status.index * 4096, stepKey, from, rank, count, "Waitany");
        }
        Request.Waitall(sends);
    }
}
