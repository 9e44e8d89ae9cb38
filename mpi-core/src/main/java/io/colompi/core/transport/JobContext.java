package io.colompi.core.transport;

import io.colompi.core.job.JobControl;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.trace.TraceJournal;
import io.colompi.core.trace.Tracer;
import io.colompi.core.wait.WaitPolicy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;

/**
 * What the ranks of one JVM share: the job's placement, how to end the job, how to wait, and the engines of
 * the ranks that live in this JVM (the targets of direct handoff).
 */
public final class JobContext
{
    private final Placement placement;
    private final JobControl control;
    private final WaitPolicy waitPolicy;
    private final int eagerLimit;
    private final JobWiring wiring;
    private final AtomicReferenceArray<Engine> localEngines;
    private final ConcurrentHashMap<Long, Object> shared = new ConcurrentHashMap<>();
    private final TraceJournal journal = TraceJournal.fromSystemProperties();

    /** A job whose ranks all live in this JVM. */
    public JobContext(final Placement placement, final JobControl control, final WaitPolicy waitPolicy, final int eagerLimit)
    {
        this(placement, control, waitPolicy, eagerLimit, JobWiring.singleJvm());
    }

    public JobContext(
        final Placement placement, final JobControl control, final WaitPolicy waitPolicy, final int eagerLimit,
        final JobWiring wiring)
    {
        this.placement = placement;
        this.control = control;
        this.waitPolicy = waitPolicy.forNode(ranksOnNodeOf(placement, wiring.jvm()), Runtime.getRuntime().availableProcessors());
        this.eagerLimit = eagerLimit;
        this.wiring = wiring;
        this.localEngines = new AtomicReferenceArray<>(placement.size());
    }

    /** Ranks on the node that hosts JVM {@code jvm} (all of them if no rank is placed there). */
    private static int ranksOnNodeOf(final Placement placement, final int jvm)
    {
        int node = -1;
        for (int r = 0; r < placement.size() && node < 0; r++)
        {
            if (placement.jvmOf(r) == jvm)
            {
                node = placement.nodeOf(r);
            }
        }
        int count = 0;
        for (int r = 0; r < placement.size(); r++)
        {
            if (node < 0 || placement.nodeOf(r) == node)
            {
                count++;
            }
        }
        return count;
    }

    public Placement placement()
    {
        return placement;
    }

    public JobControl control()
    {
        return control;
    }

    public WaitPolicy waitPolicy()
    {
        return waitPolicy;
    }

    /** How this JVM finds the other JVMs of the job. */
    public JobWiring wiring()
    {
        return wiring;
    }

    /** Largest message, in bytes, an in-JVM standard send copies eagerly instead of waiting for the receiver. */
    public int eagerLimit()
    {
        return eagerLimit;
    }

    /** The engine of {@code rank} if it lives in this JVM and has been created, else null. */
    public Engine localEngine(final int rank)
    {
        return localEngines.get(rank);
    }

    /**
     * State shared by the ranks of this JVM under {@code key} (e.g. a communicator's collective arena), made by
     * the first rank that asks.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(final long key, final LongFunction<T> factory)
    {
        return (T)shared.computeIfAbsent(key, factory::apply);
    }

    /** The tracer of {@code rank} (in this JVM) when the job is traced ({@code colorun --trace}), else null. */
    public Tracer tracer(final int rank)
    {
        return journal == null ? null : journal.open(rank, placement);
    }

    /** Called by each engine's constructor. */
    public void register(final Engine engine)
    {
        if (!localEngines.compareAndSet(engine.worldRank(), null, engine))
        {
            throw new IllegalStateException("rank " + engine.worldRank() + " already has an engine in this JVM");
        }
    }
}
