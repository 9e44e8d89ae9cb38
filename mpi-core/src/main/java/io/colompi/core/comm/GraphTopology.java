package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;

import java.util.Arrays;

/**
 * A general process graph in MPI's encoding: node {@code i}'s neighbours are
 * {@code edges[index[i-1] .. index[i])} (from 0 for node 0), so {@code index} holds cumulative degrees.
 * Self-loops and repeated edges are allowed, as in MPI. Immutable; arrays passed in and returned are copies.
 */
public final class GraphTopology
{
    private final int[] index;
    private final int[] edges;

    /**
     * Raises {@code ARG} unless {@code index} is non-decreasing from a non-negative start and every edge names a
     * node; {@code edges} may be longer than {@code index[nnodes-1]} (the surplus is ignored, as mpiJava's native
     * binding did).
     */
    public GraphTopology(final int[] index, final int[] edges)
    {
        MpiError.nonNull(index, ErrorClass.ARG, "index");
        MpiError.nonNull(edges, ErrorClass.ARG, "edges");
        int previous = 0;
        for (int i = 0; i < index.length; i++)
        {
            if (index[i] < previous)
            {
                throw new MpiError(ErrorClass.ARG, "index must be non-decreasing cumulative degrees, but index[" + i +
                    "] = " + index[i] + (i == 0 ? "" : " after " + previous));
            }
            previous = index[i];
        }
        if (previous > edges.length)
        {
            throw new MpiError(ErrorClass.ARG, "index says " + previous + " edges but edges has only " + edges.length);
        }
        for (int e = 0; e < previous; e++)
        {
            if (edges[e] < 0 || edges[e] >= index.length)
            {
                throw new MpiError(ErrorClass.ARG, "edges[" + e + "] = " + edges[e] + " is not a node of a graph of " +
                    index.length + " nodes");
            }
        }
        this.index = index.clone();
        this.edges = Arrays.copyOf(edges, previous);
    }

    /** Number of nodes (processes) in the graph. */
    public int nnodes()
    {
        return index.length;
    }

    /** The cumulative degrees. */
    public int[] index()
    {
        return index.clone();
    }

    /** All edges, {@code index[nnodes-1]} of them. */
    public int[] edges()
    {
        return edges.clone();
    }

    /** {@code MPI_GRAPH_NEIGHBORS_COUNT}. */
    public int neighbourCount(final int rank)
    {
        final int start = start(rank);
        return end(rank) - start;
    }

    /** {@code MPI_GRAPH_NEIGHBORS}: the neighbours of {@code rank} in edge order. */
    public int[] neighbours(final int rank)
    {
        return Arrays.copyOfRange(edges, start(rank), end(rank));
    }

    /** {@code MPI_GRAPH_MAP} without reordering: {@code rank} itself if it is a node, else UNDEFINED. */
    public int map(final int rank)
    {
        return rank >= 0 && rank < index.length ? rank : Peers.UNDEFINED;
    }

    private int start(final int rank)
    {
        checkNode(rank);
        return rank == 0 ? 0 : index[rank - 1];
    }

    private int end(final int rank)
    {
        return index[rank];
    }

    private void checkNode(final int rank)
    {
        if (rank < 0 || rank >= index.length)
        {
            throw new MpiError(ErrorClass.RANK, "invalid rank " + rank + ": the graph has " + index.length + " nodes");
        }
    }
}
