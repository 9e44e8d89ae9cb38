package io.colompi.bench;

import mpi.CartComm;
import mpi.MPI;
import mpi.Request;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The halo pattern of every stencil code, with the time each rank spends in MPI: per iteration two
 * {@code Sendrecv} of a 64-double halo with both neighbours of a periodic 1-D ring (or, with {@code nonblocking}, the
 * same exchange as two {@code Irecv}, two {@code Isend} and a {@code Waitall}, as most stencil codes write it), a
 * 3-point stencil over 4096 doubles, one {@code Allreduce} of a double. With {@code overlap}, the nonblocking exchange,
 * and the sum is the previous iteration's, started as an {@code Iallreduce} before the exchange and waited for after
 * the stencil, as pipelined solvers hide their global sums (the checksum is then that of one iteration fewer). With
 * {@code neighbor}, the exchange is one {@code neighborAllToAllv} on a periodic 1-D {@code CartComm} (MPI-3 codes'
 * halo exchange: the blocks stay in place in the array, the checksum is {@code sendrecv}'s). Every
 * rank times its own MPI calls; rank 0
 * prints the largest rank's figures per iteration, in microseconds: time in MPI in the second half of the run
 * (steady) and over all iterations (JIT warm-up included) and in the quietest block of 100 iterations of the second
 * half (best), the whole iteration in the second half, the bytes the rank allocated per iteration in the second half,
 * and the loop in seconds. Its C twin is {@code src/main/c/halo.c} (same output line, same checksum).
 * <pre>
 * bin/colorun -np 2 --ranks-per-jvm K -cp bench/target/classes io.colompi.bench.Halo [iterations (20000)]
 *     [sendrecv (default) | nonblocking | overlap | neighbor]
 * </pre>
 */
public final class Halo
{
    static final int HALO = 64;
    static final int CELLS = 4096;
    /** Iterations per block of the best-block figure: the quietest stretch, robust to a loaded machine. */
    static final int BLOCK = 100;
    /** The neighbourhood exchange's blocks, back then forward: a halo each way. */
    private static final int[] HALOS = { HALO, HALO };
    /** Where the blocks sent back and forward start: the first and the last cells. */
    private static final int[] OUTER_CELLS = { HALO, CELLS };
    /** Where the blocks from back and from forward land: the halos before and after the cells. */
    private static final int[] HALO_CELLS = { 0, HALO + CELLS };
    /** Bytes this thread allocated: colompi's blocking calls should allocate none. */
    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Halo()
    {
    }

    public static void main(final String[] args)
    {
        final String[] a = MPI.Init(args);
        final int iterations = a.length > 0 ? Integer.parseInt(a[0]) : 20_000;
        final String exchange = a.length > 1 ? a[1] : "sendrecv";
        if (!List.of("sendrecv", "nonblocking", "overlap", "neighbor").contains(exchange))
        {
            throw new IllegalArgumentException("exchange: sendrecv, nonblocking, overlap or neighbor, not " + exchange);
        }
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        final CartComm ring = exchange.equals("neighbor") ?
            MPI.COMM_WORLD.createCart(new int[]{ size }, new boolean[]{ true }, false) : null;
        final Loop loop = new Loop(rank, size, exchange.equals("nonblocking") || exchange.equals("overlap"),
            exchange.equals("overlap"), ring);
        final int steadyFrom = iterations / 2;
        MPI.COMM_WORLD.Barrier();
        final long start = System.nanoTime();
        loop.run(0, steadyFrom);
        final long warmUpMpiNs = loop.mpiNs;
        loop.bestBlockNs = Long.MAX_VALUE;
        loop.blockNs = 0;
        final long steadyAllocated = ALLOCATIONS.getCurrentThreadAllocatedBytes();
        final long steadyStart = System.nanoTime();
        loop.run(steadyFrom, iterations);
        final long end = System.nanoTime();
        final int steady = iterations - steadyFrom;
        final double[] mine = {
            (loop.mpiNs - warmUpMpiNs) / 1e3 / steady, loop.mpiNs / 1e3 / iterations,
            (end - steadyStart) / 1e3 / steady, (end - start) / 1e9,
            (ALLOCATIONS.getCurrentThreadAllocatedBytes() - steadyAllocated) / (double)steady,
            loop.bestBlockNs / 1e3 / BLOCK };
        final double[] worst = new double[mine.length];
        MPI.COMM_WORLD.Reduce(mine, 0, worst, 0, mine.length, MPI.DOUBLE, MPI.MAX, 0);
        if (rank == 0)
        {
            System.out.println(String.format(Locale.ROOT,
                "halo np=%d iterations=%d exchange=%s: checksum %.9e, mpi steady %.3f us, mpi all %.3f us, " +
                "mpi best %.3f us, iteration steady %.3f us, allocated %.0f B/iteration, %.4f s",
                size, iterations, exchange, loop.global[0], worst[0], worst[1], worst[5], worst[2], worst[4],
                worst[3]));
        }
        MPI.Finalize();
    }

    /**
     * The iterations, as a stencil code writes them: a loop that calls one {@link #step} per iteration, which the JIT
     * compiles as a method after a few thousand calls, in the warm-up half. Run in two calls (the warm-up half, then
     * the steady half), each call of the loop runs the same code: a branch first taken at the steady half's start sent
     * the compiled loop back to the interpreter just there (about 140 ms of profiling code, stalls of 11 us every 51
     * iterations). With the iteration inlined in the loop, the steady half's call entered the loop's profiling (C1)
     * compile, and ran 8 000-10 000 iterations there, 3-4x slower, before it moved to the C2 one: the JIT compiles a
     * long loop in a method called once through on-stack replacement, which a second call does not enter at once.
     */
    private static final class Loop
    {
        private final int left;
        private final int right;
        private final boolean nonblocking;
        /** The sum of the previous iteration's changes runs while this one exchanges and computes. */
        private final boolean overlap;
        /** The ring as a Cartesian communicator, whose neighbourhood exchange replaces the point-to-point calls. */
        private final CartComm ring;
        private final Request[] requests = new Request[4];
        private final double[] local = new double[1];
        private final double[] global = new double[1];
        private double[] u = new double[CELLS + 2 * HALO];
        private double[] next = new double[CELLS + 2 * HALO];
        private long mpiNs;
        private long blockNs;
        private long bestBlockNs = Long.MAX_VALUE;

        Loop(final int rank, final int size, final boolean nonblocking, final boolean overlap, final CartComm ring)
        {
            this.nonblocking = nonblocking;
            this.overlap = overlap;
            this.ring = ring;
            left = (rank + size - 1) % size;
            right = (rank + 1) % size;
            for (int i = 0; i < CELLS; i++)
            {
                u[HALO + i] = Math.sin((double)rank * CELLS + i);
            }
        }

        /** Iterations {@code from} to {@code to}: their MPI time, and the quietest block of {@link #BLOCK}. */
        void run(final int from, final int to)
        {
            for (int it = from; it < to; it++)
            {
                blockNs += step();
                if ((it - from) % BLOCK == BLOCK - 1)
                {
                    bestBlockNs = Math.min(bestBlockNs, blockNs);
                    blockNs = 0;
                }
            }
        }

        /** One iteration: the halo exchange, the stencil, the allreduce; returns its time in MPI (ns). */
        private long step()
        {
            final long t0 = System.nanoTime();
            final Request sum = overlap ? MPI.COMM_WORLD.Iallreduce(local, 0, global, 0, 1, MPI.DOUBLE, MPI.SUM) : null;
            if (ring != null)
            {
                ring.neighborAllToAllv(u, HALOS, OUTER_CELLS, MPI.DOUBLE, u, HALOS, HALO_CELLS, MPI.DOUBLE);
            }
            else if (nonblocking)
            {
                requests[0] = MPI.COMM_WORLD.Irecv(u, 0, HALO, MPI.DOUBLE, left, 0);
                requests[1] = MPI.COMM_WORLD.Irecv(u, HALO + CELLS, HALO, MPI.DOUBLE, right, 1);
                requests[2] = MPI.COMM_WORLD.Isend(u, CELLS, HALO, MPI.DOUBLE, right, 0);
                requests[3] = MPI.COMM_WORLD.Isend(u, HALO, HALO, MPI.DOUBLE, left, 1);
                Request.Waitall(requests);
            }
            else
            {
                MPI.COMM_WORLD.Sendrecv(u, CELLS, HALO, MPI.DOUBLE, right, 0, u, 0, HALO, MPI.DOUBLE, left, 0);
                MPI.COMM_WORLD.Sendrecv(u, HALO, HALO, MPI.DOUBLE, left, 1, u, HALO + CELLS, HALO, MPI.DOUBLE, right,
                    1);
            }
            final long t1 = System.nanoTime();
            final double change = stencil(u, next);
            final long t2 = System.nanoTime();
            if (sum != null)
            {
                sum.Wait();
                local[0] = change; // summed by the next iteration
            }
            else
            {
                local[0] = change;
                MPI.COMM_WORLD.Allreduce(local, 0, global, 0, 1, MPI.DOUBLE, MPI.SUM);
            }
            final long t3 = System.nanoTime();
            final long inMpi = (t1 - t0) + (t3 - t2);
            mpiNs += inMpi;
            final double[] swap = u;
            u = next;
            next = swap;
            return inMpi;
        }
    }

    /** One 3-point averaging step of the cells into {@code next}; returns the sum of squared changes. */
    static double stencil(final double[] u, final double[] next)
    {
        double change = 0;
        for (int i = HALO; i < HALO + CELLS; i++)
        {
            final double v = (u[i - 1] + u[i] + u[i + 1]) * (1.0 / 3.0);
            final double d = v - u[i];
            change += d * d;
            next[i] = v;
        }
        return change;
    }
}
