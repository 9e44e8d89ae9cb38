package io.colompi.core.job;

import io.colompi.core.trace.TraceJournal;
import io.colompi.core.wait.WaitPolicy;

import java.io.ObjectInputFilter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Every setting of the rank runtime, read once per JVM (Aeron's {@code Context} idea): each field has a default that
 * the {@code colompi.*} system property named in its accessor's documentation overrides, e.g.
 * {@code colorun -J-Dcolompi.eagerLimit=65536}. This class is the one place that reads them; the wiring
 * ({@code ColocatedJob}, {@link StandaloneRank}) takes {@link #ofJvm()} and hands each part to whoever uses it.
 * A value that does not parse, or lies out of range, is an {@link IllegalArgumentException} naming the property
 * at start-up. Sizes in bytes take a {@code k}, {@code m} or {@code g} suffix ({@code 4m}).
 * <p>
 * Not here: what only the launcher and a rank JVM's bootstrap read ({@code colompi.joinTimeout},
 * {@code colompi.slurm.dir}, {@code colompi.api.path}, {@code colompi.aeron.dir} as colorun passes it on), kept in
 * {@code io.colompi.colo}; and what only the benchmarks read ({@code bench}).
 */
public final class RuntimeSettings
{
    private static final String PREFIX = "colompi.";
    /** How a waiting rank waits: {@code backoff} or {@code spin} ({@link WaitPolicy}). */
    public static final String WAIT = PREFIX + "wait";
    public static final String WAIT_SPINS = PREFIX + "wait.spins";
    public static final String WAIT_YIELDS = PREFIX + "wait.yields";
    public static final String WAIT_MAX_PARK_NS = PREFIX + "wait.maxParkNs";
    /** CPUs the ranks of one node share; {@code colorun --virtual-nodes M} sets it to this machine's CPUs / M. */
    public static final String NODE_CPUS = PREFIX + "node.cpus";
    public static final String EAGER_LIMIT = PREFIX + "eagerLimit";
    /** Set by {@code colorun --trace DIR}. */
    public static final String TRACE_DIR = TraceJournal.DIR_PROPERTY;
    public static final String OBJECT_FILTER = PREFIX + "object.filter";
    public static final String CHECK_COUNTS = PREFIX + "coll.checkCounts";
    public static final String REPRODUCIBLE = PREFIX + "coll.reproducible";
    public static final String ARENA_YIELDS = PREFIX + "coll.arenaYields";
    public static final String MISMATCH_CHECK_MS = PREFIX + "coll.mismatchCheckMs";
    public static final String ARENA_CHUNK_BYTES = PREFIX + "coll.arenaChunkBytes";
    public static final String SHM_RING_BYTES = PREFIX + "shm.ringBytes";
    public static final String LOCAL_INBOX_BYTES = PREFIX + "local.inboxBytes";
    private static final int MIN_INBOX_BYTES = 4096;
    private static final String COLL = PREFIX + "coll.";
    /** Each JVM's room in a node arena ({@link CollectiveTuning#nodeSlotBytes()}). */
    public static final String NODE_SLOT_BYTES = COLL + "node.slotBytes";
    private static final String AERON = PREFIX + "aeron.";

    private static final RuntimeSettings DEFAULTS = new Builder().build();
    private static volatile RuntimeSettings jvmSettings;

    private final WaitPolicy waitPolicy;
    private final int nodeCpus;
    private final int eagerLimit;
    private final Path traceDirectory;
    private final String objectFilter;
    private final CollectiveTuning collectives;
    private final boolean checkCounts;
    private final boolean reproducible;
    private final int arenaYields;
    private final int mismatchCheckMs;
    private final int arenaChunkBytes;
    private final int shmRingBytes;
    private final int localInboxBytes;
    private final Aeron aeron;

    private RuntimeSettings(final Builder b)
    {
        this.waitPolicy = b.waitPolicy;
        this.nodeCpus = b.nodeCpus;
        this.eagerLimit = b.eagerLimit;
        this.traceDirectory = b.traceDirectory;
        this.objectFilter = b.objectFilter;
        this.collectives = b.collectives;
        this.checkCounts = b.checkCounts;
        this.reproducible = b.reproducible;
        this.arenaYields = b.arenaYields;
        this.mismatchCheckMs = b.mismatchCheckMs;
        this.arenaChunkBytes = b.arenaChunkBytes;
        this.shmRingBytes = b.shmRingBytes;
        this.localInboxBytes = b.localInboxBytes;
        this.aeron = b.aeron;
    }

    /**
     * The settings of this JVM: its system properties, read the first time anything asks (a rank JVM's host asks
     * before it starts ranks, so that a bad value ends it with one line).
     */
    public static RuntimeSettings ofJvm()
    {
        RuntimeSettings settings = jvmSettings;
        if (settings == null)
        {
            synchronized (RuntimeSettings.class)
            {
                settings = jvmSettings;
                if (settings == null)
                {
                    settings = from(System.getProperties());
                    jvmSettings = settings;
                }
            }
        }
        return settings;
    }

    /** Every default, no property read (tests, benchmarks). */
    public static RuntimeSettings defaults()
    {
        return DEFAULTS;
    }

    /** The settings {@code properties} give, defaults for what they do not name. */
    public static RuntimeSettings from(final Properties properties)
    {
        final PropertyReader p = new PropertyReader(properties);
        final Builder b = new Builder();
        final WaitPolicy backoff = WaitPolicy.BACKOFF;
        final String waitName = p.word(WAIT, "backoff", "backoff", "spin");
        b.waitPolicy("spin".equals(waitName) ? WaitPolicy.SPIN : new WaitPolicy(
            p.integer(WAIT_SPINS, backoff.spins(), 0),
            p.integer(WAIT_YIELDS, backoff.yields(), 0),
            backoff.minParkNs(),
            p.longInteger(WAIT_MAX_PARK_NS, backoff.maxParkNs(), backoff.minParkNs()),
            !p.isSet(WAIT_SPINS)));
        b.nodeCpus(p.integer(NODE_CPUS, DEFAULTS.nodeCpus, 0));
        b.eagerLimit(p.size(EAGER_LIMIT, DEFAULTS.eagerLimit, 0));
        final String trace = p.text(TRACE_DIR);
        b.traceDirectory(trace == null ? null : Path.of(trace));
        final String filter = p.text(OBJECT_FILTER);
        try
        {
            if (filter != null)
            {
                ObjectInputFilter.Config.createFilter(filter);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw p.invalid(OBJECT_FILTER, "a JEP 290 filter pattern (" + ex.getMessage() + ")");
        }
        b.objectFilter(filter);
        b.collectives(collectives(p, CollectiveTuning.DEFAULTS));
        b.checkCounts(p.bool(CHECK_COUNTS, DEFAULTS.checkCounts));
        b.reproducible(p.bool(REPRODUCIBLE, DEFAULTS.reproducible));
        b.arenaYields(p.integer(ARENA_YIELDS, DEFAULTS.arenaYields, 0));
        b.mismatchCheckMs(p.integer(MISMATCH_CHECK_MS, DEFAULTS.mismatchCheckMs, 0));
        b.arenaChunkBytes(p.size(ARENA_CHUNK_BYTES, DEFAULTS.arenaChunkBytes, 1));
        b.shmRingBytes(p.size(SHM_RING_BYTES, DEFAULTS.shmRingBytes, 1));
        final int inboxBytes = p.size(LOCAL_INBOX_BYTES, DEFAULTS.localInboxBytes, MIN_INBOX_BYTES);
        try
        {
            b.localInboxBytes(inboxBytes);
        }
        catch (final IllegalArgumentException notAPowerOfTwo)
        {
            throw p.invalid(LOCAL_INBOX_BYTES, "a power of two");
        }
        final Aeron a = DEFAULTS.aeron;
        b.aeron(new Aeron(
            p.size(AERON + "termBudget", a.termBudget(), 0),
            p.size(AERON + "termLength", a.termLength(), 0),
            p.size(AERON + "loopbackMtu", a.loopbackMtu(), 1),
            p.size(AERON + "mtu", a.mtu(), 1),
            p.size(AERON + "socketBuffer", a.socketBuffer(), 1),
            p.size(AERON + "receiverWindow", a.receiverWindow(), 1),
            p.integer(AERON + "fragmentLimit", a.fragmentLimit(), 1),
            p.longInteger(AERON + "keeperMinParkNs", a.keeperMinParkNs(), 0),
            p.longInteger(AERON + "keeperMaxParkNs", a.keeperMaxParkNs(), 0),
            p.longInteger(AERON + "idleCycleGapNs", a.idleCycleGapNs(), 0),
            p.longInteger(AERON + "lingerMs", a.lingerMs(), 0),
            p.integer(AERON + "connectAtInit", a.connectAtInit(), 0),
            p.text(AERON + "dir")));
        return b.build();
    }

    private static CollectiveTuning collectives(final PropertyReader p, final CollectiveTuning d)
    {
        return new CollectiveTuning(
            p.bool(COLL + "hierarchical", d.hierarchical()),
            p.bool(COLL + "leaders", d.leaders()),
            p.size(COLL + "node.allreduceBytes", d.nodeAllreduceBytes(), 0),
            p.size(COLL + "node.bcastBytes", d.nodeBcastBytes(), 0),
            p.size(COLL + "node.allgatherBytes", d.nodeAllgatherBytes(), 0),
            p.size(COLL + "node.alltoallBytes", d.nodeAlltoallBytes(), 0),
            p.size(COLL + "node.directReadBytes", d.nodeDirectReadBytes(), 0),
            p.size(NODE_SLOT_BYTES, d.nodeSlotBytes(), 1),
            p.size(COLL + "bcast.shortBytes", d.bcastShortBytes(), 0),
            p.integer(COLL + "bcast.minProcs", d.bcastMinProcs(), 0),
            p.size(COLL + "allreduce.shortBytes", d.allreduceShortBytes(), 0),
            p.size(COLL + "allreduce.ringBytes", d.allreduceRingBytes(), 0),
            p.integer(COLL + "allreduce.ringMinProcs", d.allreduceRingMinProcs(), 0),
            p.size(COLL + "allgather.shortBytes", d.allgatherShortBytes(), 0),
            p.size(COLL + "allgather.longBytes", d.allgatherLongBytes(), 0),
            p.size(COLL + "alltoall.shortBytes", d.alltoallShortBytes(), 0),
            p.integer(COLL + "alltoall.minProcs", d.alltoallMinProcs(), 0),
            p.size(COLL + "gather.shortBytes", d.gatherShortBytes(), 0),
            p.size(COLL + "scatter.shortBytes", d.scatterShortBytes(), 0),
            p.size(COLL + "objectBytes", d.objectBytes(), 1));
    }

    /** A builder that starts from these settings, for a job that needs some of them changed (tests, benchmarks). */
    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /**
     * {@value #WAIT} ({@code backoff}; {@code spin}), {@value #WAIT_SPINS} (2000; unset: fewer where ranks outnumber
     * cores), {@value #WAIT_YIELDS} (20), {@value #WAIT_MAX_PARK_NS} (1 ms): how a waiting rank waits.
     */
    public WaitPolicy waitPolicy()
    {
        return waitPolicy;
    }

    /**
     * {@value #NODE_CPUS} (0: the JVM's available processors): the CPUs the ranks of this JVM's node share, against
     * which the {@link #waitPolicy() wait} counts them ({@link WaitPolicy#forNode}). Virtual nodes share this
     * machine's CPUs, so {@code colorun --virtual-nodes M} gives each a share (a rank that spins there takes the CPU
     * of a rank on another virtual node).
     */
    public int nodeCpus()
    {
        return nodeCpus > 0 ? nodeCpus : Runtime.getRuntime().availableProcessors();
    }

    /** {@value #EAGER_LIMIT} (16384): largest message, in bytes, an in-JVM standard send copies eagerly. */
    public int eagerLimit()
    {
        return eagerLimit;
    }

    /** {@value #TRACE_DIR} (unset): where a traced job writes its journals; null when the job is not traced. */
    public Path traceDirectory()
    {
        return traceDirectory;
    }

    /** {@value #OBJECT_FILTER} (unset): a JEP 290 pattern checked before the default {@code ObjectFilter}, or null. */
    public String objectFilter()
    {
        return objectFilter;
    }

    /** {@code colompi.coll.*}: the collectives' switch points, each property named in {@link CollectiveTuning}. */
    public CollectiveTuning collectives()
    {
        return collectives;
    }

    /** {@value #CHECK_COUNTS} (true): ranks spanning JVMs agree on the count of a bcast, reduce or allreduce first. */
    public boolean checkCounts()
    {
        return checkCounts;
    }

    /** {@value #REPRODUCIBLE} (false): reductions combine in an order fixed by rank and size alone. */
    public boolean reproducible()
    {
        return reproducible;
    }

    /** {@value #ARENA_YIELDS} (1000): yields without an arrival before a rank in a JVM arena parks. */
    public int arenaYields()
    {
        return arenaYields;
    }

    /**
     * {@value #MISMATCH_CHECK_MS} (1000; 0: never): a rank that has waited this long in one wait inside a blocking
     * collective asks its peers what they run, and fails the call if one runs another collective, root, count or
     * algorithm as the same call.
     */
    public int mismatchCheckMs()
    {
        return mismatchCheckMs;
    }

    /** {@value #ARENA_CHUNK_BYTES} (32768): the chunk a shared-memory reduction is cut into. */
    public int arenaChunkBytes()
    {
        return arenaChunkBytes;
    }

    /** {@value #SHM_RING_BYTES} (4 MiB): capacity of each rank's inbound shared-memory ring. */
    public int shmRingBytes()
    {
        return shmRingBytes;
    }

    /**
     * {@value #LOCAL_INBOX_BYTES} (256 KiB, a power of two): capacity of each rank's inbox, where the ranks of its JVM
     * put their messages to it.
     */
    public int localInboxBytes()
    {
        return localInboxBytes;
    }

    /** {@code colompi.aeron.*}: the Aeron tier's channels and driver. */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * The Aeron tier's settings, each from {@code colompi.aeron.<component>} (default in brackets; the transport's
     * {@code AeronSettings} says what each does).
     *
     * @param termBudget      {@code termBudget} (48 MiB): log buffer bytes for all peer JVMs on other nodes.
     * @param termLength      {@code termLength} (0: derived from the budget).
     * @param loopbackMtu     {@code loopbackMtu} (65504).
     * @param mtu             {@code mtu} (1408).
     * @param socketBuffer    {@code socketBuffer} (2 MiB).
     * @param receiverWindow  {@code receiverWindow} (2 MiB).
     * @param fragmentLimit   {@code fragmentLimit} (64).
     * @param keeperMinParkNs {@code keeperMinParkNs} (100 us).
     * @param keeperMaxParkNs {@code keeperMaxParkNs} (1 ms).
     * @param idleCycleGapNs  {@code idleCycleGapNs} (1 us).
     * @param lingerMs        {@code lingerMs} (2000).
     * @param connectAtInit   {@code connectAtInit} (16): a JVM with at most this many JVMs on other nodes connects
     *                        to all of them in {@code MPI.Init}; 0: each connection on first use.
     * @param directory       {@code dir} (unset: each JVM embeds its driver): a driver running on the node.
     */
    public record Aeron(
        int termBudget, int termLength, int loopbackMtu, int mtu, int socketBuffer, int receiverWindow,
        int fragmentLimit, long keeperMinParkNs, long keeperMaxParkNs, long idleCycleGapNs, long lingerMs,
        int connectAtInit, String directory)
    {
    }

    /** Settings to change one by one; starts from the defaults or from existing settings. */
    public static final class Builder
    {
        private WaitPolicy waitPolicy = WaitPolicy.BACKOFF;
        private int nodeCpus;
        private int eagerLimit = 16384;
        private Path traceDirectory;
        private String objectFilter;
        private CollectiveTuning collectives = CollectiveTuning.DEFAULTS;
        private boolean checkCounts = true;
        private boolean reproducible;
        private int arenaYields = 1000;
        private int mismatchCheckMs = 1000;
        private int arenaChunkBytes = 32768;
        private int shmRingBytes = 4 << 20;
        private int localInboxBytes = 256 << 10;
        private Aeron aeron = new Aeron(48 << 20, 0, 65504, 1408, 2 << 20, 2 << 20, 64, 100_000L, 1_000_000L, 1_000L,
            2_000L, 16, null);

        public Builder()
        {
        }

        private Builder(final RuntimeSettings s)
        {
            waitPolicy = s.waitPolicy;
            nodeCpus = s.nodeCpus;
            eagerLimit = s.eagerLimit;
            traceDirectory = s.traceDirectory;
            objectFilter = s.objectFilter;
            collectives = s.collectives;
            checkCounts = s.checkCounts;
            reproducible = s.reproducible;
            arenaYields = s.arenaYields;
            mismatchCheckMs = s.mismatchCheckMs;
            arenaChunkBytes = s.arenaChunkBytes;
            shmRingBytes = s.shmRingBytes;
            localInboxBytes = s.localInboxBytes;
            aeron = s.aeron;
        }

        public Builder waitPolicy(final WaitPolicy waitPolicy)
        {
            this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
            return this;
        }

        public Builder eagerLimit(final int eagerLimit)
        {
            this.eagerLimit = nonNegative(EAGER_LIMIT, eagerLimit);
            return this;
        }

        public Builder traceDirectory(final Path traceDirectory)
        {
            this.traceDirectory = traceDirectory;
            return this;
        }

        public Builder objectFilter(final String objectFilter)
        {
            this.objectFilter = objectFilter;
            return this;
        }

        public Builder collectives(final CollectiveTuning collectives)
        {
            this.collectives = Objects.requireNonNull(collectives, "collectives");
            return this;
        }

        public Builder checkCounts(final boolean checkCounts)
        {
            this.checkCounts = checkCounts;
            return this;
        }

        public Builder reproducible(final boolean reproducible)
        {
            this.reproducible = reproducible;
            return this;
        }

        public Builder arenaYields(final int arenaYields)
        {
            this.arenaYields = nonNegative(ARENA_YIELDS, arenaYields);
            return this;
        }

        public Builder mismatchCheckMs(final int mismatchCheckMs)
        {
            this.mismatchCheckMs = nonNegative(MISMATCH_CHECK_MS, mismatchCheckMs);
            return this;
        }

        public Builder arenaChunkBytes(final int arenaChunkBytes)
        {
            this.arenaChunkBytes = nonNegative(ARENA_CHUNK_BYTES, arenaChunkBytes);
            return this;
        }

        public Builder nodeCpus(final int nodeCpus)
        {
            this.nodeCpus = nonNegative(NODE_CPUS, nodeCpus);
            return this;
        }

        public Builder shmRingBytes(final int shmRingBytes)
        {
            this.shmRingBytes = nonNegative(SHM_RING_BYTES, shmRingBytes);
            return this;
        }

        public Builder localInboxBytes(final int localInboxBytes)
        {
            if (localInboxBytes < MIN_INBOX_BYTES || Integer.bitCount(localInboxBytes) != 1)
            {
                throw new IllegalArgumentException(LOCAL_INBOX_BYTES + " must be a power of two of at least " +
                    MIN_INBOX_BYTES + ", not " + localInboxBytes);
            }
            this.localInboxBytes = localInboxBytes;
            return this;
        }

        public Builder aeron(final Aeron aeron)
        {
            this.aeron = Objects.requireNonNull(aeron, "aeron");
            return this;
        }

        public RuntimeSettings build()
        {
            return new RuntimeSettings(this);
        }

        private static int nonNegative(final String name, final int value)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }
    }

    /** Reads typed values from properties, each error naming the property and what it expected. */
    private static final class PropertyReader
    {
        private final Properties properties;

        PropertyReader(final Properties properties)
        {
            this.properties = properties;
        }

        boolean isSet(final String name)
        {
            return text(name) != null;
        }

        String text(final String name)
        {
            final String value = properties.getProperty(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String word(final String name, final String fallback, final String... allowed)
        {
            final String value = text(name);
            if (value == null)
            {
                return fallback;
            }
            for (final String word : allowed)
            {
                if (word.equals(value))
                {
                    return word;
                }
            }
            throw invalid(name, "one of " + String.join(", ", allowed));
        }

        boolean bool(final String name, final boolean fallback)
        {
            return Boolean.parseBoolean(word(name, Boolean.toString(fallback), "true", "false"));
        }

        int integer(final String name, final int fallback, final int min)
        {
            final long value = longInteger(name, fallback, min);
            if (value > Integer.MAX_VALUE)
            {
                throw invalid(name, "an integer of at most " + Integer.MAX_VALUE);
            }
            return (int)value;
        }

        long longInteger(final String name, final long fallback, final long min)
        {
            final String value = text(name);
            if (value == null)
            {
                return fallback;
            }
            try
            {
                return atLeast(name, Long.parseLong(value), min);
            }
            catch (final NumberFormatException ex)
            {
                throw invalid(name, "an integer of at least " + min);
            }
        }

        /** Bytes, with an optional {@code k}, {@code m} or {@code g} suffix (powers of 1024). */
        int size(final String name, final int fallback, final int min)
        {
            final String value = text(name);
            if (value == null)
            {
                return fallback;
            }
            final char last = Character.toLowerCase(value.charAt(value.length() - 1));
            final int shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : 0;
            final String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
            final long units;
            try
            {
                units = Long.parseLong(digits);
            }
            catch (final NumberFormatException ex)
            {
                throw invalid(name, "a size in bytes of at least " + min + " (a k, m or g suffix allowed)");
            }
            if (units > (Integer.MAX_VALUE >> shift))
            {
                throw invalid(name, "a size of at most " + Integer.MAX_VALUE + " bytes");
            }
            return (int)atLeast(name, units << shift, min);
        }

        private long atLeast(final String name, final long value, final long min)
        {
            if (value < min)
            {
                throw invalid(name, "at least " + min);
            }
            return value;
        }

        IllegalArgumentException invalid(final String name, final String expected)
        {
            return new IllegalArgumentException(String.format(Locale.ROOT,
                "system property %s must be %s, not '%s'", name, expected, properties.getProperty(name)));
        }
    }
}
