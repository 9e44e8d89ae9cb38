package mpi;

/** A rank's edges in a distributed graph ({@code GraphComm.getDistGraphNeighbors()}), in the order of its blocks. */
public final class DistGraphNeighbors
{
    private final int[] sources;
    private final int[] sourceWeights;
    private final int[] destinations;
    private final int[] destinationWeights;
    private final boolean weighted;

    DistGraphNeighbors(final int[] sources, final int[] sourceWeights, final int[] destinations,
        final int[] destinationWeights, final boolean weighted)
    {
        this.sources = sources;
        this.sourceWeights = sourceWeights;
        this.destinations = destinations;
        this.destinationWeights = destinationWeights;
        this.weighted = weighted;
    }

    /** How many edges come into this rank. */
    public int getInDegree()
    {
        return sources.length;
    }

    /** How many edges leave this rank. */
    public int getOutDegree()
    {
        return destinations.length;
    }

    /** Whether the graph was made with weights (else every weight reads 1). */
    public boolean isWeighted()
    {
        return weighted;
    }

    /** The rank the {@code i}-th edge in comes from. */
    public int getSource(final int i)
    {
        return sources[i];
    }

    public int getSourceWeight(final int i)
    {
        return sourceWeights[i];
    }

    /** The rank the {@code i}-th edge out goes to. */
    public int getDestination(final int i)
    {
        return destinations[i];
    }

    public int getDestinationWeight(final int i)
    {
        return destinationWeights[i];
    }
}
