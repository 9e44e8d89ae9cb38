package io.colompi.bench;

import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;

import java.util.Locale;

/**
 * Where the time of a message between two JVMs goes: colompi's shm path next to the raw ring ({@link RawRing}), in
 * the same two rank JVMs, same sizes, same waiting. Each message carries its sender's {@code System.nanoTime()}
 * (one clock for the whole machine), so a receiver knows the one-way time of every message, not only the round
 * trip's half; the sender also times its send call. Then each rank times a waiting loop's turn while nothing
 * arrives: colompi's {@code Request.Test()} of a pending receive (one {@code Engine.progress()}: every transport
 * polled) against the raw ring's {@code read}.
 * <pre>
 * bin/colorun -np 2 --ranks-per-jvm 1 -cp $CP io.colompi.bench.ShmBreakdown [iterations (100000)] [sizes (8,4096)]
 * </pre>
 * Rank 0 prints medians (and p90) in nanoseconds, for each direction, and the bytes each rank's thread allocated
 * per round trip (colompi's requests, statuses, ...; the raw ring allocates nothing).
 */
public final class ShmBreakdown
{
    private static final int TAG = 11;
    private static final int IDLE_TAG = 12;
    private static final int RESULT_TAG = 13;
    /** Turns of each idle loop; {@code -Dcolompi.bench.idlePolls} raises it for profiling that loop. */
    private static final int IDLE_POLLS = Integer.getInteger("colompi.bench.idlePolls", 2_000_000);
    /** Per rank: send p50, p90; one-way p50, p90 (ns); idle poll turn (ns); bytes allocated per round trip. */
    private static final int FIELDS = 8;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();

    private ShmBreakdown()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String[] a = MPI.Init(args);
        final Intracomm comm = MPI.COMM_WORLD;
        final int rank = comm.Rank();
        if (comm.Size() != 2)
        {
            throw new IllegalArgumentException("ShmBreakdown needs exactly 2 ranks, got " + comm.Size());
        }
        final int iterations = a.length > 0 ? Integer.parseInt(a[0]) : 100_000;
        final String[] sizeList = (a.length > 1 ? a[1] : "8,4096").split(",");
        final JobShape shape = JobShape.detect(2);
        final String tier = shape.tier(0, 1);
        int maxCount = 1;
        for (final String s : sizeList)
        {
            maxCount = Math.max(maxCount, Sizes.parse(s) / 8);
        }
        final double[] send = new double[maxCount];
        final double[] recv = new double[maxCount];
        final long[] sendNs = new long[iterations];
        final long[] oneWayNs = new long[iterations];
        final Samples stats = new Samples();
        final Signal.Policy policy = Signal.Policy.same(shape.waitPolicy());

