package io.colompi.colo;

import io.colompi.core.job.Placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the ranks of a job run: each rank in one JVM, each JVM on one node (a host of the host file, a pretend
 * node of this machine, or this machine). JVM ids are unique across nodes
 * (as {@link Placement} wants them). Computed by the launcher, sent to every rank host in its environment
 * ({@link #encode()}), and turned into the engine's {@link Placement} there.
 * <p>
 * Encoding: {@code jvmOfRank[0],jvmOfRank[1],...;nodeOfJvm[0],nodeOfJvm[1],...}, e.g. {@code 0,0,1,1;0,0} for
 * four ranks in two JVMs on node 0.
 */
public final class JobLayout
{
    private final int[] jvmOfRank;
    private final int[] nodeOfJvm;
    private final int[][] ranksOfJvm;

    /**
     * @param jvmOfRank the JVM of each rank; every JVM id in {@code 0 .. nodeOfJvm.length - 1} hosts a rank.
     * @param nodeOfJvm the node of each JVM.
     */
    public JobLayout(final int[] jvmOfRank, final int[] nodeOfJvm)
    {
        if (jvmOfRank.length == 0)
        {
            throw new IllegalArgumentException("a job has at least one rank");
        }
        this.jvmOfRank = jvmOfRank.clone();
        this.nodeOfJvm = nodeOfJvm.clone();
        final int[] counts = new int[nodeOfJvm.length];
        for (int rank = 0; rank < jvmOfRank.length; rank++)
        {
            final int jvm = jvmOfRank[rank];
            if (jvm < 0 || jvm >= nodeOfJvm.length)
            {
                throw new IllegalArgumentException("rank " + rank + " is in JVM " + jvm + ", but there are " +
                    nodeOfJvm.length + " JVMs");
            }
            counts[jvm]++;
        }
        this.ranksOfJvm = new int[nodeOfJvm.length][];
        for (int jvm = 0; jvm < counts.length; jvm++)
        {
            if (counts[jvm] == 0)
            {
                throw new IllegalArgumentException("JVM " + jvm + " hosts no rank");
            }
            if (nodeOfJvm[jvm] < 0)
            {
                throw new IllegalArgumentException("JVM " + jvm + " is on node " + nodeOfJvm[jvm]);
            }
            ranksOfJvm[jvm] = new int[counts[jvm]];
            counts[jvm] = 0;
        }
        for (int rank = 0; rank < jvmOfRank.length; rank++)
        {
            final int jvm = jvmOfRank[rank];
            ranksOfJvm[jvm][counts[jvm]++] = rank;
        }
    }

    /**
     * {@code np} ranks in blocks of {@code ranksPerJvm}: JVM {@code j} hosts ranks {@code j*K .. min(np, (j+1)*K) - 1},
     * so {@code ceil(np / K)} JVMs, all on node 0.
     */
    public static JobLayout blocks(final int np, final int ranksPerJvm)
    {
        if (np < 1)
        {
            throw new IllegalArgumentException("np must be at least 1, np=" + np);
        }
        return onNodes(new int[]{ np }, ranksPerJvm);
    }

    /**
     * Ranks node by node: node {@code n} hosts the {@code ranksOnNode[n]} ranks that follow those of nodes
     * {@code 0 .. n-1}, in blocks of {@code ranksPerJvm} per JVM (the node's last JVM gets the rest). JVM ids count
     * node by node, so JVM 0 hosts rank 0 and ids are unique across nodes; a node without ranks gets no JVM.
     */
    public static JobLayout onNodes(final int[] ranksOnNode, final int ranksPerJvm)
    {
        if (ranksPerJvm < 1)
        {
            throw new IllegalArgumentException("ranks per JVM must be at least 1, ranksPerJvm=" + ranksPerJvm);
        }
        final int np = Arrays.stream(ranksOnNode).sum();
        if (np < 1)
        {
            throw new IllegalArgumentException("np must be at least 1, ranks on nodes: " + Arrays.toString(ranksOnNode));
        }
        final int[] jvmOfRank = new int[np];
        final List<Integer> nodeOfJvm = new ArrayList<>();
        int rank = 0;
        for (int node = 0; node < ranksOnNode.length; node++)
        {
            if (ranksOnNode[node] < 0)
            {
                throw new IllegalArgumentException("node " + node + " has " + ranksOnNode[node] + " ranks");
            }
            for (int onNode = 0; onNode < ranksOnNode[node]; onNode++)
            {
                if (onNode % ranksPerJvm == 0)
                {
                    nodeOfJvm.add(node);
                }
                jvmOfRank[rank++] = nodeOfJvm.size() - 1;
            }
        }
        return new JobLayout(jvmOfRank, nodeOfJvm.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * {@code np} ranks on {@code nodes} pretend nodes of one machine: contiguous blocks whose sizes differ by one at
     * most (the first nodes take the larger ones), each in JVMs of {@code ranksPerJvm} ranks ({@link #onNodes}).
     */
    public static JobLayout virtualNodes(final int np, final int nodes, final int ranksPerJvm)
    {
        if (nodes < 1 || nodes > np)
        {
            throw new IllegalArgumentException("virtual nodes must be 1 .. np (" + np + "), got " + nodes);
        }
        final int[] ranksOnNode = new int[nodes];
        Arrays.setAll(ranksOnNode, node -> np / nodes + (node < np % nodes ? 1 : 0));
        return onNodes(ranksOnNode, ranksPerJvm);
    }

    /**
     * {@code np} ranks on hosts with these {@code slots}, by slot as Open MPI maps them: the hosts' slots are
     * filled in host order; ranks beyond the total slots are dealt round the hosts one at a time (oversubscription).
     * A host's ranks are consecutive, in JVMs of {@code ranksPerJvm} ranks ({@link #onNodes}; node = host index).
     */
    public static JobLayout onHosts(final int np, final int[] slots, final int ranksPerJvm)
    {
        if (np < 1)
        {
            throw new IllegalArgumentException("np must be at least 1, np=" + np);
        }
        if (slots.length == 0)
        {
            throw new IllegalArgumentException("no hosts to place " + np + " ranks on");
        }
        final int[] ranksOnHost = new int[slots.length];
        int left = np;
        for (int host = 0; host < slots.length && left > 0; host++)
        {
            if (slots[host] < 1)
            {
                throw new IllegalArgumentException("host " + host + " has " + slots[host] + " slots");
            }
            ranksOnHost[host] = Math.min(slots[host], left);
            left -= ranksOnHost[host];
        }
        for (int host = 0; left > 0; host = (host + 1) % slots.length)
        {
            ranksOnHost[host]++;
            left--;
        }
        return onNodes(ranksOnHost, ranksPerJvm);
    }

    /** Parse what {@link #encode()} wrote. */
    public static JobLayout decode(final String encoded)
    {
        final int split = encoded.indexOf(';');
        if (split < 0)
        {
            throw new IllegalArgumentException("not a job layout (no ';'): " + encoded);
        }
        try
        {
            return new JobLayout(parseInts(encoded.substring(0, split)), parseInts(encoded.substring(split + 1)));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a job layout: " + encoded, ex);
        }
    }

    public String encode()
    {
        return joinInts(jvmOfRank) + ";" + joinInts(nodeOfJvm);
    }

    /** Number of ranks. */
    public int np()
    {
        return jvmOfRank.length;
    }

    public int jvmCount()
    {
        return nodeOfJvm.length;
    }

    public int jvmOf(final int rank)
    {
        return jvmOfRank[rank];
    }

    public int nodeOfJvm(final int jvm)
    {
        return nodeOfJvm[jvm];
    }

    /** How many ranks the JVMs of {@code node} host. */
    public int ranksOnNode(final int node)
    {
        int ranks = 0;
        for (int jvm = 0; jvm < nodeOfJvm.length; jvm++)
        {
            ranks += nodeOfJvm[jvm] == node ? ranksOfJvm[jvm].length : 0;
        }
        return ranks;
    }

    /** The ranks JVM {@code jvm} hosts, in increasing order. */
    public int[] ranksOf(final int jvm)
    {
        return ranksOfJvm[jvm].clone();
    }

    /** The engine's view: node and JVM of every rank. */
    public Placement placement()
    {
        final int[] nodeOfRank = new int[jvmOfRank.length];
        Arrays.setAll(nodeOfRank, rank -> nodeOfJvm[jvmOfRank[rank]]);
        return new Placement(nodeOfRank, jvmOfRank);
    }

    /** The ranks of {@code jvm} for people: {@code 2-3}, {@code 5}, {@code 0,2,4-6}. */
    public String describeRanks(final int jvm)
    {
        final int[] ranks = ranksOfJvm[jvm];
        final List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= ranks.length; i++)
        {
            if (i == ranks.length || ranks[i] != ranks[i - 1] + 1)
            {
                parts.add(i - 1 == start ? Integer.toString(ranks[start]) : ranks[start] + "-" + ranks[i - 1]);
                start = i;
            }
        }
        return String.join(",", parts);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof JobLayout layout &&
            Arrays.equals(jvmOfRank, layout.jvmOfRank) && Arrays.equals(nodeOfJvm, layout.nodeOfJvm);
    }

    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(jvmOfRank) + Arrays.hashCode(nodeOfJvm);
    }

    @Override
    public String toString()
    {
        return "JobLayout{" + encode() + "}";
    }

    private static int[] parseInts(final String csv)
    {
        if (csv.isEmpty())
        {
            return new int[0];
        }
        final String[] parts = csv.split(",", -1);
        final int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            values[i] = Integer.parseInt(parts[i]);
        }
        return values;
    }

    private static String joinInts(final int[] values)
    {
        final StringBuilder joined = new StringBuilder(values.length * 3);
        for (int i = 0; i < values.length; i++)
        {
            if (i > 0)
            {
                joined.append(',');
            }
            joined.append(values[i]);
        }
        return joined.toString();
    }
}
