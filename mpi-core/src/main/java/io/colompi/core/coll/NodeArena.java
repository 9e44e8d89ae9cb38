package io.colompi.core.coll;

import io.colompi.core.coll.Selection.Algorithm;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.job.SharedMemoryRoom;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.UnsafeApi;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

import static io.colompi.core.coll.CountAgreement.COUNT_MASK;
import static io.colompi.core.coll.CountAgreement.TYPE_SHIFT;
import static io.colompi.core.coll.CountAgreement.family;
import static io.colompi.core.coll.CountAgreement.typedCount;

/**
 * Where the JVM leaders of one communicator on one node meet during a large collective: a file in the job's
 * shared-memory directory that each of them maps. A participant copies its data into its slot once; the
 * participants then read each other's slots directly (a reduction: each combines one slice of every slot into
 * the shared result), and each copies the result out once. Across JVMs that is two copies per datum and one or
 * two synchronisations per chunk, where messages cost two copies per hop and {@code log p} rounds at least.
 *
 * <p>Synchronisation is a barrier of messages among the participants ({@link Barrier#dissemination}), so waiting,
 * wake-ups across JVMs and a failed peer behave exactly as in every other collective; the file holds data only.
 * Data go through in chunks of at most one slot (the stream of an allgather whose participants are the ranks: a
 * whole set); the file has two sets of slots used in turn, so a chunk needs no barrier before its slots are
 * written: the barrier that opened the previous chunk proved everybody had finished the chunk before that. Layout:
 * set 0 then set 1, each {@code size} input slots then one result slot, of {@link CollectiveTuning#nodeSlotBytes()}
 * each, then a header of each set ({@code size} longs per participant: an alltoallv's piece lengths). The file is
 * unlinked once every participant has mapped it (at the first barrier), so its memory goes away with the JVMs
 * however they end, or as each frees the communicator ({@link Collectives#free}).
 *
 * <p>A nonblocking collective records the same chunks as a {@link Schedule} on the participants. The
 * arena's operations run one after the other in the order the participants call them (MPI orders a communicator's
 * collectives alike on every rank): a nonblocking one's first round waits for the one started before it, and a
 * blocking one waits for it first, so chunks keep the numbers that pick their sets.
 */
final class NodeArena
{
    /** The participants' barriers use tags of their own on the collective context. */
    private static final int NODE_TAG = 200;
    /** A nonblocking operation's count agreement: the fewest items, the rank passing them, the most. */
    private static final TypeMap BOUNDS = TypeMap.contiguous(3, TypeMap.basic(BaseType.LONG));

    /** The participants as a communicator (rank i = the i-th JVM of this node, in leader order). */
    private final Communicator peers;
    /** Bytes of one slot: the largest chunk this arena moves at once. */
    private final int slotBytes;
    /**
     * An alltoall's chunk of each piece, in bytes: a participant's slot holds one per peer. A multiple of 8, so that
     * ranks passing types of other sizes still cut their pieces into as many chunks (and fail at the first).
     */
    private final int pieceBytes;
    /** Allreduce chunks whose slots hold at most this much in all are combined whole by every participant. */
    private final long directReadBytes;
    private final int index;
    private final int size;
    private final File file;
    private final MappedByteBuffer mapped;
    private final long address;
    /** Chunks so far: chunk k uses set k mod 2 (every participant counts the same chunks). */
    private long chunks;
    private boolean unlinked;
    /** The nonblocking operation started last, until an operation after it starts: that one runs after it. */
    private Request lastNonblocking;
    /** The set of slots of a nonblocking operation's chunk, taken as the chunk starts to run. */
    private long chunkSet;
    /** The blocking streams' block lengths and the blocking allgather's places, made on first use. */
    private int[] streamLengths;
    private int[] streamPlaces;
    /** The blocking operations' agreement, and a peer's bounds as its message brings them. */
    private final Agreement blocking = new Agreement();
    private final long[] peerBounds = new long[BOUNDS.size()];
    /** Heap temporaries of a reduction slice: the accumulator and one operand. */
    private Object slice;
    private Object operand;

    private NodeArena(final Communicator c, final Locality locality, final Path directory)
    {
        this.peers = locality.nodeComm();
        final CollectiveTuning tuning = c.engine().job().collectives();
        this.slotBytes = tuning.nodeSlotBytes();
        this.pieceBytes = slotBytes / Math.max(1, peers.size()) & ~(Long.BYTES - 1);
        this.directReadBytes = tuning.nodeDirectReadBytes();
        this.index = peers.rank();
        this.size = peers.size();
        final int node = c.engine().job().placement().nodeOf(c.engine().worldRank());
        if (size == 1)
        {
            // alone on its node: nothing to share, no file
            this.file = null;
            this.mapped = null;
            this.address = 0;
            return;
        }
        this.file = directory.resolve("coll-" + Long.toHexString(locality.arenaKey()) + "-node" + node + ".seg")
            .toFile();
        final long length = 2L * ((size + 1L) * slotBytes + (long)size * size * Long.BYTES);
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            // Every participant sizes the file alike; growing an empty file or resizing to its size loses nothing.
            if (raf.length() != length)
            {
                SharedMemoryRoom.require(directory, length, "the node arena " + file.getName(),
                    "-J-D" + RuntimeSettings.NODE_SLOT_BYTES + "=256k (slots of 256 KiB)");
                raf.setLength(length);
            }
            mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
        catch (final IOException ex)
        {
            c.engine().checkAbort(); // an ending job interrupts its ranks, which closes the channel: say why
            throw new UncheckedIOException("cannot map the node arena " + file, ex);
        }
        this.address = BufferUtil.address(mapped);
    }

    /**
     * The node arena of this JVM's leader on {@code c}, made on its first use. Only leaders ask, and only when
     * {@link Selection} chose {@link Selection.Path#NODE_ARENA} on every rank.
     */
    static NodeArena of(final Communicator c, final CollectiveState state)
    {
        return state.nodeArena(c, comm -> new NodeArena(comm, comm.locality(),
            comm.engine().job().wiring().sharedMemoryDir()));
    }

