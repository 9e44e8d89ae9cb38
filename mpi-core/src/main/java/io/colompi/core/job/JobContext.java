package io.colompi.core.job;

import io.colompi.core.trace.TraceJournal;
import io.colompi.core.trace.Tracer;
import io.colompi.core.wait.Doorbell;
import io.colompi.core.wait.WaitPolicy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * What the ranks of one JVM share: the job's placement and wiring, how to end the job, how to wait, the doorbells
 * of the ranks that live in this JVM, and state made once per JVM ({@link Shared}).
 */
public final class JobContext
{
    /**
     * A kind of state the ranks of one JVM share (e.g. a transport's per-JVM node), made by the first rank that asks
     * with {@link #shared(Shared)}; compared by identity, so each kind is one {@code static final} instance.
     */
    public static final class Shared<T>
    {
        private final String name;
        private final Function<JobContext, T> factory;

        public Shared(final String name, final Function<JobContext, T> factory)
        {
            this.name = name;
            this.factory = factory;
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    private final Placement placement;
    private final JobControl control;
    private final RuntimeSettings settings;
    private final WaitPolicy waitPolicy;
    private final boolean oversubscribed;
    private final int eagerLimit;
    private final JobWiring wiring;
    private final AtomicReferenceArray<Doorbell> doorbells;
    private final ConcurrentHashMap<Shared<?>, Object> shared = new ConcurrentHashMap<>();
    private final TraceJournal journal;
    /** The collectives' thresholds in force: the settings' unless {@link #useCollectives} changed them. */
    private volatile CollectiveTuning collectives;

    /** A job whose ranks all live in this JVM, with default settings but {@code waitPolicy} and {@code eagerLimit}. */
    public JobContext(final Placement placement, final JobControl control, final WaitPolicy waitPolicy, final int eagerLimit)
    {
        this(placement, control, waitPolicy, eagerLimit, JobWiring.singleJvm());
    }

    /** A job with the default settings but {@code waitPolicy} and {@code eagerLimit} (tests, benchmarks). */
    public JobContext(
        final Placement placement, final JobControl control, final WaitPolicy waitPolicy, final int eagerLimit,
        final JobWiring wiring)
    {
        this(placement, control, RuntimeSettings.defaults(), waitPolicy, eagerLimit, wiring);
    }

    /** A job with {@code settings} but {@code eagerLimit} (tests: -1 makes every message rendezvous). */
    public JobContext(
        final Placement placement, final JobControl control, final RuntimeSettings settings, final int eagerLimit,
        final JobWiring wiring)
    {
        this(placement, control, settings, settings.waitPolicy(), eagerLimit, wiring);
    }

    public JobContext(
        final Placement placement, final JobControl control, final RuntimeSettings settings, final JobWiring wiring)
    {
        this(placement, control, settings, settings.waitPolicy(), settings.eagerLimit(), wiring);
    }

    // eagerLimit as given, not checked as a setting: a test's -1 makes every message, empty ones too, rendezvous
    private JobContext(
        final Placement placement, final JobControl control, final RuntimeSettings settings,
        final WaitPolicy waitPolicy, final int eagerLimit, final JobWiring wiring)
    {
        this.placement = placement;
        this.control = control;
        this.settings = settings;
        this.eagerLimit = eagerLimit;
        final int ranksOnNode = ranksOnNodeOf(placement, wiring.jvm());
        this.oversubscribed = ranksOnNode > settings.nodeCpus();
        this.waitPolicy = waitPolicy
            .forNode(ranksOnNode, ranks(placement, r -> placement.jvmOf(r) == wiring.jvm()), settings.nodeCpus());
        this.wiring = wiring;
        this.doorbells = new AtomicReferenceArray<>(placement.size());
        this.journal = TraceJournal.of(settings.traceDirectory());
        this.collectives = settings.collectives();
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
        final int hostNode = node;
        return node < 0 ? placement.size() : ranks(placement, r -> placement.nodeOf(r) == hostNode);
    }

    /** How many ranks of {@code placement} are {@code which}. */
    private static int ranks(final Placement placement, final IntPredicate which)
    {
        int count = 0;
        for (int r = 0; r < placement.size(); r++)
        {
            if (which.test(r))
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

    /** Whether this JVM's node runs more of the job's ranks than it has cores ({@link RuntimeSettings#nodeCpus()}). */
    public boolean oversubscribed()
    {
        return oversubscribed;
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

    /** The settings of this job's runtime, read once where the JVM started ({@link RuntimeSettings}). */
    public RuntimeSettings settings()
    {
        return settings;
    }

    /** The thresholds that choose this job's collective algorithms: {@link RuntimeSettings#collectives()}. */
    public CollectiveTuning collectives()
    {
        return collectives;
    }

    /**
     * Put {@code tuning} in force for the ranks of this JVM (benchmarks that compare algorithms in one job);
     * {@code null} goes back to the settings'. Only between collectives: ranks deciding with different values would
     * pick different algorithms.
     */
    public void useCollectives(final CollectiveTuning tuning)
    {
        collectives = tuning != null ? tuning : settings.collectives();
    }

    /** The state of kind {@code kind} of this JVM, made by the first rank that asks. */
    @SuppressWarnings("unchecked")
    public <T> T shared(final Shared<T> kind)
    {
        return (T)shared.computeIfAbsent(kind, k -> kind.factory.apply(this));
    }

    /** The tracer of {@code rank} (in this JVM) when the job is traced ({@code colorun --trace}), else null. */
    public Tracer tracer(final int rank)
    {
        return journal == null ? null :
            journal.open(rank, placement.size(), placement.jvmOf(rank), placement.nodeOf(rank));
    }

    /** Called by each rank of this JVM as it starts: its doorbell, which wakes it when it sleeps. */
    public void register(final int rank, final Doorbell doorbell)
    {
        if (!doorbells.compareAndSet(rank, null, doorbell))
        {
            throw new IllegalStateException("rank " + rank + " already lives in this JVM");
        }
    }

    /** The doorbell of {@code rank} if it lives in this JVM and has started, else null. */
    public Doorbell doorbell(final int rank)
    {
        return rank >= 0 && rank < doorbells.length() ? doorbells.get(rank) : null;
    }
}
