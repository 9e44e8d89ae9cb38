package io.colompi.core.coll;

import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * The collectives as shared-memory algorithms over a {@link JvmArena} whose ranks are all the communicator's
 * (local index = rank): each is cut into independent chunks that any rank present may run, every datum copied
 * once from the array it was published in to the array it belongs in. Data movement has one chunk per source
 * or destination rank; a reduction has one chunk per {@link JvmArena#chunkBytes} of the vector, combined in a rank's
 * small dense temporary (so the data is read once, in rank order, and written straight into every result).
 * Blocks are {@code count} items of the block's type at {@code offset + displacement * extent}, the
 * displacement {@code i * count} unless the rank published per-block counts and displacements.
 */
enum LocalTask
{
    /** Nothing to move: the arrivals are the operation. */
    BARRIER
    {
        @Override
        int chunks(final JvmArena a)
        {
            return 0;
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
        }
    },

    /** Chunk i: the root's buffer (its send side) into rank i's. */
    BCAST
    {
        @Override
        int chunks(final JvmArena a)
        {
            return a.size;
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
            final int root = a.root;
            if (chunk != root)
            {
                move(a, root, a.sendBuffers[root], a.sendOffsets[root], a.sendCounts[root], a.sendTypes[root],
                    a.sendBuffers[chunk], a.sendOffsets[chunk], a.sendCounts[chunk], a.sendTypes[chunk], chunk);
            }
        }
    },

    /**
     * Chunk c: items [c * itemsPerChunk, ...) of every rank's send buffer, combined right to left
     * ({@code x0 op (x1 op (... op x(p-1)))}, rank order for non-commutative operations; four ranks per pass
     * over the temporary, see {@link ReduceOp#reduce4}) into the helper's temporary, then copied into the
     * root's receive buffer, or every rank's if the root is -1. A rank's send and receive regions may be the
     * same: a chunk reads all its inputs before it writes.
     */
    REDUCE
    {
        @Override
        int chunks(final JvmArena a)
        {
            final int itemBytes = Math.max(1, a.type.size() * a.type.base().byteSize());
            a.itemsPerChunk = Math.max(1, a.chunkBytes / itemBytes);
            return (int)(((long)a.count + a.itemsPerChunk - 1) / a.itemsPerChunk);
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
            final TypeMap type = a.type;
            final int first = chunk * a.itemsPerChunk;
            final int items = Math.min(a.itemsPerChunk, a.count - first);
            final int skip = first * type.size();
            final int elements = items * type.size();
            final Object acc = a.scratch(helper, type.base(), elements);
            final Object[] in = a.sendBuffers;
            final int[] at = a.sendOffsets;
            final int last = a.size - 1;
            System.arraycopy(in[last], at[last] + skip, acc, 0, elements);
            int i = last - 1;
            for (; i >= 3; i -= 4)
            {
                a.op.reduce4(in[i - 3], at[i - 3] + skip, in[i - 2], at[i - 2] + skip, in[i - 1], at[i - 1] + skip,
                    in[i], at[i] + skip, acc, 0, items, type);
            }
            for (; i >= 0; i--)
            {
                a.op.reduce(in[i], at[i] + skip, acc, 0, items, type);
            }
            if (a.root >= 0)
            {
                System.arraycopy(acc, 0, a.recvBuffers[a.root], a.recvOffsets[a.root] + skip, elements);
                return;
            }
            for (int r = 0; r <= last; r++)
            {
                System.arraycopy(acc, 0, a.recvBuffers[r], a.recvOffsets[r] + skip, elements);
            }
        }
    },

    /** Chunk i: rank i's send buffer into block i of the root's receive buffer. */
    GATHER
    {
        @Override
        int chunks(final JvmArena a)
        {
            return a.size;
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
            final int root = a.root;
            move(a, chunk, a.sendBuffers[chunk], a.sendOffsets[chunk], a.sendCounts[chunk], a.sendTypes[chunk],
                a.recvBuffers[root], recvBlockOffset(a, root, chunk), recvBlockCount(a, root, chunk),
                a.recvTypes[root], root);
        }
    },

    /** Chunk i: block i of the root's send buffer into rank i's receive buffer. */
    SCATTER
    {
        @Override
        int chunks(final JvmArena a)
        {
            return a.size;
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
            final int root = a.root;
            move(a, root, a.sendBuffers[root], sendBlockOffset(a, root, chunk), sendBlockCount(a, root, chunk),
                a.sendTypes[root], a.recvBuffers[chunk], a.recvOffsets[chunk], a.recvCounts[chunk],
                a.recvTypes[chunk], chunk);
        }
    },

    /** Chunk i: rank i's send buffer into block i of every rank's receive buffer. */
    ALLGATHER
    {
        @Override
        int chunks(final JvmArena a)
        {
            return a.size;
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
            for (int j = 0; j < a.size; j++)
            {
                move(a, chunk, a.sendBuffers[chunk], a.sendOffsets[chunk], a.sendCounts[chunk], a.sendTypes[chunk],
                    a.recvBuffers[j], recvBlockOffset(a, j, chunk), recvBlockCount(a, j, chunk), a.recvTypes[j], j);
            }
        }
    },

    /** Chunk i: block j of rank i's send buffer into block i of rank j's receive buffer, for every j. */
    ALLTOALL
    {
        @Override
        int chunks(final JvmArena a)
        {
            return a.size;
        }

        @Override
        void run(final JvmArena a, final int chunk, final int helper)
        {
            for (int j = 0; j < a.size; j++)
            {
                move(a, chunk, a.sendBuffers[chunk], sendBlockOffset(a, chunk, j), sendBlockCount(a, chunk, j),
                    a.sendTypes[chunk], a.recvBuffers[j], recvBlockOffset(a, j, chunk), recvBlockCount(a, j, chunk),
                    a.recvTypes[j], j);
            }
        }
    };

    /** How many chunks the operation set in {@code a} has. */
    abstract int chunks(JvmArena a);

    /** Run chunk {@code chunk} of the operation set in {@code a}, on the rank of local index {@code helper}. */
    abstract void run(JvmArena a, int chunk, int helper);

    /**
     * {@code scount} items of {@code stype} into room for {@code rcount} of {@code rtype}, with the checks a
     * message would get; a failed check is the receiving rank's error.
     */
    /** Local rank {@code sender}'s data into local rank {@code receiver}'s room, checked as a message would be. */
    private static void move(
        final JvmArena a, final int sender,
        final Object src, final int srcOffset, final int scount, final TypeMap stype,
        final Object dst, final int dstOffset, final int rcount, final TypeMap rtype,
        final int receiver)
    {
        final int elements = scount * stype.size();
        final MpiError unfit = Buffers.unfit(elements, stype.base(), rcount, rtype, a.rank(sender));
        if (unfit != null)
        {
            a.fail(receiver, unfit);
        }
        else if (elements > 0)
        {
            Transfer.copy(src, srcOffset, stype, dst, dstOffset, rtype, elements);
        }
    }

    private static int sendBlockCount(final JvmArena a, final int rank, final int block)
    {
        final int[] counts = a.sendBlockCounts[rank];
        return counts != null ? counts[block] : a.sendCounts[rank];
    }

    private static int sendBlockOffset(final JvmArena a, final int rank, final int block)
    {
        final int[] displs = a.sendBlockDispls[rank];
        final int displ = displs != null ? displs[block] : block * a.sendCounts[rank];
        return a.sendOffsets[rank] + displ * a.sendTypes[rank].extent();
    }

    private static int recvBlockCount(final JvmArena a, final int rank, final int block)
    {
        final int[] counts = a.recvBlockCounts[rank];
        return counts != null ? counts[block] : a.recvCounts[rank];
    }

    private static int recvBlockOffset(final JvmArena a, final int rank, final int block)
    {
        final int[] displs = a.recvBlockDispls[rank];
        final int displ = displs != null ? displs[block] : block * a.recvCounts[rank];
        return a.recvOffsets[rank] + displ * a.recvTypes[rank].extent();
    }
}
