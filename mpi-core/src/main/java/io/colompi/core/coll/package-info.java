/**
 * Collective operations. {@link io.colompi.core.coll.Collectives} is the entry point: it checks the arguments
 * ({@code CollectiveArguments}), asks {@code Selection}, the one place where algorithms are chosen, and runs its
 * decision; each family class ({@code Broadcast}, {@code Allreduce}, ...) holds named algorithms written once against a
 * {@code Plan}, so the same code runs blocking ({@code BlockingPlan}: now, with scratch arrays reused per communicator)
 * or nonblocking ({@code Schedule} recorded into a {@code CollectiveRequest} that advances round by round whenever its
 * rank polls). {@code Hierarchical}, {@code JvmArena} and {@code LocalTask} are the placement-aware shared-memory
 * versions: with all ranks in one JVM every blocking collective of primitive data (barrier, bcast, reduce, allreduce,
 * gather(v), scatter(v), allgather(v), alltoall(v)) is a shared-memory algorithm whose chunks the ranks present run
 * together (a small one, one chunk or a chunk's bytes, the last rank to arrive runs alone while the others wait on one
 * cache line), each datum copied once from the array it was published in to the array it belongs in (an allreduce or
 * a bcast of at most 48 bytes among at most 8 ranks goes through a cache line of each rank instead: an allreduce's
 * ranks each combine all lines, a bcast's root leaves its data in its line and returns); a nonblocking
 * one runs the same task as an {@code ArenaOperation} of its own, which the last rank to start it runs or offers in
 * chunks, completing every rank's {@code ArenaRequest}; with several JVMs
 * and {@code colompi.coll.leaders} on, barrier, bcast, reduce, allreduce, gather, scatter and allgather combine inside
 * each JVM, then one leader per JVM runs the flat algorithm with the others (off by default: measured slower than every
 * rank running flat on the 2-core machine). Large allreduce, bcast and allgather (from
 * {@code colompi.coll.node.*Bytes}; bcast and allgather on one node only, bcast from bcast.minProcs ranks) take that
 * path whatever the leaders' switch, with a level between JVMs and nodes: the leaders of the JVMs of a node meet in a
 * {@code NodeArena}, a file in the job's shared-memory directory where each copies its data in once and reads the
 * others' directly (a reduction: each combines one slice of everybody's), and one leader per node runs the flat
 * algorithm across nodes (a large alltoall meets there too when every rank is alone in its JVM on one node, as do
 * a large allgatherv and every alltoallv, and so do a large nonblocking allreduce and bcast, recorded as a
 * {@code Schedule} on the node's participants). Waiting ranks yield while ranks of their JVM keep arriving, then park
 * ({@code JvmArena}), so more ranks than cores do not collapse. Every blocking call is numbered and described in its
 * rank's {@code CallLog} (a few plain stores); a wait inside one that lasts {@code colompi.coll.mismatchCheckMs}
 * [1000] has {@code MismatchCheck} compare it with the same call of every peer, so mismatched collectives fail naming
 * a peer instead of waiting for ever; ranks of a JVM arena compare their calls when an operation starts.
 *
 * <p>Flat algorithms (over point-to-point; across JVMs, blocking or nonblocking), by message size
 * in bytes and np, with the thresholds of
 * {@link io.colompi.core.job.CollectiveTuning} (defaults in brackets, measured on the project's 2-core machine:
 * van de Geijn's broadcast, the ring allreduce and the binomial gather and scatter never won there, so by
 * default they run only when forced):
 * <pre>
 * barrier         dissemination
 * bcast           binomial tree              bytes &lt; bcast.shortBytes [2^31-1] or np &lt; bcast.minProcs [8]
 *                 scatter + ring allgather   otherwise (van de Geijn)
 * reduce          binomial tree              (non-commutative: rank-ordered tree at 0, then to the root)
 * allreduce       recursive doubling         bytes &lt;= allreduce.shortBytes [16384], non-commutative op,
 *                                            or count &lt; 2^floor(log2 np); fold for np not a power of two
 *                 ring                       bytes &gt;= allreduce.ringBytes [2^31-1], np &gt;= allreduce.ringMinProcs
 *                                            [8] and count &gt;= np
 *                 Rabenseifner               otherwise (fold, recursive halving, recursive doubling, unfold)
 * reduce_scatter  recursive halving          commutative op (fold for np not a power of two)
 *                 reduce + scatterv          otherwise (rank order)
 * allgather       recursive doubling         np a power of two and total &lt; allgather.longBytes [524288]
 *                 Bruck                      total &lt; allgather.shortBytes [81920]
 *                 ring                       otherwise, and allgatherv
 * iallgatherv     linear (one round)         total &lt; allgather.longBytes [524288]; ring otherwise
 * alltoall        Bruck                      block &lt;= alltoall.shortBytes [2048] and np &gt;= alltoall.minProcs [4]
 *                 pairwise exchange          otherwise, and alltoallv
 * ialltoall(v)    linear (one round)         every size
 * gather          binomial tree              block &lt; gather.shortBytes [0]
 *                 linear                     otherwise, and gatherv
 * scatter         binomial tree              block &lt; scatter.shortBytes [0]
 *                 linear                     otherwise, and scatterv
 * scan, exscan    recursive doubling         (rank order, any op)
 * </pre>
 * Every threshold is read from system property {@code colompi.coll.<name>}; {@code colompi.coll.hierarchical}
 * switches the shared-memory versions off, {@code colompi.coll.leaders} the leaders across JVMs on;
 * {@code MPI.OBJECT} elements count as {@code colompi.coll.objectBytes} [64] bytes; shared-memory reductions
 * work in chunks of {@code colompi.coll.arenaChunkBytes} [32768] bytes.
 */
package io.colompi.core.coll;