        try (RawRing ring = RawRing.connect(comm, rank, 1 - rank, shape.sharedMemoryDir(), RawRing.Kind.M2O, policy,
            Element.DOUBLE, send, recv))
        {
            if (rank == 0)
            {
                System.out.printf(Locale.ROOT, "# colompi shm breakdown: np=2 placement=%s tier=%s raw=ring:%s iterations=%d%n",
                    shape.placement(), tier, ring.description(), iterations);
                System.out.println("# times in ns; 'send' = the Send call (colompi) / the ring write (raw); 'one-way' = from " +
                    "before the send to after the receive returned, on the receiver; 'rest' = one-way - send");
                System.out.printf(Locale.ROOT, "%-8s %-10s %-28s %12s %12s %12s%n", "size", "direction", "what", "colompi",
                    "raw", "difference");
            }
            for (final String s : sizeList)
            {
                final int size = Sizes.parse(s);
                final int count = Math.max(1, size / 8);
                final double[] colompi = new double[FIELDS];
                final double[] raw = new double[FIELDS];
                // Warm-up (JIT), then the measured pass; colompi and raw alternate, a barrier apart.
                for (int pass = 0; pass < 2; pass++)
                {
                    final int n = pass == 0 ? Math.min(iterations, 20_000) : iterations;
                    comm.Barrier();
                    long allocated = THREADS.getCurrentThreadAllocatedBytes();
                    if (rank == 0)
                    {
                        colompiPing(comm, send, recv, count, n, sendNs, oneWayNs);
                    }
                    else
                    {
                        colompiPong(comm, send, recv, count, n, sendNs, oneWayNs);
                    }
                    colompi[5] = (double)(THREADS.getCurrentThreadAllocatedBytes() - allocated) / n;
                    summarize(stats, sendNs, oneWayNs, n, colompi);
                    comm.Barrier();
                    allocated = THREADS.getCurrentThreadAllocatedBytes();
                    if (rank == 0)
                    {
                        ring.stampedPing(count, n, sendNs, oneWayNs);
                    }
                    else
                    {
                        ring.stampedPong(count, n, sendNs, oneWayNs);
                    }
                    raw[5] = (double)(THREADS.getCurrentThreadAllocatedBytes() - allocated) / n;
                    summarize(stats, sendNs, oneWayNs, n, raw);
                }
                comm.Barrier();
                idle(comm, rank, ring, recv, colompi, raw);
                report(comm, rank, size, colompi, raw);
            }
        }
        MPI.Finalize();
    }

    private static void colompiPing(
        final Intracomm comm, final double[] send, final double[] recv, final int count, final int iterations,
        final long[] sendNs, final long[] oneWayNs)
    {
        for (int i = 0; i < iterations; i++)
        {
            final long t0 = System.nanoTime();
            send[0] = t0;
            comm.Send(send, 0, count, MPI.DOUBLE, 1, TAG);
            sendNs[i] = System.nanoTime() - t0;
            comm.Recv(recv, 0, count, MPI.DOUBLE, 1, TAG);
            oneWayNs[i] = System.nanoTime() - (long)recv[0];
        }
    }

    private static void colompiPong(
        final Intracomm comm, final double[] send, final double[] recv, final int count, final int iterations,
        final long[] sendNs, final long[] oneWayNs)
    {
        for (int i = 0; i < iterations; i++)
        {
            comm.Recv(recv, 0, count, MPI.DOUBLE, 0, TAG);
            final long t0 = System.nanoTime();
            oneWayNs[i] = t0 - (long)recv[0];
            send[0] = t0;
            comm.Send(send, 0, count, MPI.DOUBLE, 0, TAG);
            sendNs[i] = System.nanoTime() - t0;
        }
    }

    /** Fields 0-3: send p50, p90, one-way p50, p90 (ns) of this rank's sends and of the messages it received. */
    private static void summarize(
        final Samples stats, final long[] sendNs, final long[] oneWayNs, final int n, final double[] out)
    {
        final Samples.Summary send = stats.summarize(sendNs, n, 1);
        out[0] = send.p50() * 1e3;
        out[1] = percentile(sendNs, n, 90);
        final Samples.Summary oneWay = stats.summarize(oneWayNs, n, 1);
        out[2] = oneWay.p50() * 1e3;
        out[3] = percentile(oneWayNs, n, 90);
    }

    private static double percentile(final long[] values, final int n, final double pct)
    {
        final long[] copy = java.util.Arrays.copyOf(values, n);
        java.util.Arrays.sort(copy);
        return copy[Math.min(n - 1, (int)Math.ceil(pct / 100 * n) - 1)];
    }

    /**
     * Field 4: ns per turn of a waiting loop with nothing to find. colompi: {@code Request.Test()} of a receive
     * nobody has sent yet (one {@code Engine.progress()}); raw: one {@code RingBuffer.read}. Both ranks at once.
     */
    private static void idle(
        final Intracomm comm, final int rank, final RawRing ring, final double[] recv, final double[] colompi,
        final double[] raw)
    {
        final int peer = 1 - rank;
        for (int pass = 0; pass < 2; pass++)
        {
            final Request pending = comm.Irecv(recv, 0, 1, MPI.DOUBLE, peer, IDLE_TAG);
            final long colompiNs = testLoop(pending, IDLE_POLLS);
            comm.Barrier();
            comm.Send(new double[1], 0, 1, MPI.DOUBLE, peer, IDLE_TAG);
            pending.Wait();
            comm.Barrier();
            final long rawNs = ring.idlePolls(IDLE_POLLS);
            comm.Barrier();
            colompi[4] = (double)colompiNs / IDLE_POLLS;
            raw[4] = (double)rawNs / IDLE_POLLS;
        }
    }

    private static long testLoop(final Request pending, final int polls)
    {
        final long start = System.nanoTime();
        for (int i = 0; i < polls; i++)
        {
            if (pending.Test() != null)
            {
                throw new IllegalStateException("the idle receive completed early");
            }
        }
        return System.nanoTime() - start;
    }

    private static void report(final Intracomm comm, final int rank, final int size, final double[] colompi, final double[] raw)
    {
        if (rank == 1)
        {
            final double[] both = new double[2 * FIELDS];
            System.arraycopy(colompi, 0, both, 0, FIELDS);
            System.arraycopy(raw, 0, both, FIELDS, FIELDS);
            comm.Send(both, 0, both.length, MPI.DOUBLE, 0, RESULT_TAG);
            return;
        }
        final double[] other = new double[2 * FIELDS];
        comm.Recv(other, 0, other.length, MPI.DOUBLE, 1, RESULT_TAG);
        final double[] colompi1 = java.util.Arrays.copyOfRange(other, 0, FIELDS);
        final double[] raw1 = java.util.Arrays.copyOfRange(other, FIELDS, 2 * FIELDS);
        // Rank 0's send and rank 1's receipt make the 0->1 direction, and the other way round.
        line(size, "0->1", "send p50", colompi[0], raw[0]);
        line(size, "0->1", "send p90", colompi[1], raw[1]);
        line(size, "0->1", "one-way p50", colompi1[2], raw1[2]);
        line(size, "0->1", "one-way p90", colompi1[3], raw1[3]);
        line(size, "0->1", "rest (one-way - send) p50", colompi1[2] - colompi[0], raw1[2] - raw[0]);
        line(size, "1->0", "send p50", colompi1[0], raw1[0]);
        line(size, "1->0", "send p90", colompi1[1], raw1[1]);
        line(size, "1->0", "one-way p50", colompi[2], raw[2]);
        line(size, "1->0", "one-way p90", colompi[3], raw[3]);
        line(size, "1->0", "rest (one-way - send) p50", colompi[2] - colompi1[0], raw[2] - raw1[0]);
        line(size, "rank 0", "idle poll turn", colompi[4], raw[4]);
        line(size, "rank 1", "idle poll turn", colompi1[4], raw1[4]);
        line(size, "rank 0", "bytes allocated / round trip", colompi[5], raw[5]);
        line(size, "rank 1", "bytes allocated / round trip", colompi1[5], raw1[5]);
        System.out.flush();
    }

    private static void line(final int size, final String direction, final String what, final double colompi, final double raw)
    {
        System.out.printf(Locale.ROOT, "%-8s %-10s %-28s %12.1f %12.1f %12.1f%n", Sizes.format(size), direction, what,
            colompi, raw, colompi - raw);
    }
}