    /**
     * Combine every participant's {@code count} items of contiguous {@code type} from {@code src} with
     * {@code op}, in participant order ({@code x0 op x1 op ...}), into {@code dst} on participant {@code root},
     * or on every participant if {@code root < 0}. {@code src} and {@code dst} may be the same range.
     */
    void reduce(final Object src, final int srcOffset, final Object dst, final int dstOffset, final int count,
        final TypeMap type, final ReduceOp op, final int root)
    {
        final int itemElements = type.size();
        awaitNonblocking();
        if (size == 1)
        {
            if (src != dst || srcOffset != dstOffset)
            {
                System.arraycopy(src, srcOffset, dst, dstOffset, count * itemElements);
            }
            return;
        }
        final BaseType base = type.base();
        final int scale = base.byteSize();
        final TypeMap dense = TypeMap.dense(base);
        final int perChunk = slotBytes / (itemElements * scale);
        for (int first = 0; first < count; first += perChunk)
        {
            final int items = Math.min(perChunk, count - first);
            final long set = setAddress();
            final int from = (int)((long)items * index / size);
            final int to = (int)((long)items * (index + 1) / size);
            Transfer.packRange(src, srcOffset, dense, first * itemElements, items * itemElements, null,
                slot(set, index));
            barrier(CollectiveTag.ALLREDUCE);
            if (root < 0 && (long)items * itemElements * scale * size <= directReadBytes)
            {
                // small enough for each to read every slot: one barrier per chunk instead of two
                combine(set, 0, items, type, op, dst, dstOffset + first * itemElements);
                continue;
            }
            if (to > from)
            {
                combineSlice(set, from, to, type, op);
            }
            if (root < 0)
            {
                barrier(CollectiveTag.REDUCE);
            }
            else
            {
                fanIn(root);
            }
            if (root < 0 || index == root)
            {
                Transfer.unpackRange(null, slot(set, size), dst, dstOffset, dense, first * itemElements,
                    items * itemElements);
            }
        }
    }

    /** Combine items {@code [from, to)} of the chunk in every input slot of {@code set} into its result slot. */
    private void combineSlice(final long set, final int from, final int to, final TypeMap type, final ReduceOp op)
    {
        final BaseType base = type.base();
        final int sliceElements = (to - from) * type.size();
        final Object acc = slice(base, sliceElements);
        final long sliceBytes = (long)from * type.size() * base.byteSize();
        combine(set, sliceBytes, to - from, type, op, acc, 0);
        Transfer.packRange(acc, 0, TypeMap.dense(base), 0, sliceElements, null, slot(set, size) + sliceBytes);
    }

    /**
     * {@code target = x0 op (x1 op (... op x(size-1)))} for {@code items} items of {@code type} at byte {@code at}
     * of every input slot of {@code set}: right to left, so rank order holds for non-commutative operations.
     */
    private void combine(final long set, final long at, final int items, final TypeMap type, final ReduceOp op,
        final Object target, final int targetOffset)
    {
        final int elements = items * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        final Object in = operand(type.base(), elements);
        Transfer.unpackRange(null, slot(set, size - 1) + at, target, targetOffset, dense, 0, elements);
        for (int j = size - 2; j >= 0; j--)
        {
            Transfer.unpackRange(null, slot(set, j) + at, in, 0, dense, 0, elements);
            op.reduce(in, 0, target, targetOffset, items, type);
        }
    }

    /**
     * Copy participant {@code root}'s {@code count} items of {@code type} in {@code buf} to all. The chunks are cut in
     * elements, and each participant packs or unpacks its own layout: MPI asks the ranks of a bcast for the same type
     * signature, not the same type, so another participant may pass other items (and another count) of the same
     * elements.
     */
    void bcast(final Object buf, final int offset, final int count, final TypeMap type, final int root)
    {
        if (size == 1)
        {
            return;
        }
        awaitNonblocking();
        final int total = count * type.size();
        final int perChunk = slotBytes / type.base().byteSize();
        for (int first = 0; first < total; first += perChunk)
        {
            final int elements = Math.min(perChunk, total - first);
            final long set = setAddress();
            if (index == root)
            {
                Transfer.packRange(buf, offset, type, first, elements, null, slot(set, size));
            }
            barrier(CollectiveTag.BCAST);
            if (index != root)
            {
                Transfer.unpackRange(null, slot(set, size), buf, offset, type, first, elements);
            }
        }
    }

    /**
     * Nonblocking allreduce of {@code c}'s nonblocking collective {@code tag}, whose ranks are each alone in a JVM: all
     * on this node ({@code across} null: {@link #reduce} onto every participant), or on several nodes, where the
     * node's reduction goes to its first participant, which runs the flat allreduce {@code across} (a commutative
     * {@code op}) with the other nodes' first participants, and then bcasts the result in the arena.
     */
    Request iallreduce(final Communicator c, final int tag, final Object src, final int srcOffset, final Object dst,
        final int dstOffset, final int count, final TypeMap type, final ReduceOp op, final Algorithm across)
    {
        final Schedule s = Schedule.among(peers, c, tag);
        if (across == null)
        {
            allreduce(s, c, src, srcOffset, dst, dstOffset, count, type, op, -1);
        }
        else
        {
            allreduceAcrossNodes(s, c, src, srcOffset, dst, dstOffset, count, type, op, across);
        }
        return started(s.start());
    }

    /**
     * Record on {@code s} (as {@link #allreduce}) an allreduce across nodes: the node's reduction onto its first
     * participant, which runs {@code across} with the other nodes' first participants (under
     * {@link CollectiveTag#acrossNodes} of {@code s}'s tag), and the arena's bcast of the result.
     */
    void allreduceAcrossNodes(final Schedule s, final Communicator c, final Object src, final int srcOffset,
        final Object dst, final int dstOffset, final int count, final TypeMap type, final ReduceOp op,
        final Algorithm across)
    {
        if (size == 1)
        {
            s.add(r ->
            {
                Transfer.copy(src, srcOffset, type, dst, dstOffset, type, count * type.size());
                return null;
            });
        }
        else
        {
            allreduce(s, c, src, srcOffset, dst, dstOffset, count, type, op, 0);
        }
        s.round();
        if (index == 0)
        {
            final Communicator nodeLeaders = c.locality().nodeLeadersComm();
            s.add(r ->
            {
                final Schedule leaders = Schedule.among(nodeLeaders, c, CollectiveTag.acrossNodes(r.tag));
                Allreduce.run(leaders, across, dst, dstOffset, dst, dstOffset, count, type, op);
                return leaders.startPart();
            });
            s.round();
        }
        if (size > 1)
        {
            bcast(s, c, dst, dstOffset, count, type, 0);
        }
    }

