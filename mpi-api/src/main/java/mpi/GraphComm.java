package mpi;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.DistGraphTopology;
import io.colompi.core.comm.GraphTopology;
import io.colompi.core.comm.Neighbourhood;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

/**
 * Open MPI's name for a communicator with a graph topology ({@link Graphcomm} in MPJ Express), or with a distributed
 * graph ({@code Intracomm.createDistGraph(Adjacent)}), whose ranks each know only their own edges.
 */
public class GraphComm extends Graphcomm
{
    /** This rank's edges in a distributed graph; null in a graph. */
    final DistGraphTopology distGraph;

    GraphComm(final Communicator core, final GraphTopology topology)
    {
        this(core, topology, null);
    }

    GraphComm(final Communicator core, final GraphTopology topology, final DistGraphTopology distGraph)
    {
        super(core, topology);
        this.distGraph = distGraph;
    }

    @Override
    public GraphComm dup()
    {
        return making("GraphComm.dup", () -> new GraphComm(Communicators.dup(live("GraphComm.dup")), topology,
            distGraph));
    }

    @Override
    public GraphComm dupWithInfo(final Info info)
    {
        return dup();
    }

    @Override
    public GraphComm iDup()
    {
        return duplicating(new GraphComm(null, topology, distGraph), "GraphComm.iDup");
    }

    /** Duplicate with the same topology. */
    @Override
    public GraphComm clone()
    {
        return dup();
    }

    /** The index and edges arrays the graph was made with. */
    public GraphParms getDims()
    {
        return Get();
    }

    public int[] getNeighbors(final int rank)
    {
        return Neighbours(rank);
    }

    public int map(final int[] index, final int[] edges)
    {
        return Map(index, edges);
    }

    /** This rank's edges in and out of a distributed graph, with their weights; a graph raises ERR_TOPOLOGY. */
    public DistGraphNeighbors getDistGraphNeighbors()
    {
        live("GraphComm.getDistGraphNeighbors");
        final DistGraphTopology edges = distGraph;
        if (edges == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.TOPOLOGY, "not a distributed graph: getNeighbors(rank) names a " +
                "graph's neighbours"), "GraphComm.getDistGraphNeighbors");
        }
        final int[] sources = edges.sources();
        final int[] destinations = edges.destinations();
        final int[] sourceWeights = new int[sources.length];
        final int[] destinationWeights = new int[destinations.length];
        for (int i = 0; i < sources.length; i++)
        {
            sourceWeights[i] = edges.sourceWeight(i);
        }
        for (int i = 0; i < destinations.length; i++)
        {
            destinationWeights[i] = edges.destinationWeight(i);
        }
        return new DistGraphNeighbors(sources, sourceWeights, destinations, destinationWeights, edges.weighted());
    }

    @Override
    public int Topo_test()
    {
        live("Graphcomm.Topo_test");
        return distGraph != null ? MPI.DIST_GRAPH : MPI.GRAPH;
    }

    @Override
    Neighbourhood neighboursOf(final int rank)
    {
        return distGraph != null ? distGraph.neighbourhood() : super.neighboursOf(rank);
    }
}
