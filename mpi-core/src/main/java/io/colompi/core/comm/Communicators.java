package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;
import java.util.BitSet;

/**
 * MPI's communicator constructors and comparison. Every constructor is collective: all ranks of the parent
 * (for intercommunicators: of both groups) call it at the same point, and it returns {@code null} to the ranks
 * that are not members of the result (MPI's {@code COMM_NULL}).
 *
 * <p>Context ids: an intracommunicator owns two consecutive ids (point-to-point, then collective; see
 * {@link Communicator#collective()}). An intercommunicator made here owns {@link #INTER_CONTEXTS} = 4: {@code c}
 * and {@code c+1} are its own, {@code c+2} and {@code c+3} those of the intracommunicator over its local group
 * ({@link #localComm}), on which agreements among the local group run. One rank takes a new communicator's ids from
 * its own block ({@link Engine#announceContexts}) and announces them ({@link Agreement}): rank 0 of the parent, or
 * across two groups the leader with the lower world rank; so threads of a rank may make communicators at once
 * (MPI_THREAD_MULTIPLE). Both groups of an intercommunicator use the same ids for their local intracommunicators,
 * and the disjoint communicators of one split or create the same ids: that is safe because their ranks differ.
 *
 * <p>Errors in arguments that differ between ranks are detected after the agreement exchange, so every rank
 * raises an {@link MpiError} instead of some ranks raising and the others waiting for them.
 */
public final class Communicators
{
    /** Context ids an intercommunicator made here owns, from {@link Communicator#context()} upwards. */
    public static final int INTER_CONTEXTS = 4;
    /** Context ids an intracommunicator owns. */
    public static final int INTRA_CONTEXTS = 2;

    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** Tags on collective contexts ({@link Agreement} uses -100; collective algorithms non-negative tags). */
    private static final int TAG_BROADCAST = -101;
    private static final int TAG_LEADERS = -102;
    /** Sent by a leader in place of {@code high} when its group did not agree on one. */
    private static final int DISAGREED = -1;

    private Communicators()
    {
    }

    /**
     * {@code MPI_COMM_DUP}: the same group(s) on fresh contexts. Works on intra- and intercommunicators (for the
     * latter every rank of both groups calls it).
     */
    public static Communicator dup(final Communicator comm)
    {
        final Engine engine = comm.engine();
        if (comm.isInter())
        {
            final int context = acrossGroups(comm, 0, INTER_CONTEXTS)[0];
            return Communicator.inter(engine, context, comm.group(), comm.remoteGroup());
        }
        return Communicator.intra(engine, Agreement.newContexts(comm, INTRA_CONTEXTS), comm.group());
    }

    /**
     * {@code MPI_Comm_split_type} with {@code MPI_COMM_TYPE_SHARED}: the ranks of {@code comm} on this rank's node,
     * ordered by {@code key}, where every rank joining shares the node's memory; a rank that does not {@code join}
     * takes part in the split and gets null.
     */
    public static Communicator splitByNode(final Communicator comm, final boolean join, final int key)
    {
        final int node = comm.engine().job().placement().nodeOf(comm.worldRankOf(comm.rank()));
        return split(comm, join ? node : Peers.UNDEFINED, key);
    }

    /**
     * {@code MPI_COMM_SPLIT}: one new communicator per {@code color} (a non-negative value, or
     * {@link Peers#UNDEFINED} for none: that rank gets {@code null}), ranks ordered by {@code key}, then by their
     * rank in {@code comm}.
     */
    public static Communicator split(final Communicator comm, final int color, final int key)
    {
        requireIntra(comm, "split");
        final Engine engine = comm.engine();
        final int[] all = Agreement.allgatherWithContexts(comm, new int[]{ color, key }, INTRA_CONTEXTS);
        final int n = comm.size();
        final int context = all[2 * n];
        for (int r = 0; r < n; r++)
        {
            final int c = all[2 * r];
            if (c < 0 && c != Peers.UNDEFINED)
            {
                throw new MpiError(ErrorClass.ARG, "split: rank " + r + " passed color " + c +
                    "; a color must be non-negative or UNDEFINED");
            }
        }
        if (color == Peers.UNDEFINED)
        {
            return null;
        }
        final long[] order = new long[n];
        int members = 0;
        for (int r = 0; r < n; r++)
        {
            if (all[2 * r] == color)
            {
                // key in the high half and the old rank (non-negative) in the low half sort as (key, rank)
                order[members++] = ((long)all[2 * r + 1] << 32) | r;
            }
        }
        Arrays.sort(order, 0, members);
        final int[] parent = comm.group();
        final int[] group = new int[members];
        for (int i = 0; i < members; i++)
        {
            group[i] = parent[(int)order[i]];
        }
        return Communicator.intra(engine, context, group);
    }