    /**
     * Record {@link #reduce} onto participant {@code root} (-1: every participant) on {@code s}, a schedule of
     * {@code c}'s nonblocking collective whose ranks are the participants in their order; the recorded steps run
     * after the arena's earlier nonblocking operations, and the schedule's request must be passed to {@link #started}
     * before another is recorded.
     */
    void allreduce(final Schedule s, final Communicator c, final Object src, final int srcOffset, final Object dst,
        final int dstOffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        afterNonblocking(s);
        final int itemElements = type.size();
        final BaseType base = type.base();
        final int scale = base.byteSize();
        final TypeMap dense = TypeMap.dense(base);
        final int perChunk = slotBytes / (itemElements * scale);
        for (int first = 0; first < count; first += perChunk)
        {
            final int items = Math.min(perChunk, count - first);
            final int from = (int)((long)items * index / size);
            final int to = (int)((long)items * (index + 1) / size);
            final int chunkElements = first * itemElements;
            s.add(r ->
            {
                chunkSet = setAddress();
                Transfer.packRange(src, srcOffset, dense, chunkElements, items * itemElements, null,
                    slot(chunkSet, index));
                return null;
            });
            barrier(s, c, "Iallreduce", first == 0 && CountAgreement.enabled(c) ? typedCount(count, type) : -1);
            if ((long)items * itemElements * scale * size <= directReadBytes)
            {
                if (root < 0 || index == root)
                {
                    s.add(r ->
                    {
                        combine(chunkSet, 0, items, type, op, dst, dstOffset + chunkElements);
                        return null;
                    });
                }
                continue;
            }
            if (to > from)
            {
                s.add(r ->
                {
                    combineSlice(chunkSet, from, to, type, op);
                    return null;
                });
            }
            if (root >= 0)
            {
                fanIn(s, root);
            }
            else
            {
                barrier(s, c, null, -1);
            }
            if (root < 0 || index == root)
            {
                s.add(r ->
                {
                    Transfer.unpackRange(null, slot(chunkSet, size), dst, dstOffset, dense, chunkElements,
                        items * itemElements);
                    return null;
                });
            }
        }
    }

    /** Nonblocking {@link #bcast}, for {@code c}'s nonblocking collective {@code tag}, as {@link #iallreduce}. */
    Request ibcast(final Communicator c, final int tag, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        final Schedule s = Schedule.among(peers, c, tag);
        bcast(s, c, buf, offset, count, type, root);
        return started(s.start());
    }

    /**
     * Record {@link #bcast} on {@code s}, as {@link #allreduce}: chunks cut in elements, whatever items each
     * participant passes, and the participants agreeing on the number of elements.
     */
    void bcast(final Schedule s, final Communicator c, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        afterNonblocking(s);
        final int total = count * type.size();
        final int perChunk = slotBytes / type.base().byteSize();
        for (int first = 0; first < total; first += perChunk)
        {
            final int elements = Math.min(perChunk, total - first);
            final int chunkElements = first;
            s.add(r ->
            {
                chunkSet = setAddress();
                if (index == root)
                {
                    Transfer.packRange(buf, offset, type, chunkElements, elements, null, slot(chunkSet, size));
                }
                return null;
            });
            barrier(s, c, "Ibcast", first == 0 && CountAgreement.enabled(c) ? typedCount(total, type) : -1);
            if (index != root)
            {
                s.add(r ->
                {
                    Transfer.unpackRange(null, slot(chunkSet, size), buf, offset, type, chunkElements, elements);
                    return null;
                });
            }
        }
    }

    /**
     * Record {@link #allgather(Object, int[], int[], BaseType)} on {@code s}, as {@link #allreduce}: the runs of
     * dense {@code staging} (participant j's {@code counts[j]} elements at {@code displs[j]}, its own in place), of
     * blocks of {@code block} elements, the size whose agreement the first barrier carries.
     */
    void allgather(final Schedule s, final Communicator c, final Object staging, final int[] counts,
        final int[] displs, final int block, final BaseType base)
    {
        afterNonblocking(s);
        final int perChunk = slotBytes / base.byteSize();
        for (int first = 0; first < longest(counts); first += perChunk)
        {
            final int chunkElements = first;
            s.add(r ->
            {
                chunkSet = setAddress();
                packRun(chunkSet, staging, counts, displs, base, chunkElements);
                return null;
            });
            barrier(s, c, "Iallgather", first == 0 && CountAgreement.enabled(c) ?
                typedCount(block, TypeMap.dense(base)) : -1);
            s.add(r ->
            {
                unpackRuns(chunkSet, staging, counts, displs, base, chunkElements);
                return null;
            });
        }
    }

    /**
     * Allgather of the runs of {@code staging}, a dense array of {@code base} in which participant j's run is
     * {@code counts[j]} elements at {@code displs[j]}: each participant's own run is in place; afterwards every
     * participant's staging holds them all.
     */
    void allgather(final Object staging, final int[] counts, final int[] displs, final BaseType base)
    {
        if (size == 1)
        {
            return;
        }
        awaitNonblocking();
        final int perChunk = slotBytes / base.byteSize();
        for (int first = 0; first < longest(counts); first += perChunk)
        {
            final long set = setAddress();
            packRun(set, staging, counts, displs, base, first);
            barrier(CollectiveTag.ALLGATHER);
            unpackRuns(set, staging, counts, displs, base, first);
        }
    }

    /** The longest of the participants' runs. */
    private int longest(final int[] counts)
    {
        int longest = 0;
        for (int j = 0; j < size; j++)
        {
            longest = Math.max(longest, counts[j]);
        }
        return longest;
    }

    /** This participant's part of the allgather chunk from element {@code first} of its run, into its slot. */
    private void packRun(final long set, final Object staging, final int[] counts, final int[] displs,
        final BaseType base, final int first)
    {
        final int mine = Math.min(slotBytes / base.byteSize(), counts[index] - first);
        if (mine > 0)
        {
            Transfer.packRange(staging, displs[index], TypeMap.dense(base), first, mine, null, slot(set, index));
        }
    }

    /** The other participants' parts of the allgather chunk from element {@code first}, from their slots. */
    private void unpackRuns(final long set, final Object staging, final int[] counts, final int[] displs,
        final BaseType base, final int first)
    {
        final int perChunk = slotBytes / base.byteSize();
        for (int j = 0; j < size; j++)
        {
            final int elements = Math.min(perChunk, counts[j] - first);
            if (j != index && elements > 0)
            {
                Transfer.unpackRange(null, slot(set, j), staging, displs[j], TypeMap.dense(base), first, elements);
            }
        }
    }

