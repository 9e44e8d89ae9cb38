package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.JobContext;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * The one place where a collective's algorithm is chosen (MPICH CH4's and Open MPI {@code coll/tuned}'s decision
 * table): per call, from the communicator's placement, the message size, np and the operation, with the
 * thresholds of {@link CollectiveTuning}. A {@link Decision} names where the call runs and which flat algorithm
 * runs in it; {@link Collectives}, {@link Hierarchical} and the family classes only execute it. Every rank decides
 * from values MPI makes equal on all ranks (counts, type signatures, np, the job's placement), so all take the
 * same path.
 *
 * <p>One per communicator and rank (in its {@link CollectiveState}): what the placement implies is computed once,
 * and the last decision of each collective is kept with the inputs it was made from, so a loop repeating a call
 * decides once. Nonblocking collectives run where the blocking call would (a gather, scatter, allgather,
 * allgatherv, alltoall or alltoallv takes its decision; an allreduce or bcast takes a node arena on one node only);
 * those that take no decision of their own ({@link #nonblockingInJvm}) run in the JVM arena or flat, their algorithm
 * from the static {@code flat*} choosers.
 */
final class Selection
{
    /** Where a collective runs. */
    enum Path
    {
        /** Every rank runs the flat algorithm over point-to-point. */
        FLAT,
        /** Every rank in this JVM: a shared-memory {@link LocalTask} the ranks run together. */
        JVM_ARENA,
        /** The ranks of each JVM meet in its {@link JvmArena}; one leader per JVM runs the flat algorithm. */
        LEADERS,
        /**
         * The JVM leaders of each node meet in a {@link NodeArena}; across nodes, one leader per node runs the flat
         * algorithm (allreduce only). The ranks of each JVM meet first in its JVM arena, except for allgatherv,
         * alltoall and alltoallv, whose ranks are alone in their JVMs (and an allgather whose ranks are).
         */
        NODE_ARENA
    }

    /** The flat algorithms, over point-to-point (see the package description). */
    enum Algorithm
    {
        DISSEMINATION, BINOMIAL, SCATTER_RING_ALLGATHER, LINEAR, RECURSIVE_DOUBLING, BRUCK, RING, RABENSEIFNER,
        PAIRWISE, RECURSIVE_HALVING, REDUCE_THEN_SCATTER,
        /** In a {@link Path#JVM_ARENA}: every rank reads every other's contribution ({@link JvmArena#exchange}). */
        EXCHANGE,
        /** In a {@link Path#JVM_ARENA}: the root leaves its data in its line, returns ({@link JvmArena#eagerBcast}). */
        EAGER,
        /**
         * In a {@link Path#NODE_ARENA} whose JVMs hold several ranks: the blocks as one stream in one set of slots,
         * which each JVM's leader writes for its ranks and every rank reads itself ({@link Hierarchical#allgather}).
         */
        STREAM
    }

    /**
     * A collective call's path and the flat algorithm that runs in it: on every rank ({@link Path#FLAT}), among the
     * JVM leaders ({@link Path#LEADERS}), among the node leaders ({@link Path#NODE_ARENA} across nodes); null
     * where none does.
     */
    record Decision(Path path, Algorithm flat)
    {
    }

    /**
     * Where JVMs hold several ranks, an allgather takes node arenas from this many times
     * {@link CollectiveTuning#nodeAllgatherBytes()}: each JVM's leader then copies every block for all its ranks, and
     * below that the ranks copying their own flat were faster (np 4 and 8, 2 ranks per JVM, blocks of 16-32 KiB: 44-70
     * against 92-149 us at np 4; bench/RESULTS.md, session 23).
     */
    private static final int SHARED_JVMS_ALLGATHER = 4;

    /**
     * Where JVMs hold several ranks, an allgather or allgatherv that fits in one set of a node arena's slots streams
     * through it from this many times {@link CollectiveTuning#nodeAllgatherBytes()}; below that flat was as fast or
     * faster (np 4 in two JVMs, allgatherv of 64 KiB blocks: 53-61 us flat, 154 streamed; of 128 KiB: 658-770 flat,
     * 99-160 streamed; bench/RESULTS.md, session 24).
     */
    private static final int SHARED_JVMS_STREAM = 8;

    /** Every decision there can be, made once: choosing allocates nothing. */
    private static final Decision[][] DECISIONS = new Decision[Path.values().length][Algorithm.values().length + 1];

    static
    {
        for (final Path path : Path.values())
        {
            DECISIONS[path.ordinal()][0] = new Decision(path, null);
            for (final Algorithm algorithm : Algorithm.values())
            {
                DECISIONS[path.ordinal()][algorithm.ordinal() + 1] = new Decision(path, algorithm);
            }
        }
    }

    /** The job whose tuning is in force ({@link JobContext#collectives()}). */
    private final JobContext job;
    /** Reductions combine in an order fixed by rank and size alone ({@code RuntimeSettings.reproducible()}). */
    private final boolean reproducible;
    private final int size;
    private final int jvms;
    private final int nodes;
    /** Some node hosts several of the communicator's JVMs, which share a job directory in {@code /dev/shm}. */
    private final boolean jvmsShareNodes;
    /** Each JVM holds a run of consecutive ranks (what rank order needs for a non-commutative operation). */
    private final boolean consecutiveJvms;
    /** Every JVM holds as many ranks: the leaders' blocks are equal and consecutive. */
    private final boolean equalJvms;
    /** The last decision of each collective ({@link CollectiveTag} kinds), with its inputs and tuning. */
    private final Decision[] last = new Decision[CollectiveTag.EXSCAN + 1];
    private final long[] lastKey = new long[CollectiveTag.EXSCAN + 1];
    private final long[] lastReceiveKey = new long[CollectiveTag.EXSCAN + 1];
    private final CollectiveTuning[] lastTuning = new CollectiveTuning[CollectiveTag.EXSCAN + 1];
    /** Inputs of the decision being made, for {@link #keep}. */
    private CollectiveTuning tuning;

    Selection(final Communicator c)
    {
        final Locality locality = c.locality();
        this.job = c.engine().job();
        this.reproducible = job.settings().reproducible();
        this.size = c.size();
        this.jvms = locality.jvmCount();
        this.nodes = locality.nodeCount();
        this.jvmsShareNodes = locality.maxJvmsPerNode() > 1 && c.engine().job().wiring().sharedMemoryDir() != null;
        this.consecutiveJvms = locality.contiguous();
        boolean equal = true;
        for (int j = 1; j < jvms; j++)
        {
            equal &= locality.jvmSize(j) == locality.jvmSize(0);
        }
        this.equalJvms = equal;
    }

    /** The selection of {@code c}'s collectives on this rank. */
    static Selection of(final Communicator c)
    {
        return CollectiveState.of(c).selection(c);
    }

    // ---------------------------------------------------------------- decisions of blocking calls

    Decision barrier()
    {
        if (known(CollectiveTag.BARRIER, 0, 0))
        {
            return last[CollectiveTag.BARRIER];
        }
        final Decision d = shareJvms() ? inJvms(Algorithm.DISSEMINATION) : flat(Algorithm.DISSEMINATION);
        return keep(CollectiveTag.BARRIER, 0, 0, d);
    }

    /**
     * A bcast of {@code count > 0} items of {@code type} on more than one rank: in one JVM eager where its bytes fit
     * the ranks' lines ({@link JvmArena#eagerBcast}).
     */
    Decision bcast(final int count, final TypeMap type)
    {
        final long key = key(count, type, false);
        if (known(CollectiveTag.BCAST, key, 0))
        {
            return last[CollectiveTag.BCAST];
        }
        final long bytes = bytes(tuning, count, type);
        final boolean node = bytes >= tuning.nodeBcastBytes() && nodes == 1 && size >= tuning.bcastMinProcs() &&
            bcastFitsNodeArena(type);
        final Decision d;
        if (shareJvms() && type.base() != BaseType.OBJECT || node)
        {
            d = node && jvms > 1 ? decision(Path.NODE_ARENA, null) :
                jvms == 1 && JvmArena.fitsLines(size, bytes) ? decision(Path.JVM_ARENA, Algorithm.EAGER) :
                inJvms(flatBcast(tuning, jvms, bytes));
        }
        else
        {
            d = flat(flatBcast(tuning, size, bytes));
        }
        return keep(CollectiveTag.BCAST, key, 0, d);
    }

    /** A gather of blocks of {@code scount} items of {@code stype} (in one JVM, see {@link #eagerGather}). */
    Decision gather(final int scount, final TypeMap stype)
    {
        final long key = key(scount, stype, false);
        if (known(CollectiveTag.GATHER, key, 0))
        {
            return last[CollectiveTag.GATHER];
        }
        final Decision d;
        if (stype.base() != BaseType.OBJECT && shareJvms() && !(jvms == 1 && eagerGather(scount, stype)))
        {
            d = inJvms(leadersRooted(scount, stype, tuning.gatherShortBytes()));
        }
        else
        {
            d = flat(flatGather(tuning, size, scount, stype));
        }
        return keep(CollectiveTag.GATHER, key, 0, d);
    }

    /**
     * Whether a gather in one JVM whose node's ranks outnumber its cores sends its blocks of {@code scount} items of
     * {@code stype} flat: each rank's block, within the eager limit, goes into the root's inbox and the rank goes on,
     * where the JVM arena would have every rank meet, each waiting for a core (np 8 in one JVM on 2 cores, blocks of
     * 8 B-16 KiB: 3.3-5.9 us against 9.6-17.6; np 4: 1.4-4.6 against 3.6-5.8; with a core per rank, np 2, the arena
     * stays faster: 0.3-1.0 us against 0.6-3.3; bench/RESULTS.md session 27).
     */
    private boolean eagerGather(final int scount, final TypeMap stype)
    {
        return job.oversubscribed() && bytes(tuning, scount, stype) <= job.eagerLimit();
    }

    /**
     * A scatter of blocks of {@code count} items of {@code type} as this rank sees them (the root its send side,
     * the others their receive side), received as {@code rcount} items of {@code rtype}.
     */
    Decision scatter(final int count, final TypeMap type, final int rcount, final TypeMap rtype)
    {
        final long key = key(count, type, false);
        final long receive = key(rcount, rtype, false);
        if (known(CollectiveTag.SCATTER, key, receive))
        {
            return last[CollectiveTag.SCATTER];
        }
        final Decision d;
        if (rtype.base() != BaseType.OBJECT && shareJvms())
        {
            d = inJvms(leadersRooted(rcount, rtype, tuning.scatterShortBytes()));
        }
        else
        {
            d = flat(flatScatter(tuning, size, count, type));
        }
        return keep(CollectiveTag.SCATTER, key, receive, d);
    }

    /** An allgather of blocks of {@code scount} items of {@code stype}, received as {@code rcount} of {@code rtype}. */
    Decision allgather(final int scount, final TypeMap stype, final int rcount, final TypeMap rtype)
    {
        final long key = key(scount, stype, false);
        final long receive = key(rcount, rtype, false);
        if (known(CollectiveTag.ALLGATHER, key, receive))
        {
            return last[CollectiveTag.ALLGATHER];
        }
        final long total = size * bytes(tuning, scount, stype);
        final Decision d = streams(total, stype.base()) ? decision(Path.NODE_ARENA, Algorithm.STREAM) :
            staged(scount, stype, rcount, rtype);
        return keep(CollectiveTag.ALLGATHER, key, receive, d);
    }

    /**
     * A nonblocking allgather: as {@link #allgather}, but where JVMs hold several ranks the stream is the blocking
     * call's alone (its ranks read as the leader releases them, which a schedule does not wait for).
     */
    Decision iallgather(final int scount, final TypeMap stype, final int rcount, final TypeMap rtype)
    {
        final Decision d = allgather(scount, stype, rcount, rtype);
        return d.flat() == Algorithm.STREAM ? staged(scount, stype, rcount, rtype) : d;
    }

    /**
     * Where JVMs that hold several ranks, all on one node, allgather {@code total} bytes in all blocks through a node
     * arena as one stream: from {@link #SHARED_JVMS_STREAM} times {@link CollectiveTuning#nodeAllgatherBytes()}, as
     * long as the whole stream fits in one set of slots.
     */
    private boolean streams(final long total, final BaseType base)
    {
        return jvms < size && jvms > 1 && nodes == 1 && nodeArenas(base) &&
            total >= (long)tuning.nodeAllgatherBytes() * SHARED_JVMS_STREAM &&
            total <= (jvms + 1L) * tuning.nodeSlotBytes();
    }

    /** An allgather's decision without a stream of JVMs that hold several ranks: packed by each JVM's leader. */
    private Decision staged(final int scount, final TypeMap stype, final int rcount, final TypeMap rtype)
    {
        final long total = size * bytes(tuning, scount, stype);
        final long from = jvms < size ? (long)tuning.nodeAllgatherBytes() * SHARED_JVMS_ALLGATHER :
            tuning.nodeAllgatherBytes();
        final boolean node = total >= from && nodes == 1 && nodeArenas(stype.base());
        if (stype.base() != BaseType.OBJECT && shareJvms() || node)
        {
            // the leaders allgather runs of their JVMs' blocks, packed densely
            final long run = (long)(size / jvms) * scount * stype.size();
            return jvms == 1 ? decision(Path.JVM_ARENA, null) : node ? decision(Path.NODE_ARENA, null) :
                decision(Path.LEADERS, equalJvms ?
                    flatAllgather(tuning, jvms, run * jvms * byteSize(stype), run > 0) : Algorithm.RING);
        }
        return flat(flatAllgather(tuning, size, size * bytes(tuning, rcount, rtype), scount * stype.size() > 0));
    }

    /** An alltoall of blocks of {@code scount} items of {@code stype}. */
    Decision alltoall(final int scount, final TypeMap stype)
    {
        final long key = key(scount, stype, false);
        if (known(CollectiveTag.ALLTOALL, key, 0))
        {
            return last[CollectiveTag.ALLTOALL];
        }
        final Decision d;
        if (inOneJvm(stype))
        {
            d = decision(Path.JVM_ARENA, null);
        }
        else if (bytes(tuning, scount, stype) >= tuning.nodeAlltoallBytes() && nodes == 1 && jvms == size &&
            piecesFit() && nodeArenas(stype.base()))
        {
            // each rank alone in its JVM, all on one node: the participants are the ranks
            d = decision(Path.NODE_ARENA, null);
        }
        else
        {
            d = flat(flatAlltoall(tuning, size, scount, stype));
        }
        return keep(CollectiveTag.ALLTOALL, key, 0, d);
    }

    /**
     * A nonblocking alltoall: as {@link #alltoall}, but over point-to-point one round of messages at every size
     * ({@link Algorithm#LINEAR}, libnbc's choice; so too the nonblocking alltoallv): a schedule is started, then
     * waited for, so its ranks are out of phase, and each of pairwise's np - 1 rounds (or Bruck's log2 np) waits for
     * its slowest message (np 4 in JVMs of two: medians of 13-15 us against 17-19 up to 1 KiB blocks, 1.3-1.4 ms
     * against 2.0 at 1 MiB; np 8 alltoallv: 49-69 against 77-105; two nodes from 32 KiB: 0.7-0.8x; bench/RESULTS.md
     * session 27).
     */
    Decision ialltoall(final int scount, final TypeMap stype)
    {
        final Decision d = alltoall(scount, stype);
        return d.path() == Path.FLAT ? flat(Algorithm.LINEAR) : d;
    }

    /** The v-variants: in one JVM a shared-memory task, otherwise {@code flat} (not kept: nothing to compute). */
    Decision vector(final TypeMap type, final Algorithm flat)
    {
        tuning = job.collectives();
        return inOneJvm(type) ? decision(Path.JVM_ARENA, null) : flat(flat);
    }

    /**
     * An allgatherv of blocks of {@code rcounts} items of {@code rtype}, sent as {@code stype}: in one JVM a
     * shared-memory task; on one node, from {@link CollectiveTuning#nodeAllgatherBytes()} of all blocks, a node arena
     * where each rank is alone in its JVM ({@link NodeArena#allgatherv}), or its stream where JVMs hold several
     * ranks ({@link #streams}); otherwise the ring (not kept: the counts are arrays).
     */
    Decision allgatherv(final TypeMap stype, final int[] rcounts, final TypeMap rtype)
    {
        tuning = job.collectives();
        if (nodes == 1 && nodeArenas(rtype.base()))
        {
            final long total = blocksBytes(rcounts, rtype);
            if (jvms == size && total >= tuning.nodeAllgatherBytes())
            {
                return decision(Path.NODE_ARENA, null);
            }
            if (streams(total, rtype.base()))
            {
                return decision(Path.NODE_ARENA, Algorithm.STREAM);
            }
        }
        return vector(stype, Algorithm.RING);
    }

    /**
     * A nonblocking allgatherv: as {@link #allgatherv}, but flat where the blocking call streams (which a schedule
     * cannot), and flat as one round of messages ({@link Algorithm#LINEAR}, libnbc's choice) below
     * {@link CollectiveTuning#allgatherLongBytes()} of all blocks: the ring's np - 1 rounds each wait for their
     * slowest message, and a schedule's ranks, started and then waited for, are out of phase (np 8 in JVMs of two,
     * blocks of 4-32 KiB: 98-179 us linear against 117-269 ring, Open MPI 93-210; from blocks of 64 KiB the ring
     * was faster, bench/RESULTS.md session 27).
     */
    Decision iallgatherv(final TypeMap stype, final int[] rcounts, final TypeMap rtype)
    {
        final Decision d = allgatherv(stype, rcounts, rtype);
        if (d.path() != Path.FLAT && d.flat() != Algorithm.STREAM)
        {
            return d;
        }
        return flat(blocksBytes(rcounts, rtype) < tuning.allgatherLongBytes() ? Algorithm.LINEAR : Algorithm.RING);
    }

    /** Bytes of all blocks of {@code counts} items of {@code type}. */
    private long blocksBytes(final int[] counts, final TypeMap type)
    {
        long items = 0;
        for (int r = 0; r < size; r++)
        {
            items += counts[r];
        }
        return bytes(tuning, 1, type) * items;
    }

    /**
     * An alltoallv of {@code stype}'s items: in one JVM a shared-memory task; where each rank is alone in its JVM, all
     * on one node, a node arena ({@link NodeArena#alltoallv}: whatever the counts, which only each rank's own are known
     * to it; one barrier where pairwise takes np - 1 rounds; nonblocking too, {@link NodeArena#ialltoallv});
     * otherwise pairwise (not kept: nothing to compute).
     */
    Decision alltoallv(final TypeMap stype)
    {
        tuning = job.collectives();
        if (jvms == size && nodes == 1 && piecesFit() && nodeArenas(stype.base()))
        {
            return decision(Path.NODE_ARENA, null);
        }
        return vector(stype, Algorithm.PAIRWISE);
    }

    /** A reduce of {@code count > 0} items of {@code type}. */
    Decision reduce(final int count, final TypeMap type, final ReduceOp op)
    {
        final long key = key(count, type, op.commutative());
        if (known(CollectiveTag.REDUCE, key, 0))
        {
            return last[CollectiveTag.REDUCE];
        }
        // the binomial tree, among the leaders too: its leaves leave at once (faster than node arenas)
        final Decision d = combineInJvms(type, op) && shareJvms() ? inJvms(Algorithm.BINOMIAL) :
            flat(Algorithm.BINOMIAL);
        return keep(CollectiveTag.REDUCE, key, 0, d);
    }

    /** An allreduce of {@code count > 0} items of {@code type}. */
    Decision allreduce(final int count, final TypeMap type, final ReduceOp op)
    {
        final long key = key(count, type, op.commutative());
        if (known(CollectiveTag.ALLREDUCE, key, 0))
        {
            return last[CollectiveTag.ALLREDUCE];
        }
        final long bytes = bytes(tuning, count, type);
        final boolean node = bytes >= tuning.nodeAllreduceBytes() && fitsNodeArena(type);
        final boolean commutative = op.commutative();
        final Decision d;
        if (!combineInJvms(type, op) || !shareJvms() && !node)
        {
            d = flat(flatAllreduce(tuning, size, bytes, count, commutative));
        }
        else if (jvms == 1)
        {
            d = decision(Path.JVM_ARENA, JvmArena.fitsLines(size, bytes) ? Algorithm.EXCHANGE : null);
        }
        else if (node && (nodes == 1 || commutative))
        {
            d = decision(Path.NODE_ARENA, nodes == 1 ? null : flatAllreduce(tuning, nodes, bytes, count, commutative));
        }
        else
        {
            d = decision(Path.LEADERS, flatAllreduce(tuning, jvms, bytes, count, commutative));
        }
        return keep(CollectiveTag.ALLREDUCE, key, 0, d);
    }

    // ---------------------------------------------------------------- nonblocking calls

    /**
     * A nonblocking bcast of {@code count > 0} items of {@code type} on more than one rank: as {@link #bcast}. (A
     * nonblocking barrier or reduce takes the blocking call's decision, which never takes a node arena.)
     */
    Decision ibcast(final int count, final TypeMap type)
    {
        tuning = job.collectives();
        final long bytes = bytes(tuning, count, type);
        if (bytes >= tuning.nodeBcastBytes() && nodes == 1 && size >= tuning.bcastMinProcs() &&
            bcastFitsNodeArena(type))
        {
            return decision(Path.NODE_ARENA, null);
        }
        return shareJvms() && type.base() != BaseType.OBJECT ? inJvms(flatBcast(tuning, jvms, bytes)) :
            flat(flatBcast(tuning, size, bytes));
    }

    /** A nonblocking allreduce of {@code count > 0} items of {@code type}: as {@link #allreduce}. */
    Decision iallreduce(final int count, final TypeMap type, final ReduceOp op)
    {
        tuning = job.collectives();
        final long bytes = bytes(tuning, count, type);
        final boolean commutative = op.commutative();
        if (bytes >= tuning.nodeAllreduceBytes() && fitsNodeArena(type) && combineInJvms(type, op) &&
            (nodes == 1 || commutative))
        {
            return decision(Path.NODE_ARENA, nodes == 1 ? null :
                flatAllreduce(tuning, nodes, bytes, count, commutative));
        }
        if (!combineInJvms(type, op) || !shareJvms())
        {
            return flat(flatAllreduce(tuning, size, bytes, count, commutative));
        }
        return jvms == 1 ? decision(Path.JVM_ARENA, null) :
            decision(Path.LEADERS, flatAllreduce(tuning, jvms, bytes, count, commutative));
    }

    /**
     * Whether the ranks meet in this JVM's arena: every rank lives in this JVM and {@code type}'s data can be copied
     * array to array. There the other nonblocking collectives run in shared memory ({@link ArenaOperation}) rather
     * than flat, and so do the blocking scatter, scatterv and gatherv of blocks of {@code type}.
     */
    boolean inJvmArena(final TypeMap type)
    {
        tuning = job.collectives();
        return inOneJvm(type);
    }

    // ---------------------------------------------------------------- whether counts must be agreed first

    /**
     * Whether a bcast of {@code type} across JVMs could take another path on a rank passing another count (from
     * {@link CollectiveTuning#bcastMinProcs()} ranks up: a node arena from {@link CollectiveTuning#nodeBcastBytes()},
     * van de Geijn's broadcast where it is on): then the root announces its path ({@link #bcastRootAnnounces}) or the
     * ranks agree on the count first ({@link CountAgreement}), as ranks on different paths would wait for each other
     * for ever. Otherwise a mismatch shows in the sizes of the binomial tree's messages, at no cost.
     */
    boolean bcastCountsMayDiverge(final TypeMap type)
    {
        tuning = job.collectives();
        return jvms > 1 && size >= tuning.bcastMinProcs() &&
            (nodes == 1 && bcastFitsNodeArena(type) || tuning.bcastShortBytes() != Integer.MAX_VALUE);
    }

    /**
     * Whether the root of such a bcast ({@link #bcastCountsMayDiverge}) announces its path in its binomial tree
     * ({@link AnnouncedBcast}) instead of the ranks agreeing on the count first: where its count takes no other
     * path, its decision is the flat binomial tree, no JVM arena first (as with leaders).
     */
    boolean bcastRootAnnounces(final TypeMap type)
    {
        return !(shareJvms() && type.base() != BaseType.OBJECT);
    }

    /**
     * Whether an allreduce across JVMs could take another path on a rank passing another count: with a commutative
     * operation the flat algorithm changes with the size (recursive doubling, Rabenseifner's, the ring); with any
     * operation, node arenas on one node.
     */
    boolean allreduceCountsMayDiverge(final TypeMap type, final ReduceOp op)
    {
        tuning = job.collectives();
        return jvms > 1 && (op.commutative() || nodes == 1 && combineInJvms(type, op) && fitsNodeArena(type));
    }

    // ---------------------------------------------------------------- flat algorithms, by size and np

    static Algorithm flatBcast(final CollectiveTuning tuning, final int np, final long bytes)
    {
        // 2^31-1 is "always": a bcast of more than 2 GiB stays binomial too
        return bytes < tuning.bcastShortBytes() || tuning.bcastShortBytes() == Integer.MAX_VALUE ||
            np < tuning.bcastMinProcs() ? Algorithm.BINOMIAL : Algorithm.SCATTER_RING_ALLGATHER;
    }

    static Algorithm flatGather(final CollectiveTuning tuning, final int np, final int scount, final TypeMap stype)
    {
        return np > 1 && scount * stype.size() > 0 && bytes(tuning, scount, stype) < tuning.gatherShortBytes() ?
            Algorithm.BINOMIAL : Algorithm.LINEAR;
    }

    /** {@code count} items of {@code type}: the block as this rank knows it (MPI makes both sides' equal). */
    static Algorithm flatScatter(final CollectiveTuning tuning, final int np, final int count, final TypeMap type)
    {
        return np > 1 && count * type.size() > 0 && bytes(tuning, count, type) < tuning.scatterShortBytes() ?
            Algorithm.BINOMIAL : Algorithm.LINEAR;
    }

    /** {@code total}: bytes of all blocks; {@code data}: the blocks are not empty. */
    static Algorithm flatAllgather(final CollectiveTuning tuning, final int np, final long total, final boolean data)
    {
        if (data && np > 1 && (np & (np - 1)) == 0 && total < tuning.allgatherLongBytes())
        {
            return Algorithm.RECURSIVE_DOUBLING;
        }
        return data && np > 1 && total < tuning.allgatherShortBytes() ? Algorithm.BRUCK : Algorithm.RING;
    }

    static Algorithm flatAlltoall(final CollectiveTuning tuning, final int np, final int scount, final TypeMap stype)
    {
        return np > 1 && np >= tuning.alltoallMinProcs() && scount * stype.size() > 0 &&
            bytes(tuning, scount, stype) <= tuning.alltoallShortBytes() ? Algorithm.BRUCK : Algorithm.PAIRWISE;
    }

    static Algorithm flatAllreduce(final CollectiveTuning tuning, final int np, final long bytes, final int count,
        final boolean commutative)
    {
        if (!commutative || bytes <= tuning.allreduceShortBytes() || count < Integer.highestOneBit(np))
        {
            return Algorithm.RECURSIVE_DOUBLING;
        }
        return bytes >= tuning.allreduceRingBytes() && np >= tuning.allreduceRingMinProcs() && count >= np ?
            Algorithm.RING : Algorithm.RABENSEIFNER;
    }

    static Algorithm flatReduceScatter(final ReduceOp op)
    {
        return op.commutative() ? Algorithm.RECURSIVE_HALVING : Algorithm.REDUCE_THEN_SCATTER;
    }

    // ---------------------------------------------------------------- placement

    /**
     * The ranks meet in shared memory inside their JVMs: all of them live in this JVM, or some JVM hosts several
     * and {@link CollectiveTuning#leaders()} is on (unless {@link CollectiveTuning#hierarchical()} is off).
     */
    private boolean shareJvms()
    {
        return tuning.hierarchical() && size > 1 && (jvms == 1 || tuning.leaders() && jvms < size);
    }

    /** Every rank lives in this JVM and {@code type}'s data can be copied array to array (objects travel by value). */
    private boolean inOneJvm(final TypeMap type)
    {
        return type.base() != BaseType.OBJECT && inOneJvm();
    }

    /** Every rank (of more than one) lives in this JVM, and placement-aware collectives are on. */
    private boolean inOneJvm()
    {
        return tuning.hierarchical() && size > 1 && jvms == 1;
    }

    /**
     * A reduction may combine inside JVMs first, then across them: not in reproducible mode (the order would then
     * depend on placement), only on contiguous primitive types (a chunk is a range of each rank's array), and for
     * a non-commutative operation only if each JVM holds a run of consecutive ranks.
     */
    private boolean combineInJvms(final TypeMap type, final ReduceOp op)
    {
        return !reproducible && type.base() != BaseType.OBJECT && type.isContiguous() &&
            (op.commutative() || consecutiveJvms);
    }

    /** Primitive data, placement-aware collectives on, and some node hosting several of the communicator's JVMs. */
    private boolean nodeArenas(final BaseType base)
    {
        return tuning.hierarchical() && base != null && base != BaseType.OBJECT && jvmsShareNodes;
    }

    /**
     * A node arena's slot holds a chunk of 8 bytes at least of an alltoall's piece for every rank (whatever the element
     * type, so that every rank decides alike and cuts its pieces into as many chunks).
     */
    private boolean piecesFit()
    {
        return (long)size * Long.BYTES <= tuning.nodeSlotBytes();
    }

    /** Contiguous items of a primitive type, each fitting in a node arena's slot. */
    private boolean fitsNodeArena(final TypeMap type)
    {
        return type.base() != null && type.isContiguous() &&
            (long)type.size() * type.base().byteSize() <= tuning.nodeSlotBytes() && nodeArenas(type.base());
    }

    /**
     * A bcast's items of {@code type} may go through a node arena: elements of a primitive type that fit a slot, in
     * any layout. Its ranks may pass other types of the same signature (contiguous on one, strided on another; items
     * of another size), so the decision reads the base type alone, which they share, and {@link NodeArena#bcast} cuts
     * its chunks in elements.
     */
    private boolean bcastFitsNodeArena(final TypeMap type)
    {
        return type.base() != null && type.base().byteSize() <= tuning.nodeSlotBytes() && nodeArenas(type.base());
    }

    // ---------------------------------------------------------------- decisions and what they were made from

    /**
     * The leaders' gather or scatter of runs of their JVMs' blocks of {@code count} items of {@code type}, packed
     * densely: binomial below {@code shortBytes} where the runs are equal, otherwise linear.
     */
    private Algorithm leadersRooted(final int count, final TypeMap type, final int shortBytes)
    {
        final long run = (long)(size / jvms) * count * type.size();
        return equalJvms && run > 0 && run * byteSize(type) < shortBytes ? Algorithm.BINOMIAL : Algorithm.LINEAR;
    }

    private Decision inJvms(final Algorithm leaders)
    {
        return jvms == 1 ? decision(Path.JVM_ARENA, null) : decision(Path.LEADERS, leaders);
    }

    private static Decision flat(final Algorithm algorithm)
    {
        return decision(Path.FLAT, algorithm);
    }

    private static Decision decision(final Path path, final Algorithm algorithm)
    {
        return DECISIONS[path.ordinal()][algorithm == null ? 0 : algorithm.ordinal() + 1];
    }

    /** Elements and base type of {@code count} items, and a flag: all a decision reads of a call's arguments. */
    private static long key(final int count, final TypeMap type, final boolean flag)
    {
        final BaseType base = type.base();
        return ((long)count * type.size() << 7) | (base == null ? 63 : base.ordinal()) << 2 |
            (type.isContiguous() ? 2 : 0) | (flag ? 1 : 0);
    }

    /** Packed bytes of {@code count} items of {@code type}, as the decisions count them. */
    static long bytes(final CollectiveTuning tuning, final int count, final TypeMap type)
    {
        final BaseType base = type.base();
        if (base == null)
        {
            return 0;
        }
        return (long)count * type.size() * (base == BaseType.OBJECT ? tuning.objectBytes() : base.byteSize());
    }

    private static int byteSize(final TypeMap type)
    {
        return type.base() == null ? 0 : type.base().byteSize();
    }

    /**
     * Whether {@code kind}'s last decision was made from {@code key} (and {@code receive}, the receive side where
     * it counts) under the tuning in force now, which it takes for the decision to come.
     */
    private boolean known(final int kind, final long key, final long receive)
    {
        tuning = job.collectives();
        return last[kind] != null && lastKey[kind] == key && lastReceiveKey[kind] == receive &&
            lastTuning[kind] == tuning;
    }

    private Decision keep(final int kind, final long key, final long receive, final Decision decision)
    {
        last[kind] = decision;
        lastKey[kind] = key;
        lastReceiveKey[kind] = receive;
        lastTuning[kind] = tuning;
        return decision;
    }
}
