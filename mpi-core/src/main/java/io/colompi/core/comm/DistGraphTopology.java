package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.Arrays;

/**
 * A distributed graph ({@code MPI_Dist_graph_create(_adjacent)}) as one rank knows it: the ranks it receives from and
 * sends to, in the order of the neighbourhood collectives' blocks, and the edges' weights (none: unweighted). Every
 * rank holds only its own edges. Immutable; arrays passed in and returned are copies.
 */
public final class DistGraphTopology
{
    private final int[] sources;
    private final int[] sourceWeights;
    private final int[] destinations;
    private final int[] destinationWeights;

    /**
     * This rank's edges, from {@code sources} and to {@code destinations}, with their weights ({@code null} for both:
     * unweighted). Raises {@code ARG} for weights of the wrong length or negative.
     */
    public DistGraphTopology(final int[] sources, final int[] sourceWeights, final int[] destinations,
        final int[] destinationWeights)
    {
        if ((sourceWeights == null) != (destinationWeights == null))
        {
            throw new MpiError(ErrorClass.ARG, "weights for one side of the edges only: give both or neither");
        }
        this.sources = sources.clone();
        this.destinations = destinations.clone();
        this.sourceWeights = weights("source", sourceWeights, sources.length);
        this.destinationWeights = weights("destination", destinationWeights, destinations.length);
    }

    /** Whether the edges have weights. */
    public boolean weighted()
    {
        return sourceWeights != null;
    }

    public int[] sources()
    {
        return sources.clone();
    }

    public int[] destinations()
    {
        return destinations.clone();
    }

    /** The weight of the edge from {@code sources()[i]}; 1 for an unweighted graph. */
    public int sourceWeight(final int i)
    {
        return sourceWeights == null ? 1 : sourceWeights[i];
    }

    /** The weight of the edge to {@code destinations()[i]}; 1 for an unweighted graph. */
    public int destinationWeight(final int i)
    {
        return destinationWeights == null ? 1 : destinationWeights[i];
    }

    /** The neighbours the neighbourhood collectives exchange with: the sources and destinations, in order. */
    public Neighbourhood neighbourhood()
    {
        return Neighbourhood.of(sources, destinations);
    }

    /**
     * The first rank outside {@code [0, size)} among the edges, described for an error ({@code who} names the rank
     * that gave them), or null if all are ranks of the communicator.
     */
    String outsideOf(final int size, final String who)
    {
        for (int i = 0; i < sources.length; i++)
        {
            if (sources[i] < 0 || sources[i] >= size)
            {
                return who + " names source " + sources[i] + ", not a rank of the " + size;
            }
        }
        for (int i = 0; i < destinations.length; i++)
        {
            if (destinations[i] < 0 || destinations[i] >= size)
            {
                return who + " names destination " + destinations[i] + ", not a rank of the " + size;
            }
        }
        return null;
    }

    private static int[] weights(final String side, final int[] weights, final int edges)
    {
        if (weights == null)
        {
            return null;
        }
        if (weights.length < edges)
        {
            throw new MpiError(ErrorClass.ARG, side + " weights must have an entry per edge (" + edges + "), got " +
                weights.length);
        }
        for (int i = 0; i < edges; i++)
        {
            if (weights[i] < 0)
            {
                throw new MpiError(ErrorClass.ARG, side + " weight " + i + " is negative: " + weights[i]);
            }
        }
        return Arrays.copyOf(weights, edges);
    }
}