    /**
     * Allgather among participants that are the communicator's ranks, each alone in its JVM, all on this node
     * ({@link Selection#allgather}), as a {@link #stream}; the first barrier agrees on the block size as a count
     * (a rank whose receive side does not fit what arrives fails alone, once the others have their data).
     */
    void allgather(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        awaitNonblocking();
        final int block = scount * stype.size();
        final MpiError error = Buffers.unfit(block, stype.base(), rcount, rtype, -1);
        final int[] lengths = streamLengths();
        final int[] places = streamPlaces();
        equalBlocks(lengths, places, size, block, rcount);
        stream(c, sbuf, soffset, stype, rbuf, roffset, rtype, lengths, places, error,
            CountAgreement.enabled(c) ? blocking.of("Allgather", typedCount(block, stype), c.rank(), false) : null);
        if (error != null)
        {
            throw error;
        }
        Buffers.copyLocal(c.engine(), sbuf, soffset, scount, stype, rbuf, roffset + places[c.rank()] * rtype.extent(),
            rcount, rtype);
    }

    /**
     * Allgatherv among participants that are the communicator's ranks, each alone in its JVM, all on this node
     * ({@link Selection#allgatherv}), as a {@link #stream}; the first barrier agrees on the block sizes
     * ({@link #blockSizes}): where ranks differ, every rank fails alike with {@code ERR_TRUNCATE}.
     */
    void allgatherv(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        awaitNonblocking();
        final int[] lengths = streamLengths();
        for (int r = 0; r < size; r++)
        {
            lengths[r] = rcounts[r] * rtype.size();
        }
        final Agreement agreement = CountAgreement.enabled(c) ? blocking.of("Allgatherv",
            blockSizes(c.rank(), size, scount * stype.size(), stype, rcounts, rtype), c.rank(), true) : null;
        stream(c, sbuf, soffset, stype, rbuf, roffset, rtype, lengths, displs, null, agreement);
        Buffers.copyLocal(c.engine(), sbuf, soffset, scount, stype, rbuf, roffset + displs[c.rank()] * rtype.extent(),
            rcounts[c.rank()], rtype);
    }

    /**
     * The blocks of an allgather or allgatherv in rank order as one stream of elements, which crosses the arena a
     * whole set of slots at a time however the blocks are sized: for each chunk every rank writes its block's part,
     * then reads the others' parts into their places in its receive layout (its own block it copies itself). Block r
     * is {@code lengths[r]} elements, placed {@code places[r]} items of {@code rtype} into {@code rbuf}. Two copies
     * per datum, directly between the ranks' buffers and the arena. The first barrier agrees on {@code bounds}
     * ({@link #agree}; none if null); where they differ every rank fails alike before it reads anything. With
     * {@code error} set (this rank's receive side does not fit) the rank takes part and reads nothing.
     */
    private void stream(final Communicator c, final Object sbuf, final int soffset, final TypeMap stype,
        final Object rbuf, final int roffset, final TypeMap rtype, final int[] lengths, final int[] places,
        final MpiError error, final Agreement agreement)
    {
        final int rank = c.rank();
        final long start = streamStart(lengths, rank);
        final long total = streamStart(lengths, size);
        final long perChunk = (size + 1L) * slotBytes / stype.base().byteSize();
        for (long first = 0; first < total; first += perChunk)
        {
            final long last = Math.min(total, first + perChunk);
            final long set = setAddress();
            writeStream(set, first, last, start, lengths[rank], sbuf, soffset, stype);
            if (first == 0 && agreement != null)
            {
                agree(agreement.bounds);
                agreement.check();
            }
            else
            {
                barrier(CollectiveTag.ALLGATHER);
            }
            if (error == null)
            {
                readStream(set, first, last, rank, rbuf, roffset, lengths, places, rtype);
            }
        }
    }

    /**
     * The leader's part of an allgather or allgatherv stream of JVMs that hold several ranks
     * ({@link Selection.Algorithm#STREAM}): one chunk, since the whole stream fits in a set. The leader writes the
     * blocks of its JVM's ranks ({@code local}: their ranks, their send sides published in {@code arena}; block r is
     * {@code lengths[r]} elements), then runs the barrier that agrees on this JVM's bounds {@code low} (with its rank)
     * and {@code high} among the leaders ({@code call}'s item count, or with {@code blockSizes} their hash; no
     * agreement if {@code call} is null), which throws where they differ. Returns the set, from which every rank of
     * the JVM reads the other blocks ({@link #readStream}); the arena writes it again two chunks on, after a barrier
     * that this JVM's leader joins only once its ranks have arrived at their next collective.
     */
    long streamOfJvm(final JvmArena arena, final int[] local, final int[] lengths, final String call,
        final long low, final int lowRank, final long high, final boolean blockSizes)
    {
        awaitNonblocking();
        final long set = setAddress();
        final int family = family(arena.slot(0).sendType.base());
        for (int i = 0; i < local.length; i++)
        {
            final ArenaSlot slot = arena.slot(i);
            final int rank = local[i];
            if (family(slot.sendType.base()) == family) // another type fails the agreement: it would not fit
            {
                writeStream(set, 0, Long.MAX_VALUE, streamStart(lengths, rank),
                    Math.min(lengths[rank], slot.sendCount * slot.sendType.size()), slot.sendBuffer, slot.sendOffset,
                    slot.sendType);
            }
        }
        if (call == null)
        {
            barrier(CollectiveTag.ALLGATHER);
            return set;
        }
        final Agreement agreement = blocking.of(call, low, lowRank, blockSizes);
        agreement.bounds[2] = high;
        agree(agreement.bounds);
        agreement.check();
        return set;
    }

    /** Nonblocking {@link #allgather} of {@code c}'s nonblocking collective {@code tag}. */
    Request iallgather(final Communicator c, final int tag, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Schedule s = Schedule.among(peers, c, tag);
        final int block = scount * stype.size();
        final MpiError error = Buffers.unfit(block, stype.base(), rcount, rtype, -1);
        final int[] lengths = new int[size];
        final int[] places = new int[size];
        equalBlocks(lengths, places, size, block, rcount);
        stream(s, c, sbuf, soffset, stype, rbuf, roffset, rtype, lengths, places, error,
            CountAgreement.enabled(c) ? new Agreement().of("Iallgather", typedCount(block, stype), c.rank(), false) :
            null);
        if (error == null)
        {
            s.copyLocal(sbuf, soffset, scount, stype, rbuf, roffset + places[c.rank()] * rtype.extent(), rcount,
                rtype);
        }
        else
        {
            s.add(r ->
            {
                r.defer(error);
                return null;
            });
        }
        return started(s.start());
    }

