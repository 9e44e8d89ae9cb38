package io.colompi.bench;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;

/**
 * The timed loops, each its own small method that the benchmarks call repeatedly (JIT warm-up calls of one
 * iteration, then the warm-up iterations, then the timed ones), as OSU does: a hot loop inside a long-running
 * method such as {@code main} gets on-stack-replacement compiled, badly, and measures several times slower.
 */
final class Loops
{
    static final int TAG = 1;
    static final int ACK_TAG = 2;
    static final long SETTLE_MS = Long.getLong("colompi.bench.settleMs", 300);

    private Loops()
    {
    }

    /**
     * After the JIT warm-up: every rank sleeps a moment, so the compiler threads (which compete with the ranks for
     * the cores) finish the compilations the warm-up queued before anything is timed.
     */
    static void settle(final Intracomm comm) throws InterruptedException
    {
        Thread.sleep(SETTLE_MS);
        comm.Barrier();
    }

    /** Ping side of a ping-pong; records each round trip (ns) into {@code samples} if given; returns total ns. */
    static long ping(
        final Api api, final Intracomm comm, final Object send, final Object recv, final int count, final Datatype type, final int peer,
        final int iterations, final long[] samples)
    {
        final long start = System.nanoTime();
        long previous = start;
        for (int i = 0; i < iterations; i++)
        {
            api.send(comm, send, count, type, peer, TAG);
            api.recv(comm, recv, count, type, peer, TAG);
            if (samples != null)
            {
                final long now = System.nanoTime();
                samples[i] = now - previous;
                previous = now;
            }
        }
        return System.nanoTime() - start;
    }

    static void pong(
        final Api api, final Intracomm comm, final Object send, final Object recv, final int count, final Datatype type, final int peer,
        final int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            api.recv(comm, recv, count, type, peer, TAG);
            api.send(comm, send, count, type, peer, TAG);
        }
    }

    /** OSU bw, sending side: windows of nonblocking sends, each window acknowledged by the receiver. Total ns. */
    static long windowSend(
        final Api api, final Intracomm comm, final Object send, final int count, final Datatype type, final int peer,
        final Request[] requests, final byte[] ack, final int iterations)
    {
        final int window = requests.length;
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                requests[w] = api.isend(comm, send, count, type, peer, TAG);
            }
            api.waitAll(requests);
            comm.Recv(ack, 0, ack.length, MPI.BYTE, peer, ACK_TAG);
        }
        return System.nanoTime() - start;
    }

    static void windowRecv(
        final Api api, final Intracomm comm, final Object recv, final int count, final Datatype type, final int peer,
        final Request[] requests, final byte[] ack, final int iterations)
    {
        final int window = requests.length;
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                requests[w] = api.irecv(comm, recv, count, type, peer, TAG);
            }
            api.waitAll(requests);
            comm.Send(ack, 0, ack.length, MPI.BYTE, peer, ACK_TAG);
        }
    }

    /** OSU bibw, either side: post the window's receives, then its sends, then wait for all. Total ns. */
    static long windowExchange(
        final Api api, final Intracomm comm, final Object send, final Object recv, final int count, final Datatype type, final int peer,
        final Request[] sends, final Request[] receives, final int iterations)
    {
        final int window = sends.length;
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                receives[w] = api.irecv(comm, recv, count, type, peer, TAG);
            }
            for (int w = 0; w < window; w++)
            {
                sends[w] = api.isend(comm, send, count, type, peer, TAG);
            }
            api.waitAll(sends);
            api.waitAll(receives);
        }
        return System.nanoTime() - start;
    }

    /**
     * OSU collective loop: each iteration timed alone, then a barrier (untimed) so that iterations do not overlap;
     * the barrier benchmark itself has none. Returns the summed time of the operations in ns.
     */
    static long collective(final CollectiveCall call, final int count, final int iterations)
    {
        final Intracomm comm = call.comm();
        final boolean separate = call.kind().blocking() != Collective.BARRIER;
        long total = 0;
        for (int i = 0; i < iterations; i++)
        {
            final long start = System.nanoTime();
            call.run(count);
            total += System.nanoTime() - start;
            if (separate)
            {
                comm.Barrier();
            }
        }
        return total;
    }
}