    /**
     * {@code MPI_COMM_CREATE} over an intracommunicator: {@code group} (world ranks in rank order, a subset of
     * {@code comm}'s group) becomes a communicator; ranks outside it get {@code null}. As in MPI-2.2 the ranks may
     * pass disjoint groups, each making its own communicator; the members of a group must all pass that group.
     */
    public static Communicator create(final Communicator comm, final int[] group)
    {
        requireIntra(comm, "create");
        final Engine engine = comm.engine();
        final String invalid = subsetProblem(comm, group);
        final int[] all = Agreement.allgatherWithContexts(comm,
            new int[]{ Arrays.hashCode(group), invalid == null ? 0 : 1 }, INTRA_CONTEXTS);
        if (invalid != null)
        {
            throw new MpiError(ErrorClass.GROUP, "create: " + invalid);
        }
        final int me = comm.rank();
        final int[] members = comm.group();
        for (int r = 0; r < comm.size(); r++)
        {
            if (all[2 * r + 1] != 0)
            {
                throw new MpiError(ErrorClass.GROUP, "create: rank " + r + " passed an invalid group");
            }
            // MPI-2.2: disjoint groups each make their own communicator; the members of one must pass that one.
            if (all[2 * r] != all[2 * me] && Groups.rankOf(group, members[r]) != Peers.UNDEFINED)
            {
                throw new MpiError(ErrorClass.ARG, "create: ranks " + me + " and " + r + " passed different groups");
            }
        }
        final int context = all[2 * comm.size()];
        return Groups.rankOf(group, engine.worldRank()) == Peers.UNDEFINED ? null :
            Communicator.intra(engine, context, group);
    }

    /**
     * {@code MPI_COMM_CREATE_GROUP}: {@code group} (world ranks in rank order, a subset of {@code comm}'s group)
     * becomes a communicator, called by its members only. Its first member takes the context ids and sends them to
     * the others by point-to-point messages on {@code comm} with {@code tag}, so, as MPI says, no other pending
     * message among the members should use that tag there.
     */
    public static Communicator createGroup(final Communicator comm, final int[] group, final int tag)
    {
        requireIntra(comm, "createGroup");
        final String invalid = subsetProblem(comm, group);
        if (invalid != null)
        {
            throw new MpiError(ErrorClass.GROUP, "createGroup: " + invalid);
        }
        final Engine engine = comm.engine();
        if (Groups.rankOf(group, engine.worldRank()) == Peers.UNDEFINED)
        {
            throw new MpiError(ErrorClass.GROUP, "createGroup: called by rank " + comm.rank() +
                ", which is not in the group: only its members call it");
        }
        final int[] parent = comm.group();
        final int leader = Groups.rankOf(parent, group[0]);
        final int context;
        if (comm.rank() == leader)
        {
            final int[] announced = { engine.announceContexts(INTRA_CONTEXTS) };
            for (int m = 1; m < group.length; m++)
            {
                comm.sendStep(announced, 0, 1, INT, Groups.rankOf(parent, group[m]), tag);
            }
            context = announced[0];
        }
        else
        {
            context = receiveAny(comm, leader, tag)[0];
        }
        return Communicator.intra(engine, context, group);
    }

    /**
     * {@code MPI_COMM_COMPARE}: {@link Comparison#IDENT} for the same communicator (same context and groups),
     * {@link Comparison#CONGRUENT} for the same groups in the same order on another context,
     * {@link Comparison#SIMILAR} for the same members in another order, else {@link Comparison#UNEQUAL} (also
     * between an intra- and an intercommunicator). For intercommunicators both the local and the remote groups
     * are compared. Local: no communication.
     */
    public static int compare(final Communicator a, final Communicator b)
    {
        if (a == b)
        {
            return Comparison.IDENT;
        }
        if (a.isInter() != b.isInter())
        {
            return Comparison.UNEQUAL;
        }
        int groups = Groups.compare(a.group(), b.group());
        if (a.isInter())
        {
            // IDENT < SIMILAR < UNEQUAL, so the weaker of the two relations is the larger value
            groups = Math.max(groups, Groups.compare(a.remoteGroup(), b.remoteGroup()));
        }
        if (groups != Comparison.IDENT)
        {
            return groups;
        }
        return a.context() == b.context() && a.engine() == b.engine() ? Comparison.IDENT : Comparison.CONGRUENT;
    }