    /**
     * Nonblocking {@link #allgatherv} of {@code c}'s nonblocking collective {@code tag}; the counts and displacements
     * are read as it starts.
     */
    Request iallgatherv(final Communicator c, final int tag, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts, final int[] displs,
        final TypeMap rtype)
    {
        final Schedule s = Schedule.among(peers, c, tag);
        final int[] lengths = new int[size];
        for (int r = 0; r < size; r++)
        {
            lengths[r] = rcounts[r] * rtype.size();
        }
        final int[] places = Arrays.copyOf(displs, size);
        final Agreement agreement = CountAgreement.enabled(c) ? new Agreement().of("Iallgatherv",
            blockSizes(c.rank(), size, scount * stype.size(), stype, rcounts, rtype), c.rank(), true) : null;
        stream(s, c, sbuf, soffset, stype, rbuf, roffset, rtype, lengths, places, null, agreement);
        s.copyLocal(sbuf, soffset, scount, stype, rbuf, roffset + places[c.rank()] * rtype.extent(),
            rcounts[c.rank()], rtype);
        return started(s.start());
    }

    /** {@link #stream} recorded on {@code s}, as {@link #allreduce}. */
    private void stream(final Schedule s, final Communicator c, final Object sbuf, final int soffset,
        final TypeMap stype, final Object rbuf, final int roffset, final TypeMap rtype, final int[] lengths,
        final int[] places, final MpiError error, final Agreement agreement)
    {
        afterNonblocking(s);
        final int rank = c.rank();
        final long start = streamStart(lengths, rank);
        final long total = streamStart(lengths, size);
        final long perChunk = (size + 1L) * slotBytes / stype.base().byteSize();
        for (long first = 0; first < total; first += perChunk)
        {
            final long chunkFirst = first;
            final long last = Math.min(total, first + perChunk);
            s.add(r ->
            {
                chunkSet = setAddress();
                writeStream(chunkSet, chunkFirst, last, start, lengths[rank], sbuf, soffset, stype);
                return null;
            });
            if (first == 0 && agreement != null)
            {
                agree(s, agreement);
            }
            else
            {
                barrier(s, c, null, -1);
            }
            if (error == null)
            {
                s.add(r ->
                {
                    readStream(chunkSet, chunkFirst, last, rank, rbuf, roffset, lengths, places, rtype);
                    return null;
                });
            }
        }
    }

    /**
     * An allgather's stream of {@code ranks} blocks of {@code block} elements each: their {@code lengths}, and their
     * {@code places} in the receive side, block r at item {@code r * rcount}.
     */
    static void equalBlocks(final int[] lengths, final int[] places, final int ranks, final int block,
        final int rcount)
    {
        for (int r = 0; r < ranks; r++)
        {
            lengths[r] = block;
            places[r] = r * rcount;
        }
    }

    /** Where block {@code rank} starts in a stream of blocks of {@code lengths} elements. */
    static long streamStart(final int[] lengths, final int rank)
    {
        long start = 0;
        for (int r = 0; r < rank; r++)
        {
            start += lengths[r];
        }
        return start;
    }

    /**
     * This rank's part of the stream's elements {@code [first, last)} into {@code set}: its block starts at
     * {@code start}, {@code length} elements of {@code stype}'s layout in {@code sbuf}.
     */
    private static void writeStream(final long set, final long first, final long last, final long start,
        final int length, final Object sbuf, final int soffset, final TypeMap stype)
    {
        final long from = Math.max(first, start);
        final long to = Math.min(last, start + length);
        if (to > from)
        {
            Transfer.packRange(sbuf, soffset, stype, (int)(from - start), (int)(to - from), null,
                set + (from - first) * stype.base().byteSize());
        }
    }

    /** {@link #readStream(long, long, long, int, int, Object, int, int[], int[], TypeMap)} of the participants. */
    private void readStream(final long set, final long first, final long last, final int rank, final Object rbuf,
        final int roffset, final int[] lengths, final int[] places, final TypeMap rtype)
    {
        readStream(set, first, last, rank, size, rbuf, roffset, lengths, places, rtype);
    }

    /**
     * The other ranks' parts of the stream's elements {@code [first, last)} from {@code set} into their places: the
     * blocks of all {@code ranks} ranks, rank {@code rank}'s own left out.
     */
    static void readStream(final long set, final long first, final long last, final int rank, final int ranks,
        final Object rbuf, final int roffset, final int[] lengths, final int[] places, final TypeMap rtype)
    {
        final int scale = rtype.base().byteSize();
        long start = 0;
        for (int r = 0; r < ranks && start < last; r++)
        {
            final long end = start + lengths[r];
            final long from = Math.max(first, start);
            final long to = Math.min(last, end);
            if (r != rank && to > from)
            {
                Transfer.unpackRange(null, set + (from - first) * scale, rbuf, roffset + places[r] * rtype.extent(),
                    rtype, (int)(from - start), (int)(to - from));
            }
            start = end;
        }
    }

    /**
     * The value an allgatherv's ranks agree on: a hash of the blocks' lengths in elements as rank {@code rank} of
     * {@code ranks} sees them (from its receive counts), its own replaced by the {@code sent} elements of
     * {@code stype} it sends, each with its element type; so all hashes are equal exactly where every rank expects the
     * same blocks and sends the one expected of it.
     */
    static long blockSizes(final int rank, final int ranks, final int sent, final TypeMap stype,
        final int[] rcounts, final TypeMap rtype)
    {
        long hash = 0;
        for (int r = 0; r < ranks; r++)
        {
            final long elements = r == rank ? typedCount(sent, stype) :
                typedCount((long)rcounts[r] * rtype.size(), rtype);
            hash = Long.rotateLeft((hash ^ elements) * 0x9E3779B97F4A7C15L, 31);
        }
        return hash;
    }

    /** The blocking calls' stream: block lengths in elements, reused. */
    private int[] streamLengths()
    {
        if (streamLengths == null)
        {
            streamLengths = new int[size];
        }
        return streamLengths;
    }

    /** The blocking allgather's places of blocks, reused. */
    private int[] streamPlaces()
    {
        if (streamPlaces == null)
        {
            streamPlaces = new int[size];
        }
        return streamPlaces;
    }

