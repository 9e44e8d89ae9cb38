package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.TypeMap;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the ranks of one communicator that share a JVM meet during a collective: each publishes its buffer,
 * the leader (local index 0) combines them by reading the other ranks' arrays directly, works across JVMs,
 * then releases the others, who copy the result once. Waiting goes through each rank's engine (spin, yield,
 * park on its doorbell); whoever moves the arena on rings the doorbells of those who may wait for it.
 * Reused by every collective of the communicator: counters are consumed, never reset, so a fast rank may
 * already arrive for the next operation while the leader finishes this one.
 */
final class JvmArena
{
    final Object[] buffers;
    final int[] offsets;
    final TypeMap[] types;
    /** Receive buffers, for operations whose last arriver writes every rank's result itself. */
    final Object[] results;
    final int[] resultOffsets;
    final TypeMap[] resultTypes;
    /** Operations each local rank has started on the arena; slot i is touched by rank i alone. */
    private final long[] sequences;
    private final int members;
    private final Engine[] engines;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    /** Local ranks present for a last-arriver operation; the one that completes the count does the work. */
    private final AtomicInteger present = new AtomicInteger();
    private volatile long released;
    /** The leader's scratch for reductions, grown on demand and reused. */
    Object scratch;

    private JvmArena(final Communicator c, final Locality locality)
    {
        final int[] local = locality.localRanks();
        this.members = local.length - 1;
        this.buffers = new Object[local.length];
        this.offsets = new int[local.length];
        this.types = new TypeMap[local.length];
        this.results = new Object[local.length];
        this.resultOffsets = new int[local.length];
        this.resultTypes = new TypeMap[local.length];
        this.engines = new Engine[local.length];
        this.sequences = new long[local.length];
        for (int i = 0; i < local.length; i++)
        {
            engines[i] = c.engine().job().localEngine(c.worldRankOf(local[i]));
        }
    }

    static JvmArena of(final Communicator c)
    {
        final Locality locality = c.locality();
        return c.engine().job().shared(locality.arenaKey(), key -> new JvmArena(c, locality));
    }

    /** Number the next operation of local rank {@code index}; every local rank counts the same operations. */
    long next(final int index)
    {
        return ++sequences[index];
    }

    void publish(final int index, final Object buffer, final int offset, final TypeMap type)
    {
        buffers[index] = buffer;
        offsets[index] = offset;
        types[index] = type;
    }

    void publishResult(final int index, final Object buffer, final int offset, final TypeMap type)
    {
        results[index] = buffer;
        resultOffsets[index] = offset;
        resultTypes[index] = type;
    }

    /**
     * Count this rank in; true for the last local rank to arrive, which then does the whole operation and
     * {@link #release}s the others. Nobody waits for a particular thread to be scheduled, which is what matters
     * when ranks outnumber cores.
     */
    boolean arriveLast()
    {
        if (present.incrementAndGet() <= members)
        {
            return false;
        }
        present.set(0);
        return true;
    }

    /** A member has published and waits for the leader. */
    void arrive()
    {
        arrived.incrementAndGet();
        engines[0].doorbell().ring();
    }

    /** The leader waits until every member has arrived for the current operation. */
    void awaitArrivals(final Engine leader)
    {
        leader.await(() -> arrived.get() >= members);
        arrived.addAndGet(-members);
    }

    /** Let everyone waiting for operation {@code sequence} go on. */
    void release(final long sequence)
    {
        released = sequence;
        for (final Engine engine : engines)
        {
            engine.doorbell().ring();
        }
    }

    void awaitRelease(final Engine member, final long sequence)
    {
        member.await(() -> released >= sequence);
    }

    /** A member is done reading what the leader published. */
    void finish()
    {
        finished.incrementAndGet();
        engines[0].doorbell().ring();
    }

    void awaitFinished(final Engine leader)
    {
        leader.await(() -> finished.get() >= members);
        finished.addAndGet(-members);
    }
}
