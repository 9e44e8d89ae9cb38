package io.colompi.core.coll;

import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * The collectives as shared-memory algorithms over {@link Participants} that are all the communicator's ranks
 * (local index = rank): each is cut into independent chunks that any rank present may run, every datum copied
 * once from the array it was published in to the array it belongs in. Data movement has one chunk per source
 * or destination rank; a reduction has one chunk per {@link Participants#chunkBytes} of the vector, combined in a
 * rank's small dense temporary (so the data is read once, in rank order, and written straight into every result).
 * Blocks are {@code count} items of the block's type at {@code offset + displacement * extent}, the
 * displacement {@code i * count} unless the rank published per-block counts and displacements.
 */
enum LocalTask
{
    /** Nothing to move: the arrivals are the operation. */
    BARRIER
    {
        @Override
        int chunks(final Participants a, final Contribution call)
        {
            return 0;
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
        }
    },

    /** Chunk i: the root's buffer (its send side) into rank i's. */
    BCAST
    {
        @Override
        int chunks(final Participants a, final Contribution call)
        {
            return a.size;
        }

        @Override
        long bytesFrom(final Participants a, final Contribution call, final int sender)
        {
            return sender == call.root ? (a.size - 1L) * bytes(call.sendCount, call.sendType) : 0;
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
            final int root = call.root;
            if (chunk != root)
            {
                final Contribution from = a.contributions[root];
                final Contribution to = a.contributions[chunk];
                move(a, root, from.sendBuffer, from.sendOffset, from.sendCount, from.sendType,
                    to.sendBuffer, to.sendOffset, to.sendCount, to.sendType, chunk);
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
        int chunks(final Participants a, final Contribution call)
        {
            final int itemBytes = Math.max(1, call.sendType.size() * call.sendType.base().byteSize());
            call.itemsPerChunk = Math.max(1, a.chunkBytes / itemBytes);
            return (int)(((long)call.sendCount + call.itemsPerChunk - 1) / call.itemsPerChunk);
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
            final TypeMap type = call.sendType;
            final int first = chunk * call.itemsPerChunk;
            final int items = Math.min(call.itemsPerChunk, call.sendCount - first);
            final int skip = first * type.size();
            final int elements = items * type.size();
            final Object acc = a.scratch(helper, type.base(), elements);
            final Contribution[] in = a.contributions;
            final int last = a.size - 1;
            System.arraycopy(in[last].sendBuffer, in[last].sendOffset + skip, acc, 0, elements);
            int i = last - 1;
            for (; i >= 3; i -= 4)
            {
                final Contribution s0 = in[i - 3];
                final Contribution s1 = in[i - 2];
                final Contribution s2 = in[i - 1];
                final Contribution s3 = in[i];
                call.op.reduce4(s0.sendBuffer, s0.sendOffset + skip, s1.sendBuffer, s1.sendOffset + skip,
                    s2.sendBuffer, s2.sendOffset + skip, s3.sendBuffer, s3.sendOffset + skip, acc, 0, items, type);
            }
            for (; i >= 0; i--)
            {
                call.op.reduce(in[i].sendBuffer, in[i].sendOffset + skip, acc, 0, items, type);
            }
            if (call.root >= 0)
            {
                final Contribution root = in[call.root];
                System.arraycopy(acc, 0, root.recvBuffer, root.recvOffset + skip, elements);
                return;
            }
            for (int r = 0; r <= last; r++)
            {
                System.arraycopy(acc, 0, in[r].recvBuffer, in[r].recvOffset + skip, elements);
            }
        }
    },

    /** Chunk i: rank i's send buffer into block i of the root's receive buffer. */
    GATHER
    {
        @Override
        int chunks(final Participants a, final Contribution call)
        {
            return a.size;
        }

        @Override
        long bytesFrom(final Participants a, final Contribution call, final int sender)
        {
            final Contribution from = a.contributions[sender];
            return bytes(from.sendCount, from.sendType);
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
            final int root = call.root;
            final Contribution from = a.contributions[chunk];
            move(a, chunk, from.sendBuffer, from.sendOffset, from.sendCount, from.sendType,
                a.contributions[root].recvBuffer, recvBlockOffset(a, root, chunk), recvBlockCount(a, root, chunk),
                a.contributions[root].recvType, root);
        }
    },

    /** Chunk i: block i of the root's send buffer into rank i's receive buffer. */
    SCATTER
    {
        @Override
        int chunks(final Participants a, final Contribution call)
        {
            return a.size;
        }

        @Override
        long bytesFrom(final Participants a, final Contribution call, final int sender)
        {
            final Contribution to = a.contributions[sender];
            return bytes(to.recvCount, to.recvType);
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
            final int root = call.root;
            final Contribution to = a.contributions[chunk];
            move(a, root, a.contributions[root].sendBuffer, sendBlockOffset(a, root, chunk), sendBlockCount(a, root, chunk),
                a.contributions[root].sendType, to.recvBuffer, to.recvOffset, to.recvCount, to.recvType, chunk);
        }
    },

    /** Chunk i: rank i's send buffer into block i of every rank's receive buffer. */
    ALLGATHER
    {
        @Override
        int chunks(final Participants a, final Contribution call)
        {
            return a.size;
        }

        @Override
        long bytesFrom(final Participants a, final Contribution call, final int sender)
        {
            final Contribution from = a.contributions[sender];
            return a.size * bytes(from.sendCount, from.sendType);
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
            final Contribution from = a.contributions[chunk];
            for (int j = 0; j < a.size; j++)
            {
                final Contribution to = a.contributions[j];
                move(a, chunk, from.sendBuffer, from.sendOffset, from.sendCount, from.sendType, to.recvBuffer,
                    recvBlockOffset(a, j, chunk), recvBlockCount(a, j, chunk), to.recvType, j);
            }
        }
    },

    /** Chunk i: block j of rank i's send buffer into block i of rank j's receive buffer, for every j. */
    ALLTOALL
    {
        @Override
        int chunks(final Participants a, final Contribution call)
        {
            return a.size;
        }

        @Override
        long bytesFrom(final Participants a, final Contribution call, final int sender)
        {
            long moved = 0;
            for (int j = 0; j < a.size; j++)
            {
                moved += bytes(sendBlockCount(a, sender, j), a.contributions[sender].sendType);
            }
            return moved;
        }

        @Override
        void run(final Participants a, final Contribution call, final int chunk, final int helper)
        {
            final Contribution from = a.contributions[chunk];
            for (int j = 0; j < a.size; j++)
            {
                move(a, chunk, from.sendBuffer, sendBlockOffset(a, chunk, j), sendBlockCount(a, chunk, j),
                    from.sendType, a.contributions[j].recvBuffer, recvBlockOffset(a, j, chunk), recvBlockCount(a, j, chunk),
                    a.contributions[j].recvType, j);
            }
        }
    };

    /** How many chunks the operation of {@code call} (the slot of the rank that starts it) has in {@code a}. */
    abstract int chunks(Participants a, Contribution call);

    /**
     * Whether every rank passes the same count of the same items (a broadcast, a reduction), which the arena compares
     * before it runs the task: ranks that pass others all fail alike, in one JVM as across JVMs.
     */
    boolean sameCounts()
    {
        return this == BCAST || this == REDUCE;
    }

    /**
     * Whether the rank that starts the operation of {@code call}, of {@code chunks} chunks, had better run them all
     * itself: a single chunk, or at most {@link Participants#chunkBytes} to move in all (sharing them would only put
     * claiming and counting them, and their lines, on the critical path).
     */
    boolean alone(final Participants a, final Contribution call, final int chunks)
    {
        if (chunks == 1)
        {
            return true;
        }
        long moved = 0;
        for (int i = 0; i < a.size && moved <= a.chunkBytes; i++)
        {
            moved += bytesFrom(a, call, i);
        }
        return moved <= a.chunkBytes;
    }

    /**
     * Bytes that the operation of {@code call} moves from local rank {@code sender}'s data; reductions count their
     * chunks instead (an operation of more than one is never run alone).
     */
    long bytesFrom(final Participants a, final Contribution call, final int sender)
    {
        return Long.MAX_VALUE / 2;
    }

    /** Run chunk {@code chunk} of the operation of {@code call} in {@code a}, on local rank {@code helper}. */
    abstract void run(Participants a, Contribution call, int chunk, int helper);

    /** Local rank {@code sender}'s data into local rank {@code receiver}'s room, checked as a message would be. */
    private static void move(
        final Participants a, final int sender,
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

    /** Bytes of {@code count} items of {@code type} (null: none). */
    private static long bytes(final int count, final TypeMap type)
    {
        return type == null || type.base() == null ? 0 : (long)count * type.size() * type.base().byteSize();
    }

    private static int sendBlockCount(final Participants a, final int rank, final int block)
    {
        final Contribution slot = a.contributions[rank];
        return slot.sendBlockCounts != null ? slot.sendBlockCounts[block] : slot.sendCount;
    }

    private static int sendBlockOffset(final Participants a, final int rank, final int block)
    {
        final Contribution slot = a.contributions[rank];
        final int[] displs = slot.sendBlockDispls;
        final int displ = displs != null ? displs[block] : block * slot.sendCount;
        return slot.sendOffset + displ * slot.sendType.extent();
    }

    private static int recvBlockCount(final Participants a, final int rank, final int block)
    {
        final Contribution slot = a.contributions[rank];
        return slot.recvBlockCounts != null ? slot.recvBlockCounts[block] : slot.recvCount;
    }

    private static int recvBlockOffset(final Participants a, final int rank, final int block)
    {
        final Contribution slot = a.contributions[rank];
        final int[] displs = slot.recvBlockDispls;
        final int displ = displs != null ? displs[block] : block * slot.recvCount;
        return slot.recvOffset + displ * slot.recvType.extent();
    }
}