    /**
     * Alltoall among participants that are the communicator's ranks ({@link Selection#alltoall}): block d of each send
     * buffer ({@code scount} items of {@code stype}) goes to block {@code index} of participant d's receive
     * buffer. A chunk holds the same piece of every block, one after the other in the sender's slot; each
     * participant reads its own piece from every slot. The first chunk's barrier agrees on the block's elements
     * and their type (unless {@code colompi.coll.checkCounts} is off): where ranks differ, every rank fails alike.
     * With {@code error} set (this rank's receive side does not fit what arrives) the rank still takes part, so the
     * others finish, and writes nothing.
     */
    void alltoall(final Object sbuf, final int soffset, final int scount, final TypeMap stype, final Object rbuf,
        final int roffset, final int rcount, final TypeMap rtype, final boolean error)
    {
        final int blockElements = scount * stype.size();
        final long blockBytes = (long)blockElements * stype.base().byteSize();
        final int sendExtent = scount * stype.extent();
        final int recvExtent = rcount * rtype.extent();
        awaitNonblocking();
        for (long first = 0; first == 0 || first < blockBytes; first += pieceBytes)
        {
            final long set = setAddress();
            packPieces(set, sbuf, soffset, sendExtent, stype, first, blockElements);
            if (first == 0 && CountAgreement.enabled(peers))
            {
                final Agreement agreement = blocking.of("Alltoall", typedCount(blockElements, stype), index,
                    false);
                agree(agreement.bounds);
                agreement.check();
            }
            else
            {
                barrier(CollectiveTag.ALLTOALL);
            }
            if (!error)
            {
                unpackPieces(set, rbuf, roffset, recvExtent, rtype, first, blockElements);
            }
        }
    }

    /**
     * The chunk from byte {@code first} of each block of {@code blockElements} elements of the alltoall's send
     * buffer (blocks {@code sendExtent} apart) into this participant's slot of {@code set}, the piece for participant
     * d at its d-th place.
     */
    private void packPieces(final long set, final Object sbuf, final int soffset, final int sendExtent,
        final TypeMap stype, final long first, final int blockElements)
    {
        final int scale = stype.base().byteSize();
        final int from = (int)(first / scale);
        final int elements = Math.min(pieceBytes / scale, blockElements - from);
        for (int d = 0; d < size && elements > 0; d++)
        {
            Transfer.packRange(sbuf, soffset + d * sendExtent, stype, from, elements, null, piece(set, index, d));
        }
    }

    /** This participant's chunk from byte {@code first} of its piece in every slot of {@code set}, into its blocks. */
    private void unpackPieces(final long set, final Object rbuf, final int roffset, final int recvExtent,
        final TypeMap rtype, final long first, final int blockElements)
    {
        final int scale = rtype.base().byteSize();
        final int from = (int)(first / scale);
        final int elements = Math.min(pieceBytes / scale, blockElements - from);
        for (int j = 0; j < size && elements > 0; j++)
        {
            Transfer.unpackRange(null, piece(set, j, index), rbuf, roffset + j * recvExtent, rtype, from, elements);
        }
    }

    /**
     * Alltoallv among participants that are the communicator's ranks ({@link Selection#alltoallv}), in chunks as
     * {@link #alltoall}'s: a chunk carries the same stretch of every piece, rank i's piece for d being its
     * {@code scounts[d]} items. The first chunk also writes the length of each piece into its set's header, and each
     * receiver compares those it gets with its {@code rcounts}: a piece of another length or type fails the receiver
     * alone, as a message would, which reads nothing but takes part to the end. Its barrier agrees on the longest piece
     * of all ranks, which sets the number of chunks.
     */
    void alltoallv(final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        awaitNonblocking();
        final long[] bounds = blocking.of("Alltoallv", longestPiece(scounts, stype, rcounts, rtype), index, false)
            .bounds;
        MpiError error = null;
        for (long first = 0; first == 0 || first < bounds[2]; first += pieceBytes)
        {
            final long set = setAddress();
            writePieces(set, first, sbuf, soffset, scounts, sdispls, stype);
            if (first == 0)
            {
                writeLengths(set, scounts, stype);
                agree(bounds);
                error = unfitPieces(set, rcounts, rtype);
            }
            else
            {
                barrier(CollectiveTag.ALLTOALL);
            }
            if (error == null)
            {
                readPieces(set, first, rbuf, roffset, rcounts, rdispls, rtype);
            }
        }
        if (error != null)
        {
            throw error;
        }
    }

    /**
     * Nonblocking {@link #alltoallv} of {@code c}'s nonblocking collective {@code tag}; the count and displacement
     * arrays are read as it starts. Its first chunk's barrier agrees on the longest piece, which no rank knows as it
     * starts: the chunks after it are a schedule of their own, recorded and started once that barrier has ended, which
     * this one waits for.
     */
    Request ialltoallv(final Communicator c, final int tag, final Object sbuf, final int soffset, final int[] scounts,
        final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts,
        final int[] rdispls, final TypeMap rtype)
    {
        final int[] sc = Arrays.copyOf(scounts, size);
        final int[] sd = Arrays.copyOf(sdispls, size);
        final int[] rc = Arrays.copyOf(rcounts, size);
        final int[] rd = Arrays.copyOf(rdispls, size);
        final long[] bounds = new Agreement().of("Ialltoallv", longestPiece(sc, stype, rc, rtype), index, false).bounds;
        final MpiError[] error = new MpiError[1];
        final Schedule s = Schedule.among(peers, c, tag);
        afterNonblocking(s);
        s.add(r ->
        {
            chunkSet = setAddress();
            writePieces(chunkSet, 0, sbuf, soffset, sc, sd, stype);
            writeLengths(chunkSet, sc, stype);
            return null;
        });
        agree(s, bounds);
        unlinkAfter(s);
        s.add(r ->
        {
            error[0] = unfitPieces(chunkSet, rc, rtype);
            if (error[0] == null)
            {
                readPieces(chunkSet, 0, rbuf, roffset, rc, rd, rtype);
            }
            return null;
        });
        s.round();
        s.add(r ->
        {
            if (bounds[2] <= pieceBytes)
            {
                return null;
            }
            final Schedule rest = Schedule.among(peers, c, tag);
            for (long first = pieceBytes; first < bounds[2]; first += pieceBytes)
            {
                final long chunkFirst = first;
                rest.add(q ->
                {
                    chunkSet = setAddress();
                    writePieces(chunkSet, chunkFirst, sbuf, soffset, sc, sd, stype);
                    return null;
                });
                barrier(rest, c, null, -1);
                rest.add(q ->
                {
                    if (error[0] == null)
                    {
                        readPieces(chunkSet, chunkFirst, rbuf, roffset, rc, rd, rtype);
                    }
                    return null;
                });
            }
            return rest.startPart();
        });
        s.round();
        s.add(r ->
        {
            if (error[0] != null)
            {
                r.defer(error[0]);
            }
            return null;
        });
        return started(s.start());
    }

