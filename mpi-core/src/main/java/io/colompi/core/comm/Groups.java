package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;

import java.util.Arrays;
import java.util.BitSet;

/**
 * MPI group operations as pure functions. A group is an {@code int[]} of distinct world ranks in group-rank
 * order (the representation {@link Communicator#group()} returns); arguments are never modified and every result
 * is a fresh array. Ranks passed in ({@code incl}, {@code excl}, ranges, {@code translateRanks}) are ranks in the
 * group, not world ranks. Invalid arguments raise {@link MpiError} of class {@code RANK} (a rank outside the
 * group) or {@code ARG} (duplicates, malformed ranges).
 */
public final class Groups
{
    private Groups()
    {
    }

    /** All of {@code g1} in order, then the members of {@code g2} not in {@code g1}, in {@code g2}'s order. */
    public static int[] union(final int[] g1, final int[] g2)
    {
        final BitSet in1 = members(g1);
        final int[] out = Arrays.copyOf(g1, g1.length + g2.length);
        int n = g1.length;
        for (final int w : g2)
        {
            if (!in1.get(w))
            {
                out[n++] = w;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The members of {@code g1} that are also in {@code g2}, in {@code g1}'s order. */
    public static int[] intersection(final int[] g1, final int[] g2)
    {
        return filter(g1, members(g2), true);
    }

    /** The members of {@code g1} that are not in {@code g2}, in {@code g1}'s order. */
    public static int[] difference(final int[] g1, final int[] g2)
    {
        return filter(g1, members(g2), false);
    }

    /** The group whose rank {@code i} is rank {@code ranks[i]} of {@code group}; ranks must be distinct. */
    public static int[] incl(final int[] group, final int[] ranks)
    {
        checkDistinct(group, ranks);
        final int[] out = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++)
        {
            out[i] = group[ranks[i]];
        }
        return out;
    }

    /** {@code group} without its ranks {@code ranks} (distinct), the others keeping their order. */
    public static int[] excl(final int[] group, final int[] ranks)
    {
        final boolean[] drop = checkDistinct(group, ranks);
        final int[] out = new int[group.length - ranks.length];
        int n = 0;
        for (int r = 0; r < group.length; r++)
        {
            if (!drop[r])
            {
                out[n++] = group[r];
            }
        }
        return out;
    }

    /**
     * {@link #incl} of the ranks named by triplets {@code {first, last, stride}}: first, first+stride, ... up to
     * and including last when the stride reaches it exactly. The stride may be negative (then first >= last) but
     * not zero; last may lie outside the group when every rank produced lies inside.
     */
    public static int[] rangeIncl(final int[] group, final int[][] ranges)
    {
        return incl(group, expand(group, ranges));
    }

    /** {@link #excl} of the ranks named by triplets as in {@link #rangeIncl}. */
    public static int[] rangeExcl(final int[] group, final int[][] ranges)
    {
        return excl(group, expand(group, ranges));
    }

    /**
     * For each rank of {@code g1} in {@code ranks}, its rank in {@code g2}, or {@link Peers#UNDEFINED} if that
     * process is not in {@code g2}; {@link Peers#PROC_NULL} translates to itself.
     */
    public static int[] translateRanks(final int[] g1, final int[] ranks, final int[] g2)
    {
        int maxWorld = -1;
        for (final int w : g2)
        {
            maxWorld = Math.max(maxWorld, w);
        }
        final int[] rankIn2 = new int[maxWorld + 1];
        Arrays.fill(rankIn2, Peers.UNDEFINED);
        for (int r = 0; r < g2.length; r++)
        {
            rankIn2[g2[r]] = r;
        }
        final int[] out = new int[MpiError.nonNull(ranks, ErrorClass.ARG, "ranks").length];
        for (int i = 0; i < ranks.length; i++)
        {
            final int r = ranks[i];
            if (r == Peers.PROC_NULL)
            {
                out[i] = Peers.PROC_NULL;
                continue;
            }
            checkRank(g1, r);
            final int w = g1[r];
            out[i] = w < rankIn2.length ? rankIn2[w] : Peers.UNDEFINED;
        }
        return out;
    }

    /**
     * {@link Comparison#IDENT} if both groups have the same members in the same order, {@link Comparison#SIMILAR}
     * if the same members in another order, else {@link Comparison#UNEQUAL}.
     */
    public static int compare(final int[] g1, final int[] g2)
    {
        if (Arrays.equals(g1, g2))
        {
            return Comparison.IDENT;
        }
        if (g1.length != g2.length)
        {
            return Comparison.UNEQUAL;
        }
        final BitSet in2 = members(g2);
        for (final int w : g1)
        {
            if (!in2.get(w))
            {
                return Comparison.UNEQUAL;
            }
        }
        return Comparison.SIMILAR;
    }

    /** The rank of world rank {@code worldRank} in {@code group}, or {@link Peers#UNDEFINED} if not a member. */
    public static int rankOf(final int[] group, final int worldRank)
    {
        for (int r = 0; r < group.length; r++)
        {
            if (group[r] == worldRank)
            {
                return r;
            }
        }
        return Peers.UNDEFINED;
    }

    private static BitSet members(final int[] group)
    {
        final BitSet set = new BitSet();
        for (final int w : group)
        {
            set.set(w);
        }
        return set;
    }

    private static int[] filter(final int[] group, final BitSet other, final boolean keepMembers)
    {
        final int[] out = new int[group.length];
        int n = 0;
        for (final int w : group)
        {
            if (other.get(w) == keepMembers)
            {
                out[n++] = w;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static void checkRank(final int[] group, final int rank)
    {
        if (rank < 0 || rank >= group.length)
        {
            throw new MpiError(ErrorClass.RANK, "invalid rank " + rank + ": group has " + group.length + " ranks");
        }
    }

    /** Checks every rank is in the group and none repeats; returns the set of ranks named. */
    private static boolean[] checkDistinct(final int[] group, final int[] ranks)
    {
        MpiError.nonNull(ranks, ErrorClass.ARG, "ranks");
        final boolean[] seen = new boolean[group.length];
        for (final int r : ranks)
        {
            checkRank(group, r);
            if (seen[r])
            {
                throw new MpiError(ErrorClass.ARG, "rank " + r + " is named more than once in " + Arrays.toString(ranks));
            }
            seen[r] = true;
        }
        return seen;
    }

    private static int[] expand(final int[] group, final int[][] ranges)
    {
        long total = 0;
        for (final int[] range : MpiError.nonNull(ranges, ErrorClass.ARG, "ranges"))
        {
            if (range == null || range.length != 3)
            {
                throw new MpiError(ErrorClass.ARG, "a range must be {first, last, stride}: " + Arrays.toString(range));
            }
            final int first = range[0];
            final int last = range[1];
            final int stride = range[2];
            if (stride == 0)
            {
                throw new MpiError(ErrorClass.ARG, "range " + Arrays.toString(range) + " has stride 0");
            }
            if (last != first && (last > first) != (stride > 0))
            {
                throw new MpiError(ErrorClass.ARG, "range " + Arrays.toString(range) + " does not reach last: " +
                    (stride > 0 ? "first > last with a positive stride" : "first < last with a negative stride"));
            }
            // MPI-3.1 6.3.2 constrains the ranks produced, not last: (5, 8, 2) in 8 ranks is {5, 7}.
            final long count = ((long)last - first) / stride + 1;
            checkRank(group, first);
            checkRank(group, (int)(first + (count - 1) * stride));
            total += count;
            if (total > group.length)
            {
                throw new MpiError(ErrorClass.ARG, "ranges name " + total + " ranks but the group has " + group.length +
                    ", so some repeat: " + Arrays.deepToString(ranges));
            }
        }
        final int[] ranks = new int[(int)total];
        int n = 0;
        for (final int[] range : ranges)
        {
            final int count = (range[1] - range[0]) / range[2] + 1;
            for (int k = 0; k < count; k++)
            {
                ranks[n++] = range[0] + k * range[2];
            }
        }
        return ranks;
    }
}
