package io.colompi.core.comm;

import io.colompi.core.pt2pt.Peers;

/**
 * One rank's neighbours in its communicator's topology, as the neighbourhood collectives see them: the ranks it
 * receives from (block {@code i} of a receive buffer comes from {@code sources[i]}) and sends to (block {@code i}
 * goes to {@code destinations[i]}); {@link Peers#PROC_NULL} entries move nothing and leave their block as it was.
 *
 * <p>A Cartesian grid lists, per dimension, the neighbour one step back, then the one a step forward, for both
 * sides (MPI 3.1, 7.6). Where both are the same rank (a periodic dimension of 2 or 1), the block a rank sends back
 * must land in that neighbour's block from forward: messages between two ranks match in the order they are posted,
 * so {@link #receiveOrder} posts each dimension's forward receive before its backward one. In a graph, sources and
 * destinations are both the rank's edges, in edge order; in a distributed graph, its edges in and out.
 */
public final class Neighbourhood
{
    private final int[] sources;
    private final int[] destinations;
    private final int[] receiveOrder;

    private Neighbourhood(final int[] sources, final int[] destinations, final int[] receiveOrder)
    {
        this.sources = sources;
        this.destinations = destinations;
        this.receiveOrder = receiveOrder;
    }

    /** The neighbours of {@code rank} in a Cartesian {@code grid}. */
    public static Neighbourhood of(final CartTopology grid, final int rank)
    {
        final int n = 2 * grid.ndims();
        final int[] neighbours = new int[n];
        final int[] order = new int[n];
        for (int d = 0; d < grid.ndims(); d++)
        {
            final CartTopology.Shift shift = grid.shift(rank, d, 1);
            neighbours[2 * d] = shift.source();
            neighbours[2 * d + 1] = shift.dest();
            order[2 * d] = 2 * d + 1;
            order[2 * d + 1] = 2 * d;
        }
        return new Neighbourhood(neighbours, neighbours.clone(), order);
    }

    /** The neighbours of {@code rank} in {@code graph}: its edges, both ways. */
    public static Neighbourhood of(final GraphTopology graph, final int rank)
    {
        final int[] neighbours = graph.neighbours(rank);
        return new Neighbourhood(neighbours, neighbours.clone(), identity(neighbours.length));
    }

    /** Receive blocks from {@code sources}, send blocks to {@code destinations}, in their order (a distributed graph). */
    static Neighbourhood of(final int[] sources, final int[] destinations)
    {
        return new Neighbourhood(sources.clone(), destinations.clone(), identity(sources.length));
    }

    /** How many ranks this one receives from (PROC_NULL entries included). */
    public int indegree()
    {
        return sources.length;
    }

    /** How many ranks this one sends to (PROC_NULL entries included). */
    public int outdegree()
    {
        return destinations.length;
    }

    /** The rank receive block {@code i} comes from. */
    public int source(final int i)
    {
        return sources[i];
    }

    /** The rank send block {@code i} goes to. */
    public int destination(final int i)
    {
        return destinations[i];
    }

    /** The receive block to post {@code k}-th. */
    public int receiveOrder(final int k)
    {
        return receiveOrder[k];
    }

    private static int[] identity(final int n)
    {
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        return order;
    }
}
