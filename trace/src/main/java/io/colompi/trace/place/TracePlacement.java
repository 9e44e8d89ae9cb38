package io.colompi.trace.place;

import io.colompi.colo.JobLayout;

import java.util.Arrays;

/**
 * A placement from a trace's traffic: ranks into JVMs of at most K ranks so that the fewest bytes cross JVMs
 * ({@link Bisection}), then those JVMs onto M nodes so that the fewest bytes cross nodes (the same partitioning of
 * the graph of JVMs). Never worse than blocks: where blocks cut fewer bytes, blocks are kept.
 *
 * @param layout      the rank-to-JVM and JVM-to-node map.
 * @param jvmCut      bytes that cross JVMs with it.
 * @param nodeCut     bytes that cross nodes with it.
 * @param blockJvmCut bytes that cross JVMs in blocks of K ({@code --ranks-per-jvm K [--virtual-nodes M]}).
 * @param blockNodeCut bytes that cross nodes in blocks.
 */
public record TracePlacement(JobLayout layout, long jvmCut, long nodeCut, long blockJvmCut, long blockNodeCut)
{
    /** Place the ranks of the symmetric traffic {@code bytes} ({@code bytes[a][b]} both ways) into JVMs of {@code ranksPerJvm} on {@code nodes}. */
    public static TracePlacement compute(final long[][] bytes, final int ranksPerJvm, final int nodes)
    {
        final int np = bytes.length;
        final JobLayout blocks = JobLayout.virtualNodes(np, nodes, ranksPerJvm);
        final int jvms = (np + ranksPerJvm - 1) / ranksPerJvm;
        if (nodes > jvms)
        {
            throw new IllegalArgumentException(nodes + " nodes but only " + jvms + " JVMs of " + ranksPerJvm + " ranks");
        }
        final int[] jvmSizes = new int[jvms];
        Arrays.setAll(jvmSizes, j -> Math.min(ranksPerJvm, np - j * ranksPerJvm));
        final int[] jvmOfRank = Bisection.partition(bytes, jvmSizes);
        final long[][] jvmBytes = new long[jvms][jvms];
        for (int a = 0; a < np; a++)
        {
            for (int b = 0; b < np; b++)
            {
                if (jvmOfRank[a] != jvmOfRank[b])
                {
                    jvmBytes[jvmOfRank[a]][jvmOfRank[b]] += bytes[a][b];
                }
            }
        }
        final int[] nodeSizes = new int[nodes];
        Arrays.setAll(nodeSizes, n -> jvms / nodes + (n < jvms % nodes ? 1 : 0));
        final int[] nodeOfJvm = Bisection.partition(jvmBytes, nodeSizes);
        final JobLayout traced = numbered(jvmOfRank, nodeOfJvm);
        final long tracedJvmCut = jvmCut(bytes, traced);
        final long blockJvmCut = jvmCut(bytes, blocks);
        final JobLayout chosen = tracedJvmCut <= blockJvmCut ? traced : blocks;
        return new TracePlacement(chosen, jvmCut(bytes, chosen), nodeCut(bytes, chosen), blockJvmCut,
            nodeCut(bytes, blocks));
    }

    /** JVM ids node by node and, within a node, by their lowest rank (the file then reads in order). */
    private static JobLayout numbered(final int[] jvmOfRank, final int[] nodeOfJvm)
    {
        final int jvms = nodeOfJvm.length;
        final int[] lowest = new int[jvms];
        Arrays.fill(lowest, Integer.MAX_VALUE);
        for (int rank = jvmOfRank.length - 1; rank >= 0; rank--)
        {
            lowest[jvmOfRank[rank]] = rank;
        }
        final Integer[] order = new Integer[jvms];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, (x, y) -> nodeOfJvm[x] != nodeOfJvm[y] ? Integer.compare(nodeOfJvm[x], nodeOfJvm[y]) :
            Integer.compare(lowest[x], lowest[y]));
        final int[] newId = new int[jvms];
        final int[] nodes = new int[jvms];
        for (int i = 0; i < jvms; i++)
        {
            newId[order[i]] = i;
            nodes[i] = nodeOfJvm[order[i]];
        }
        final int[] renamed = new int[jvmOfRank.length];
        Arrays.setAll(renamed, r -> newId[jvmOfRank[r]]);
        return new JobLayout(renamed, nodes);
    }

    static long jvmCut(final long[][] bytes, final JobLayout layout)
    {
        final int[] jvmOf = new int[bytes.length];
        Arrays.setAll(jvmOf, layout::jvmOf);
        return Bisection.cut(bytes, jvmOf);
    }

    static long nodeCut(final long[][] bytes, final JobLayout layout)
    {
        final int[] nodeOf = new int[bytes.length];
        Arrays.setAll(nodeOf, r -> layout.nodeOfJvm(layout.jvmOf(r)));
        return Bisection.cut(bytes, nodeOf);
    }
}
