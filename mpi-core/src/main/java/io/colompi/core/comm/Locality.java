package io.colompi.core.comm;

import io.colompi.core.job.Placement;
import org.agrona.collections.Int2IntCounterMap;

import java.util.Arrays;

/**
 * Where the ranks of an intracommunicator live, as collectives need it: which of them share this rank's JVM
 * (they can read each other's arrays), one leader per JVM (its lowest rank) to talk across JVMs, which JVMs share
 * a node (their leaders can meet in a shared-memory file), and one leader per node (its first JVM's leader) to
 * talk across nodes.
 */
public final class Locality
{
    private final int[] localRanks;
    private final int localIndex;
    private final int[] leaders;
    private final int leaderIndex;
    private final int[] jvmIndexOf;
    private final boolean contiguous;
    /** Position of each rank when the ranks are listed JVM by JVM (leader order), in rank order inside a JVM. */
    private final int[] position;
    /** First position of each JVM's ranks in that listing; one more entry: the size. */
    private final int[] jvmFirst;
    private final long arenaKey;
    /** The JVMs (leader indices) of this rank's node, in leader order. */
    private final int[] nodeJvms;
    /** The first JVM (leader index) on each node, in leader order. */
    private final int[] nodeLeaderJvms;
    private final int maxJvmsPerNode;
    private final Communicator comm;
    private Communicator leadersComm;
    private Communicator nodeComm;
    private Communicator nodeLeadersComm;

    Locality(final Communicator comm)
    {
        this.comm = comm;
        final Placement placement = comm.engine().job().placement();
        final int size = comm.size();
        final int myJvm = placement.jvmOf(comm.engine().worldRank());
        final int[] local = new int[size];
        int locals = 0;
        final int[] leaderOf = new int[size];
        final int[] leaderList = new int[size];
        int leaderCount = 0;
        jvmIndexOf = new int[size];
        for (int r = 0; r < size; r++)
        {
            final int jvm = placement.jvmOf(comm.worldRankOf(r));
            if (jvm == myJvm)
            {
                local[locals++] = r;
            }
            int found = -1;
            for (int l = 0; l < leaderCount && found < 0; l++)
            {
                if (placement.jvmOf(comm.worldRankOf(leaderList[l])) == jvm)
                {
                    found = l;
                }
            }
            if (found < 0)
            {
                found = leaderCount;
                leaderList[leaderCount++] = r;
            }
            leaderOf[r] = leaderList[found];
            jvmIndexOf[r] = found;
        }
        this.localRanks = Arrays.copyOf(local, locals);
        this.localIndex = Arrays.binarySearch(localRanks, comm.rank());
        this.leaders = Arrays.copyOf(leaderList, leaderCount);
        this.leaderIndex = Arrays.binarySearch(leaders, comm.rank());
        boolean blocks = true;
        for (int r = 1; r < size; r++)
        {
            blocks &= jvmIndexOf[r] >= jvmIndexOf[r - 1];
        }
        this.contiguous = blocks;
        this.jvmFirst = new int[leaderCount + 1];
        for (int r = 0; r < size; r++)
        {
            jvmFirst[jvmIndexOf[r] + 1]++;
        }
        for (int j = 0; j < leaderCount; j++)
        {
            jvmFirst[j + 1] += jvmFirst[j];
        }
        this.position = new int[size];
        final int[] next = Arrays.copyOf(jvmFirst, leaderCount);
        for (int r = 0; r < size; r++)
        {
            position[r] = next[jvmIndexOf[r]]++;
        }
        // Disjoint communicators may share a context id; their lowest world ranks differ.
        int lowest = Integer.MAX_VALUE;
        for (int r = 0; r < size; r++)
        {
            lowest = Math.min(lowest, comm.worldRankOf(r));
        }
        this.arenaKey = ((long)comm.context() << 32) | lowest;
        final int[] here = new int[leaderCount];
        int hereCount = 0;
        final int[] nodeLeaderList = new int[leaderCount];
        int nodeCount = 0;
        int most = 0;
        final Int2IntCounterMap jvmsOnNode = new Int2IntCounterMap(0);
        final int myNode = placement.nodeOf(comm.engine().worldRank());
        for (int j = 0; j < leaderCount; j++)
        {
            final int node = placement.nodeOf(comm.worldRankOf(leaders[j]));
            if (node == myNode)
            {
                here[hereCount++] = j;
            }
            final int jvmsSoFar = jvmsOnNode.incrementAndGet(node);
            if (jvmsSoFar == 1)
            {
                nodeLeaderList[nodeCount++] = j;
            }
            most = Math.max(most, jvmsSoFar);
        }
        this.nodeJvms = Arrays.copyOf(here, hereCount);
        this.nodeLeaderJvms = Arrays.copyOf(nodeLeaderList, nodeCount);
        this.maxJvmsPerNode = most;
    }

