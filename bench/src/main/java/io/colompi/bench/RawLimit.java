package io.colompi.bench;

import mpi.Intracomm;

/**
 * Which raw limits this suite measures in the same run: tier {@code local}, the in-JVM handoff ({@link RawHandoff},
 * a helper thread of the measuring rank); tier {@code shm}, a raw Agrona ring pair between the two measured ranks'
 * JVMs ({@link RawRing}, both ranks take part). Aeron's (a raw Aeron ping-pong) comes with that transport; until
 * then its runs say so instead of printing a ratio.
 */
final class RawLimit
{
    private RawLimit()
    {
    }

    static boolean available(final String tier)
    {
        return "local".equals(tier) || "shm".equals(tier);
    }

    static void noteMissing(final Results results, final boolean requested, final String tier)
    {
        if (requested && !available(tier) && results.root())
        {
            System.out.println("# raw limit for tier " + tier + ": skipped: not implemented yet");
        }
    }

    /** The raw ring between {@code rank} and {@code peer} (both call this), for tier {@code shm}. */
    static RawRing ring(
        final Intracomm comm, final int rank, final int peer, final JobShape shape, final Options options,
        final Element element, final Object send, final Object recv)
    {
        return RawRing.connect(comm, rank, peer, shape.sharedMemoryDir(), RawRing.Kind.parse(options.rawRing),
            options.rawPolicy(shape), element, send, recv);
    }
}
