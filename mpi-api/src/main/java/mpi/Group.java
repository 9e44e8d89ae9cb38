package mpi;

import io.colompi.core.comm.Groups;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.function.Supplier;

/** An ordered set of processes. Groups are values: every operation returns a new group. */
public class Group
{
    /** Kept for MPJ Express source compatibility: the size of {@code MPI.GROUP_EMPTY}. */
    public static final int EMPTY = 0;

    /** World ranks of the members, in group rank order. */
    final int[] members;
    private final int self;
    private boolean freed;

    Group(final int[] members, final int selfWorldRank)
    {
        this.members = members;
        this.self = selfWorldRank;
    }

    public int Size()
    {
        return live("Group.Size").length;
    }

    /** This process's rank in the group, or {@link MPI#UNDEFINED} if it is not a member. */
    public int Rank()
    {
        return Groups.rankOf(live("Group.Rank"), self);
    }

    /** The ranks in {@code group2} of the processes that have ranks {@code ranks1} in {@code group1}. */
    public static int[] Translate_ranks(final Group group1, final int[] ranks1, final Group group2)
    {
        return call(() -> Groups.translateRanks(live(group1, "Group.Translate_ranks"), ranks1,
            live(group2, "Group.Translate_ranks")), "Group.Translate_ranks");
    }

    /** {@link MPI#IDENT}, {@link MPI#SIMILAR} or {@link MPI#UNEQUAL}. */
    public static int Compare(final Group group1, final Group group2)
    {
        return Groups.compare(live(group1, "Group.Compare"), live(group2, "Group.Compare"));
    }

    public static Group Union(final Group group1, final Group group2)
    {
        return derive(group1, () -> Groups.union(live(group1, "Group.Union"), live(group2, "Group.Union")),
            "Group.Union");
    }

    public static Group Intersection(final Group group1, final Group group2)
    {
        return derive(group1, () -> Groups.intersection(live(group1, "Group.Intersection"),
            live(group2, "Group.Intersection")), "Group.Intersection");
    }

    public static Group Difference(final Group group1, final Group group2)
    {
        return derive(group1, () -> Groups.difference(live(group1, "Group.Difference"),
            live(group2, "Group.Difference")), "Group.Difference");
    }

    /** The group of this group's ranks {@code ranks}, in that order. */
    public Group Incl(final int[] ranks)
    {
        return derive(this, () -> Groups.incl(live("Group.Incl"), ranks), "Group.Incl");
    }

    public Group Excl(final int[] ranks)
    {
        return derive(this, () -> Groups.excl(live("Group.Excl"), ranks), "Group.Excl");
    }

    /** {@link #Incl} of the ranks named by {@code {first, last, stride}} triplets. */
    public Group Range_incl(final int[][] ranges)
    {
        return derive(this, () -> Groups.rangeIncl(live("Group.Range_incl"), ranges), "Group.Range_incl");
    }

    public Group Range_excl(final int[][] ranges)
    {
        return derive(this, () -> Groups.rangeExcl(live("Group.Range_excl"), ranges), "Group.Range_excl");
    }

    /** Release the group; using it afterwards is an error. */
    public void free()
    {
        live("Group.free");
        freed = true;
    }

    /** The members of {@code group}, which must be a group (MPI_GROUP_NULL is {@code ERR_GROUP}) not freed. */
    static int[] live(final Group group, final String call)
    {
        if (group == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.GROUP, "null group"), call);
        }
        return group.live(call);
    }

    int[] live(final String call)
    {
        MPI.notFinalized(call);
        if (freed)
        {
            throw MPI.raise(new MpiError(ErrorClass.GROUP, "group was freed"), call);
        }
        return members;
    }

    /** A new group of this process, made by {@code operation} from {@code from} (checked first) and others. */
    private static Group derive(final Group from, final Supplier<int[]> operation, final String call)
    {
        live(from, call);
        return new Group(call(operation, call), from.self);
    }

    private static <T> T call(final Supplier<T> operation, final String call)
    {
        try
        {
            return operation.get();
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    // Open MPI Java bindings API

    public int getSize()
    {
        return Size();
    }

    /** This process's rank in the group, or {@link MPI#UNDEFINED}. */
    public int getRank()
    {
        return Rank();
    }

    public static int[] translateRanks(final Group group1, final int[] ranks1, final Group group2)
    {
        return Translate_ranks(group1, ranks1, group2);
    }

    public static int compare(final Group group1, final Group group2)
    {
        return Compare(group1, group2);
    }

    public static Group union(final Group group1, final Group group2)
    {
        return Union(group1, group2);
    }

    public static Group intersection(final Group group1, final Group group2)
    {
        return Intersection(group1, group2);
    }

    public static Group difference(final Group group1, final Group group2)
    {
        return Difference(group1, group2);
    }

    public Group incl(final int[] ranks)
    {
        return Incl(ranks);
    }

    public Group excl(final int[] ranks)
    {
        return Excl(ranks);
    }

    public Group rangeIncl(final int[][] ranges)
    {
        return Range_incl(ranges);
    }

    public Group rangeExcl(final int[][] ranges)
    {
        return Range_excl(ranges);
    }

    /** Whether this is the freed (null) group. */
    public boolean isNull()
    {
        return freed;
    }
}