    /**
     * {@code MPI_INTERCOMM_CREATE}: an intercommunicator between the group of {@code localComm} and the disjoint
     * group led by {@code remoteLeader}. Called by every rank of both groups, each side with its own
     * {@code localComm} and {@code localLeader} (a rank of {@code localComm}, the same on all of its ranks).
     * {@code peerComm}, {@code remoteLeader} (a rank of {@code peerComm}) and {@code tag} matter only at the
     * leaders, which exchange their groups' world ranks, and the context ids that the leader of the lower world
     * rank takes, by point-to-point messages on {@code peerComm} with {@code tag}; so, as MPI says, no other pending
     * message there should use that tag.
     */
    public static Communicator createIntercomm(
        final Communicator localComm, final int localLeader, final Communicator peerComm, final int remoteLeader,
        final int tag)
    {
        requireIntra(localComm, "createIntercomm (local communicator)");
        if (localLeader < 0 || localLeader >= localComm.size())
        {
            throw new MpiError(ErrorClass.RANK, "createIntercomm: invalid local leader " + localLeader +
                ": local communicator has " + localComm.size() + " ranks");
        }
        final Engine engine = localComm.engine();
        final int[] agreed;
        if (localComm.rank() == localLeader)
        {
            final int[] local = localComm.group();
            final boolean announces = engine.worldRank() < peerComm.worldRankOf(remoteLeader);
            final int[] mine = new int[1 + local.length];
            mine[0] = announces ? engine.announceContexts(INTER_CONTEXTS) : 0;
            System.arraycopy(local, 0, mine, 1, local.length);
            agreed = exchange(peerComm, remoteLeader, tag, mine);
            if (announces)
            {
                agreed[0] = mine[0];
            }
            broadcast(localComm.collective(), agreed);
        }
        else
        {
            agreed = receiveBroadcast(localComm.collective(), localLeader);
        }
        final int context = agreed[0];
        final int[] remote = Arrays.copyOfRange(agreed, 1, agreed.length);
        final int[] overlap = Groups.intersection(localComm.group(), remote);
        if (overlap.length > 0)
        {
            throw new MpiError(ErrorClass.ARG, "createIntercomm: the groups overlap in world ranks " +
                Arrays.toString(overlap));
        }
        return Communicator.inter(engine, context, localComm.group(), remote);
    }

    /**
     * {@code MPI_INTERCOMM_MERGE}: an intracommunicator over both groups of {@code inter}. The group whose ranks
     * pass {@code high = false} comes first; if both groups pass the same value, the group whose rank 0 has the
     * lower world rank comes first. All ranks of one group must pass the same {@code high}.
     */
    public static Communicator merge(final Communicator inter, final boolean high)
    {
        requireInter(inter, "merge");
        final int[] agreed = acrossGroups(inter, high ? 1 : 0, INTRA_CONTEXTS);
        final int context = agreed[0];
        final int remoteHigh = agreed[1];
        if (remoteHigh == DISAGREED)
        {
            throw new MpiError(ErrorClass.ARG, "merge: the ranks of the remote group passed different values of high");
        }
        final int[] local = inter.group();
        final int[] remote = inter.remoteGroup();
        final boolean localFirst = high != (remoteHigh == 1) ? !high : local[0] < remote[0];
        final int[] merged = localFirst ? concat(local, remote) : concat(remote, local);
        return Communicator.intra(inter.engine(), context, merged);
    }

    /**
     * The intracommunicator over the local group of {@code inter} (an intercommunicator made by this class), on
     * the two context ids above the intercommunicator's. Local and cheap but not free (it allocates): callers
     * that use it repeatedly (intercommunicator collectives) should keep it.
     */
    public static Communicator localComm(final Communicator inter)
    {
        requireInter(inter, "localComm");
        // the collective view of a communicator is its own collective view, and sits one context above
        final int base = inter.collective() == inter ? inter.context() - 1 : inter.context();
        return Communicator.intra(inter.engine(), base + INTRA_CONTEXTS, inter.group());
    }

    /**
     * {@code MPI_CART_CREATE} (without reordering): a communicator over the first {@code topology.size()} ranks
     * of {@code comm}, which keep their ranks; the other ranks get {@code null}. The caller keeps the topology
     * with the communicator.
     */
    public static Communicator cart(final Communicator comm, final CartTopology topology)
    {
        return prefix(comm, topology.size(), "cart");
    }

    /**
     * {@code MPI_CART_SUB}: splits the Cartesian communicator {@code cart} (laid out by {@code topology}) into
     * sub-grids keeping the dimensions where {@code remainDims} is true; the result's topology is
     * {@code topology.sub(remainDims)} and its rank is the rank in that sub-grid.
     */
    public static Communicator cartSub(final Communicator cart, final CartTopology topology, final boolean[] remainDims)
    {
        final int rank = cart.rank();
        return split(cart, topology.subColor(rank, remainDims), topology.subKey(rank, remainDims));
    }