    /** The longest piece, in bytes, of those this rank sends and receives. */
    private long longestPiece(final int[] scounts, final TypeMap stype, final int[] rcounts, final TypeMap rtype)
    {
        long longest = 0;
        for (int d = 0; d < size; d++)
        {
            longest = Math.max(longest, Math.max((long)scounts[d] * stype.size() * stype.base().byteSize(),
                (long)rcounts[d] * rtype.size() * rtype.base().byteSize()));
        }
        return longest;
    }

    /** The chunk from byte {@code first} of each of this participant's pieces into its slot of {@code set}. */
    private void writePieces(final long set, final long first, final Object sbuf, final int soffset,
        final int[] scounts, final int[] sdispls, final TypeMap stype)
    {
        final int scale = stype.base().byteSize();
        final int from = (int)(first / scale);
        for (int d = 0; d < size; d++)
        {
            final int elements = Math.min(pieceBytes / scale, scounts[d] * stype.size() - from);
            if (elements > 0)
            {
                Transfer.packRange(sbuf, soffset + sdispls[d] * stype.extent(), stype, from, elements, null,
                    piece(set, index, d));
            }
        }
    }

    /** The length and type of each of this participant's pieces into the header of {@code set}. */
    private void writeLengths(final long set, final int[] scounts, final TypeMap stype)
    {
        for (int d = 0; d < size; d++)
        {
            UnsafeApi.putLong(header(set, index, d), typedCount((long)scounts[d] * stype.size(), stype));
        }
    }

    /** The chunk from byte {@code first} of the piece of every participant for this one, from {@code set}. */
    private void readPieces(final long set, final long first, final Object rbuf, final int roffset,
        final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final int scale = rtype.base().byteSize();
        final int from = (int)(first / scale);
        for (int j = 0; j < size; j++)
        {
            final int elements = Math.min(pieceBytes / scale, rcounts[j] * rtype.size() - from);
            if (elements > 0)
            {
                Transfer.unpackRange(null, piece(set, j, index), rbuf, roffset + rdispls[j] * rtype.extent(), rtype,
                    from, elements);
            }
        }
    }

    /** Where participant {@code from}'s piece for participant {@code to} lies in {@code set}. */
    private long piece(final long set, final int from, final int to)
    {
        return slot(set, from) + (long)to * pieceBytes;
    }

    /** Where participant {@code from} writes the length of its piece for participant {@code to} in {@code set}. */
    private long header(final long set, final int from, final int to)
    {
        final long sets = 2L * (size + 1) * slotBytes;
        final long which = (set - address) / ((size + 1L) * slotBytes);
        return address + sets + (which * size * size + (long)from * size + to) * Long.BYTES;
    }


    /** The error of a receiver whose {@code rcounts} do not match the lengths of the pieces sent to it, or null. */
    private MpiError unfitPieces(final long set, final int[] rcounts, final TypeMap rtype)
    {
        for (int j = 0; j < size; j++)
        {
            final long sent = UnsafeApi.getLong(header(set, j, index));
            if (sent >>> TYPE_SHIFT != family(rtype.base()))
            {
                return new MpiError(ErrorClass.TYPE, "Alltoallv: rank " + j + " sends another type than this rank " +
                    "receives (" + rtype.base() + ")");
            }
            if (sent != typedCount((long)rcounts[j] * rtype.size(), rtype))
            {
                return new MpiError(ErrorClass.TRUNCATE, "message truncated: Alltoallv: rank " + j + " sends " +
                    (sent & COUNT_MASK) + " elements where this rank expects " +
                    (long)rcounts[j] * rtype.size());
            }
        }
        return null;
    }

    /**
     * Nonblocking {@link #alltoall} of {@code c}'s nonblocking collective {@code tag}, as {@link #iallreduce}: a
     * receive side that does not fit what arrives fails this rank alone, once the others have their data.
     */
    Request ialltoall(final Communicator c, final int tag, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Schedule s = Schedule.among(peers, c, tag);
        afterNonblocking(s);
        final int blockElements = scount * stype.size();
        final long blockBytes = (long)blockElements * stype.base().byteSize();
        final MpiError error = Buffers.unfit(blockElements, stype.base(), rcount, rtype, -1);
        final int sendExtent = scount * stype.extent();
        final int recvExtent = rcount * rtype.extent();
        for (long first = 0; first == 0 || first < blockBytes; first += pieceBytes)
        {
            final long chunkFirst = first;
            s.add(r ->
            {
                chunkSet = setAddress();
                packPieces(chunkSet, sbuf, soffset, sendExtent, stype, chunkFirst, blockElements);
                return null;
            });
            if (first == 0 && CountAgreement.enabled(c))
            {
                agree(s, new Agreement().of("Ialltoall", typedCount(blockElements, stype), c.rank(), false));
            }
            else
            {
                barrier(s, c, null, -1);
            }
            if (error == null)
            {
                s.add(r ->
                {
                    unpackPieces(chunkSet, rbuf, roffset, recvExtent, rtype, chunkFirst, blockElements);
                    return null;
                });
            }
        }
        if (error != null)
        {
            s.add(r ->
            {
                r.defer(error);
                return null;
            });
        }
        return started(s.start());
    }

    /**
     * Unmap the file (the communicator is freed); the other participants keep their own mappings. A nonblocking
     * operation still running in it (MPI lets a program free a communicator before waiting for its collectives) keeps
     * the mapping, which then goes with the arena once that operation has ended and nothing refers to it.
     */
    void close()
    {
        if (mapped != null && (lastNonblocking == null || lastNonblocking.isComplete()))
        {
            IoUtil.unmap(mapped);
        }
    }

    /** The set of slots of the next chunk. */
    private long setAddress()
    {
        return address + (chunks++ & 1) * (size + 1L) * slotBytes;
    }

    /** Address of slot {@code j} of a set ({@code size}: the result slot). */
    private long slot(final long set, final int j)
    {
        return set + (long)j * slotBytes;
    }

    private void barrier(final int kind)
    {
        Barrier.dissemination(peers, NODE_TAG + kind);
        unlinkOnce();
    }

    private void unlinkOnce()
    {
        if (!unlinked)
        {
            unlinked = true;
            unlink();
        }
    }

    /**
     * {@link #barrier} recorded on {@code s}. The first of a nonblocking {@code call} agrees on the count too, unless
     * {@code count} is negative ({@code colompi.coll.checkCounts} off, or not the first): its messages carry the
     * fewest items any rank passed (with the lowest such rank of {@code c}) and the most, each with its type's family
     * ({@link CountAgreement#typedCount}), combined round by round, so every participant learns both; where they
     * differ, every participant fails at this step with {@code ERR_TRUNCATE} (or {@code ERR_TYPE}), having run the
     * same steps, so the arena's chunks stay numbered alike.
     */
    private void barrier(final Schedule s, final Communicator c, final String call, final long count)
    {
        if (count < 0)
        {
            Barrier.dissemination(s);
            unlinkAfter(s);
        }
        else
        {
            agree(s, new Agreement().of(call, count, c.rank(), false));
        }
    }

