package io.colompi.core.job;

/**
 * Where the flat collectives switch algorithms, by message size and np: every threshold in one place. The names
 * follow MPICH's {@code MPIR_CVAR_*_MSG_SIZE} / {@code *_MIN_PROCS} control variables; the defaults were measured
 * on the project's 2-core machine with one JVM per rank at np 4 and 8, every algorithm timed size by size in the
 * same job ({@code bench/scripts/coll-crossover.sh}; data in bench/RESULTS.md, "Collectives (issue 5)"). There
 * ranks outnumber cores and every step of an algorithm costs a wake-up across JVMs, so the algorithms with the
 * fewest rounds win far beyond MPICH's switch points: binomial broadcast and linear gather and scatter at every
 * size, recursive doubling for allreduce up to 16 KiB, Bruck's alltoall up to 2 KiB blocks. Each default is
 * overridden by the system property named in its description, e.g. {@code -Dcolompi.coll.allreduce.shortBytes=4096}.
 * Sizes are in bytes of packed data ({@link #objectBytes} per element for {@code MPI.OBJECT}, whose size is known
 * only once serialized). Every rank decides from values MPI makes equal on all ranks (counts, type signatures,
 * np), so all pick the same algorithm. A job's thresholds are {@link RuntimeSettings#collectives()}, in force through
 * {@link JobContext#collectives()}.
 *
 * @param hierarchical          {@code colompi.coll.hierarchical} (true): collectives of ranks that all live in
 *                              one JVM are shared-memory algorithms (see {@code Collectives}); false runs every
 *                              collective flat, over point-to-point.
 * @param leaders               {@code colompi.coll.leaders} (false): with ranks in several JVMs, some hosting
 *                              several, the ranks of each JVM meet in shared memory and one leader per JVM runs
 *                              the flat algorithm with the other leaders (barrier, bcast, reduce, allreduce,
 *                              gather, scatter, allgather; the nonblocking barrier, bcast, reduce, allreduce);
 *                              false lets every rank run the flat algorithm, which measured as fast or faster on
 *                              the 2-core machine with 2 ranks per JVM (the hand-offs to and from the leader cost
 *                              more wake-ups than the rounds they save).
 * @param nodeAllreduceBytes    {@code colompi.coll.node.allreduceBytes} (32768): from this size, with several JVMs
 *                              of the communicator on a node, allreduce combines inside each JVM, then the JVMs of
 *                              a node meet in a shared-memory file ({@code NodeArena}), then one leader per node
 *                              runs the flat algorithm with the other nodes' leaders. Measured: from 32 KiB it beat
 *                              every rank running flat at np 8 (1 MiB: 1.3-1.9 ms against 4.9-18 ms).
 * @param nodeBcastBytes        {@code colompi.coll.node.bcastBytes} (1048576): the same for bcast, on one node and
 *                              with at least {@code bcastMinProcs} ranks (below it, with fewer ranks, and across
 *                              nodes, the binomial tree measured faster: np 8, 512 KiB 0.23 ms against 0.34-0.39,
 *                              1 MiB 0.47-0.51 ms in the arena against 0.91-1.02; np 4, 4 MiB 0.77 ms in the tree
 *                              against 0.94-1.07).
 * @param nodeAllgatherBytes    {@code colompi.coll.node.allgatherBytes} (65536, all ranks' blocks together): the
 *                              same for allgather, on one node (64 KiB blocks at np 8: 0.28 ms against 2.3 ms).
 *                              Gather and scatter stay flat: there the root alone waits, and the linear
 *                              algorithms measured faster at every size.
 * @param nodeAlltoallBytes     {@code colompi.coll.node.alltoallBytes} (256, per block): the same for alltoall,
 *                              with every rank alone in its JVM on one node (np 8, 64 KiB blocks: 0.18-0.2 ms
 *                              against 0.7-1.4 ms pairwise; 256 KiB: 1.6-2.1 ms against 10-16 ms).
 * @param nodeDirectReadBytes   {@code colompi.coll.node.directReadBytes} (262144): an allreduce chunk whose slots
 *                              hold at most this much in all is combined whole by every participant straight
 *                              from the slots, with one barrier; a larger one is cut in a slice per participant,
 *                              with a second barrier before the result is read (np 8: 16-32 KiB 25-50% faster
 *                              whole, 64 KiB 25% slower).
 * @param nodeSlotBytes         {@code colompi.coll.node.slotBytes} (1 MiB): each JVM's room in a node arena, the
 *                              largest chunk such a collective moves at once.
 * @param bcastShortBytes       {@code colompi.coll.bcast.shortBytes} (2^31-1: always; MPICH 12288): below it,
 *                              binomial broadcast.
 * @param bcastMinProcs         {@code colompi.coll.bcast.minProcs} (8): below this np, binomial broadcast at
 *                              any size; from it, a large one takes the node arena on one node, or else scatter +
 *                              ring allgather (van de Geijn) where {@code bcastShortBytes} says so.
 * @param allreduceShortBytes   {@code colompi.coll.allreduce.shortBytes} (16384; MPICH 2048): up to it,
 *                              recursive doubling (also for non-commutative operations and for fewer items than
 *                              2^floor(log2 p)); above it, Rabenseifner's reduce-scatter + allgather.
 * @param allreduceRingBytes    {@code colompi.coll.allreduce.ringBytes} (2^31-1: never; Open MPI 1 MiB): from
 *                              it, ring reduce-scatter + ring allgather, if np is at least
 * @param allreduceRingMinProcs {@code colompi.coll.allreduce.ringMinProcs} (8) and there are at least np items.
 * @param allgatherShortBytes   {@code colompi.coll.allgather.shortBytes} (81920, total of all blocks): below
 *                              it, Bruck for np not a power of two.
 * @param allgatherLongBytes    {@code colompi.coll.allgather.longBytes} (524288, total): below it, recursive
 *                              doubling for np a power of two. Otherwise a ring.
 * @param alltoallShortBytes    {@code colompi.coll.alltoall.shortBytes} (2048, per block; MPICH 256): up to
 *                              it, Bruck, if np is at least
 * @param alltoallMinProcs      {@code colompi.coll.alltoall.minProcs} (4; MPICH 8); otherwise pairwise exchange.
 * @param gatherShortBytes      {@code colompi.coll.gather.shortBytes} (0: never; Open MPI 6000, per block):
 *                              below it, binomial gather; otherwise linear.
 * @param scatterShortBytes     {@code colompi.coll.scatter.shortBytes} (0: never; Open MPI 6000, per block): the
 *                              same for scatter.
 * @param objectBytes           {@code colompi.coll.objectBytes} (64): bytes an {@code MPI.OBJECT} element
 *                              counts as in these decisions.
 */
public record CollectiveTuning(
    boolean hierarchical,
    boolean leaders,
    int nodeAllreduceBytes,
    int nodeBcastBytes,
    int nodeAllgatherBytes,
    int nodeAlltoallBytes,
    int nodeDirectReadBytes,
    int nodeSlotBytes,
    int bcastShortBytes,
    int bcastMinProcs,
    int allreduceShortBytes,
    int allreduceRingBytes,
    int allreduceRingMinProcs,
    int allgatherShortBytes,
    int allgatherLongBytes,
    int alltoallShortBytes,
    int alltoallMinProcs,
    int gatherShortBytes,
    int scatterShortBytes,
    int objectBytes)
{
    /** Every default; {@code RuntimeSettings} applies the {@code colompi.coll.*} properties over them. */
    public static final CollectiveTuning DEFAULTS = new CollectiveTuning(
        true, false, 32768, 1 << 20, 65536, 256, 262144, 1 << 20, Integer.MAX_VALUE, 8, 16384, Integer.MAX_VALUE, 8,
        81920, 524288, 2048, 4, 0, 0, 64);
}
