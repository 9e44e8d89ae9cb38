package io.colompi.bench;

import io.colompi.core.job.RuntimeSettings;
import io.colompi.transport.rdma.AeronSettings;
import mpi.Intracomm;

/**
 * Which raw limits this suite measures in the same run: tier {@code local}, the in-JVM handoff ({@link RawHandoff},
 * a helper thread of the measuring rank); tier {@code shm}, a raw Agrona ring pair between the two measured ranks'
 * JVMs ({@link RawRing}, both ranks take part); tier {@code aeron}, a raw Aeron ping-pong between two embedded
 * drivers in the measuring rank's JVM over loopback UDP, with the transport's channel settings ({@link RawAeron}:
 * the path two virtual nodes take). Aeron's raw limit is a ping-pong only, so bandwidth runs on that tier say so.
 */
final class RawLimit
{
    private RawLimit()
    {
    }

    static boolean available(final String tier)
    {
        return "local".equals(tier) || "shm".equals(tier) || "aeron".equals(tier);
    }

    /** Say on the root's output why a requested raw limit is not measured. */
    static void noteMissing(final Results results, final boolean requested, final boolean measured, final String tier)
    {
        if (requested && !measured && results.root())
        {
            System.out.println("# raw limit for tier " + tier + ": skipped: " +
                ("aeron".equals(tier) ? "its raw limit is a ping-pong (see latency)" : "not implemented yet"));
        }
    }

    /** Whether tier {@code tier} has a raw limit for streaming benchmarks (bw, bibw, multi-pair latency). */
    static boolean streams(final String tier)
    {
        return "local".equals(tier) || "shm".equals(tier);
    }

    /** The raw Aeron ping-pong of the measuring rank, for tier {@code aeron}. */
    static RawAeron aeron(final Options options, final JobShape shape)
    {
        return new RawAeron(AeronSettings.of(RuntimeSettings.ofJvm().aeron()), options.rawPolicy(shape));
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