    /** Ranks (in the communicator) that share this JVM, ascending; includes this rank. */
    public int[] localRanks()
    {
        return localRanks.clone();
    }

    /** This rank's position among {@link #localRanks()}; 0 is the JVM's leader. */
    public int localIndex()
    {
        return localIndex;
    }

    /** The lowest rank of each JVM that hosts ranks of the communicator, in rank order of first appearance. */
    public int[] leaders()
    {
        return leaders.clone();
    }

    public int jvmCount()
    {
        return leaders.length;
    }

    /** This rank's index among the leaders, or a negative number if it leads no JVM. */
    public int leaderIndex()
    {
        return leaderIndex;
    }

    /** Index (as in {@link #leaders()}) of the JVM hosting {@code rank}. */
    public int jvmIndexOf(final int rank)
    {
        return jvmIndexOf[rank];
    }

    /**
     * Whether each JVM's ranks form one run of consecutive ranks, the runs in leader order: then combining
     * inside JVMs, then across leaders, keeps rank order (required for non-commutative operations).
     */
    public boolean contiguous()
    {
        return contiguous;
    }

    /**
     * The leaders as a communicator of their own (rank i = {@code leaders()[i]}) on this communicator's context,
     * for the across-JVM phase of collectives; only leaders may use it, with tags of their own.
     */
    public Communicator leadersComm()
    {
        Communicator known = leadersComm;
        if (known == null)
        {
            final int[] everyJvm = new int[leaders.length];
            Arrays.setAll(everyJvm, j -> j);
            known = subset(everyJvm);
            leadersComm = known;
        }
        return known;
    }

    /** The most JVMs hosting ranks of the communicator on one node. */
    public int maxJvmsPerNode()
    {
        return maxJvmsPerNode;
    }

    /** How many nodes host ranks of the communicator. */
    public int nodeCount()
    {
        return nodeLeaderJvms.length;
    }

    /** This JVM's position among the JVMs of its node (leader order); 0 leads the node. */
    public int nodeIndexOfJvm()
    {
        return Arrays.binarySearch(nodeJvms, jvmIndexOf[comm.rank()]);
    }

    /**
     * The leaders of the JVMs on this rank's node as a communicator of their own (rank i = the i-th such JVM, in
     * leader order) on this communicator's context; only leaders may use it, with tags of their own.
     */
    public Communicator nodeComm()
    {
        Communicator known = nodeComm;
        if (known == null)
        {
            known = subset(nodeJvms);
            nodeComm = known;
        }
        return known;
    }

    /** One leader per node (its first JVM's), as {@link #nodeComm()}; only node leaders may use it. */
    public Communicator nodeLeadersComm()
    {
        Communicator known = nodeLeadersComm;
        if (known == null)
        {
            known = subset(nodeLeaderJvms);
            nodeLeadersComm = known;
        }
        return known;
    }

    /** The leaders of JVMs {@code jvms} (leader indices, ascending) as a communicator on this one's context. */
    private Communicator subset(final int[] jvms)
    {
        final int[] worldRanks = new int[jvms.length];
        for (int i = 0; i < jvms.length; i++)
        {
            worldRanks[i] = comm.worldRankOf(leaders[jvms[i]]);
        }
        return Communicator.intra(comm.engine(), comm.context(), worldRanks);
    }

    /**
     * Where {@code rank} comes when the ranks are listed JVM by JVM (in leader order), in rank order inside each
     * JVM: the layout of data that leaders gather from their JVMs and exchange in one piece per JVM.
     */
    public int position(final int rank)
    {
        return position[rank];
    }

    /** The position of the first rank of JVM {@code jvm} (a leader index) in the listing of {@link #position}. */
    public int jvmFirst(final int jvm)
    {
        return jvmFirst[jvm];
    }

    /** How many of the communicator's ranks JVM {@code jvm} (a leader index) hosts. */
    public int jvmSize(final int jvm)
    {
        return jvmFirst[jvm + 1] - jvmFirst[jvm];
    }

    /** Identifies this communicator's ranks in this JVM: the key of state they share. */
    public long arenaKey()
    {
        return arenaKey;
    }
}
