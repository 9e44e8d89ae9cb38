package io.colompi.core.coll;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;

/**
 * The ranks of one JVM that run a collective together in shared memory ({@link LocalTask}): what each published, by
 * local index, and their communicator ranks. A {@link JvmArena} holds them for the blocking collectives (its slots
 * reused by each); an {@link ArenaOperation} for one nonblocking collective.
 */
abstract class Participants
{
    final int size;
    /**
     * Bytes of a reduction chunk ({@code colompi.coll.arenaChunkBytes}): a few of them fit a core's L1 cache next
     * to the inputs streaming through.
     */
    final int chunkBytes;
    /** What each local rank published, by local index. */
    final Contribution[] contributions;
    /** The communicator rank of each local index. */
    private final int[] ranks;

    Participants(final Contribution[] contributions, final int[] ranks, final int chunkBytes)
    {
        this.size = contributions.length;
        this.contributions = contributions;
        this.ranks = ranks;
        this.chunkBytes = chunkBytes;
    }

    /** The communicator rank of local rank {@code index}. */
    final int rank(final int index)
    {
        return ranks[index];
    }

    /** The communicator ranks, by local index (not to be written). */
    final int[] ranks()
    {
        return ranks;
    }

    /** Record an error for local rank {@code index}, raised there when the operation completes. */
    final void fail(final int index, final MpiError error)
    {
        contributions[index].error = error;
    }

    /** The dense temporary of local rank {@code index}: at least {@code elements} of {@code base}, reused. */
    Object scratch(final int index, final BaseType base, final int elements)
    {
        return contributions[index].scratch(base, elements);
    }

    /**
     * The error of a reduction (or a bcast) whose ranks passed different counts on their send side, or null: checked
     * before any buffer is read or written (a chunk would run past the smaller buffers), the same for every rank.
     */
    final MpiError sendCountsDiffer()
    {
        final Contribution first = contributions[0];
        for (int i = 1; i < size; i++)
        {
            final Contribution other = contributions[i];
            if ((long)other.sendCount * other.sendType.size() != (long)first.sendCount * first.sendType.size())
            {
                return countsError(0, first.sendCount, i, other.sendCount);
            }
        }
        return null;
    }

    /** Local rank {@code one} passed {@code ones} items, local rank {@code other} {@code others}. */
    final MpiError countsError(final int one, final long ones, final int other, final long others)
    {
        return new MpiError(ErrorClass.TRUNCATE, "collective counts differ: rank " + ranks[one] + " passed " + ones +
            " items, rank " + ranks[other] + " passed " + others);
    }
}