    /** A barrier recorded on {@code s} that makes {@code agreement} and fails where it does not hold. */
    private void agree(final Schedule s, final Agreement agreement)
    {
        agree(s, agreement.bounds);
        s.add(r ->
        {
            agreement.check();
            return null;
        });
        unlinkAfter(s);
    }

    /**
     * A barrier recorded on {@code s} whose messages carry {@code bounds} ({@link #BOUNDS}: a value, this rank, the
     * value), folded round by round ({@link #fold}), so that as it ends every participant holds the lowest value with
     * its rank and the highest.
     */
    private void agree(final Schedule s, final long[] bounds)
    {
        final long[] theirs = new long[BOUNDS.size()];
        for (int distance = 1; distance < size; distance <<= 1)
        {
            s.recv(theirs, 0, 1, BOUNDS, (index - distance + size) % size);
            s.send(bounds, 0, 1, BOUNDS, (index + distance) % size);
            s.round();
            s.add(r ->
            {
                fold(bounds, theirs);
                return null;
            });
        }
    }

    /** {@link #agree} now, the barrier of a blocking operation's first chunk. */
    private void agree(final long[] bounds)
    {
        final BlockingPlan plan = BlockingPlan.of(peers, NODE_TAG + CollectiveTag.ALLGATHER);
        for (int distance = 1; distance < size; distance <<= 1)
        {
            plan.recv(peerBounds, 0, 1, BOUNDS, (index - distance + size) % size);
            plan.send(bounds, 0, 1, BOUNDS, (index + distance) % size);
            plan.round();
            fold(bounds, peerBounds);
        }
        plan.finish();
        unlinkOnce();
    }

    /** The lower value (on a tie the lower rank) with its rank, and the higher value, of two agreements' bounds. */
    private static void fold(final long[] bounds, final long[] theirs)
    {
        if (theirs[0] < bounds[0] || theirs[0] == bounds[0] && theirs[1] < bounds[1])
        {
            bounds[0] = theirs[0];
            bounds[1] = theirs[1];
        }
        bounds[2] = Math.max(bounds[2], theirs[2]);
    }

    /** The file is unlinked after the operation's first barrier, recorded on {@code s}. */
    private void unlinkAfter(final Schedule s)
    {
        if (!unlinked)
        {
            unlinked = true;
            s.add(r ->
            {
                unlink();
                return null;
            });
        }
    }

    /** Everybody has mapped the file by the first barrier; from now on the mappings keep it alive. */
    private void unlink()
    {
        if (index == 0 && !file.delete() && file.exists())
        {
            throw new UncheckedIOException(new IOException("cannot unlink the node arena " + file));
        }
    }

    /** A blocking operation starts once the nonblocking one started before it has ended. */
    private void awaitNonblocking()
    {
        final Request last = lastNonblocking;
        if (last != null)
        {
            peers.engine().await(last);
            lastNonblocking = null;
        }
    }

    /** A round of {@code s} that waits for the arena's nonblocking operation started last, if any. */
    private void afterNonblocking(final Schedule s)
    {
        if (lastNonblocking != null)
        {
            s.after(lastNonblocking);
        }
    }

    /** The arena's next operation runs after {@code request}, a schedule recorded on it; returns it. */
    Request started(final Request request)
    {
        lastNonblocking = request.isComplete() ? null : request;
        return request;
    }

    /** Everybody tells {@code root} it is done with the chunk; only the root waits. */
    private void fanIn(final int root)
    {
        final BlockingPlan plan = BlockingPlan.of(peers, NODE_TAG + CollectiveTag.GATHER);
        fanIn(plan, root);
        plan.finish();
    }

    /** {@link #fanIn(int)}'s messages, recorded as a round of {@code plan}. */
    private void fanIn(final Plan plan, final int root)
    {
        if (index == root)
        {
            for (int j = 0; j < size; j++)
            {
                if (j != root)
                {
                    plan.recv(Barrier.NOTHING, 0, 0, Barrier.INT, j);
                }
            }
        }
        else
        {
            plan.send(Barrier.NOTHING, 0, 0, Barrier.INT, root);
        }
        plan.round();
    }

    private Object slice(final BaseType base, final int elements)
    {
        slice = fit(slice, base, elements);
        return slice;
    }

    private Object operand(final BaseType base, final int elements)
    {
        operand = fit(operand, base, elements);
        return operand;
    }

    private static Object fit(final Object current, final BaseType base, final int elements)
    {
        if (current != null && current.getClass() == base.arrayClass() &&
            java.lang.reflect.Array.getLength(current) >= elements)
        {
            return current;
        }
        return base.newArray(elements);
    }

    /**
     * What the first barrier of a nonblocking operation, or of a blocking one whose chunks depend on it, agrees on:
     * {@link #BOUNDS} of a value (an item count, a hash of the block sizes, the longest piece), with the rank passing
     * the lowest. The blocking operations reuse one ({@link #blocking}).
     */
    private static final class Agreement
    {
        final long[] bounds = new long[BOUNDS.size()];
        private String call;
        private boolean blockSizes;

        /** This rank's {@code value} for {@code call}: its item count, or ({@code blockSizes}) their hash. */
        Agreement of(final String call, final long value, final int rank, final boolean blockSizes)
        {
            this.call = call;
            this.blockSizes = blockSizes;
            bounds[0] = value;
            bounds[1] = rank;
            bounds[2] = value;
            return this;
        }

        /** Fail with {@code ERR_TRUNCATE} where the ranks passed different values, having run the same steps. */
        void check()
        {
            if (bounds[0] == bounds[2])
            {
                return;
            }
            if (!blockSizes && bounds[0] >>> TYPE_SHIFT != bounds[2] >>> TYPE_SHIFT)
            {
                throw new MpiError(ErrorClass.TYPE, call + " types differ: rank " + bounds[1] + " sends another " +
                    "type than another rank");
            }
            throw new MpiError(ErrorClass.TRUNCATE, "message truncated: " + call + (blockSizes ?
                " block sizes differ: rank " + bounds[1] + " sends or expects blocks of other sizes than another rank" :
                " counts differ: rank " + bounds[1] + " passed " + (bounds[0] & COUNT_MASK) + " items, another rank " +
                (bounds[2] & COUNT_MASK)));
        }
    }
}