    /**
     * {@code MPI_GRAPH_CREATE} (without reordering): a communicator over the first {@code topology.nnodes()} ranks
     * of {@code comm}, which keep their ranks; the other ranks get {@code null}.
     */
    public static Communicator graph(final Communicator comm, final GraphTopology topology)
    {
        return prefix(comm, topology.nnodes(), "graph");
    }

    private static Communicator prefix(final Communicator comm, final int n, final String what)
    {
        requireIntra(comm, what);
        if (n > comm.size())
        {
            throw new MpiError(ErrorClass.DIMS, what + ": the topology has " + n + " nodes but the communicator only " +
                comm.size() + " ranks");
        }
        final int context = Agreement.newContexts(comm, INTRA_CONTEXTS);
        return comm.rank() < n ? Communicator.intra(comm.engine(), context, Arrays.copyOf(comm.group(), n)) : null;
    }

    /**
     * Agreement over both groups of an intercommunicator: every rank contributes its group's {@code flag} (0 or 1,
     * the same on the group's ranks); returns {the first of {@code contexts} fresh context ids, taken by the leader
     * (rank 0) of the group whose leader has the lower world rank, the remote group's flag or {@link #DISAGREED}}.
     * Raises on all ranks of a group that did not agree on its flag.
     */
    private static int[] acrossGroups(final Communicator inter, final int flag, final int contexts)
    {
        final Communicator local = localComm(inter);
        final int[] all = Agreement.allgather(local, new int[]{ flag });
        boolean agreed = true;
        for (final int f : all)
        {
            agreed &= f == all[0];
        }
        final int[] result;
        if (local.rank() == 0)
        {
            final boolean announces = inter.group()[0] < inter.remoteGroup()[0];
            final int context = announces ? inter.engine().announceContexts(contexts) : 0;
            result = exchange(inter.collective(), 0, TAG_LEADERS, new int[]{ context, agreed ? flag : DISAGREED });
            if (announces)
            {
                result[0] = context;
            }
            broadcast(local.collective(), result);
        }
        else
        {
            result = receiveBroadcast(local.collective(), 0);
        }
        if (!agreed)
        {
            throw new MpiError(ErrorClass.ARG, "the ranks of this group passed different values (" +
                Arrays.toString(all) + " per rank)");
        }
        return result;
    }

    /** Send {@code mine} to {@code peer} and return what {@code peer} sent back, of any length. */
    private static int[] exchange(final Communicator via, final int peer, final int tag, final int[] mine)
    {
        final SendRequest send = via.isend(mine, 0, mine.length, INT, peer, tag);
        final int[] theirs = receiveAny(via, peer, tag);
        via.engine().awaitRequest(send);
        return theirs;
    }

    /** Flat broadcast from the calling rank: construction is rare and the payload a few ints per rank. */
    static void broadcast(final Communicator collective, final int[] data)
    {
        for (int r = 0; r < collective.size(); r++)
        {
            if (r != collective.rank())
            {
                collective.sendStep(data, 0, data.length, INT, r, TAG_BROADCAST);
            }
        }
    }

    static int[] receiveBroadcast(final Communicator collective, final int root)
    {
        return receiveAny(collective, root, TAG_BROADCAST);
    }

    private static int[] receiveAny(final Communicator comm, final int source, final int tag)
    {
        final ProbeStatus status = new ProbeStatus();
        comm.probeStep(source, tag, status);
        final int[] data = new int[status.elements];
        comm.recvStep(data, 0, data.length, INT, source, tag);
        return data;
    }

    /** Why {@code group} is not a set of distinct members of {@code comm}, or null if it is. */
    private static String subsetProblem(final Communicator comm, final int[] group)
    {
        final BitSet parent = new BitSet();
        for (final int w : comm.group())
        {
            parent.set(w);
        }
        final BitSet seen = new BitSet();
        for (final int w : group)
        {
            if (w < 0 || !parent.get(w))
            {
                return "world rank " + w + " of the group is not a member of the communicator";
            }
            if (seen.get(w))
            {
                return "world rank " + w + " appears twice in the group";
            }
            seen.set(w);
        }
        return null;
    }

    private static int[] concat(final int[] first, final int[] second)
    {
        final int[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    static void requireIntra(final Communicator comm, final String what)
    {
        if (comm.isInter())
        {
            throw new MpiError(ErrorClass.COMM, what + " needs an intracommunicator");
        }
    }

    private static void requireInter(final Communicator comm, final String what)
    {
        if (!comm.isInter())
        {
            throw new MpiError(ErrorClass.COMM, what + " needs an intercommunicator");
        }
    }
}
