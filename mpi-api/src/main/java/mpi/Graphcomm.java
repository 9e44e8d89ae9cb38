package mpi;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.GraphTopology;
import io.colompi.core.comm.Neighbourhood;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

/** An intracommunicator with a graph topology (a distributed graph, in {@link GraphComm}, has none of its own). */
public class Graphcomm extends Intracomm
{
    final GraphTopology topology;

    Graphcomm(final Communicator core, final GraphTopology topology)
    {
        super(core);
        this.topology = topology;
    }

    public GraphParms Get()
    {
        final GraphTopology graph = graph("Graphcomm.Get");
        final GraphParms parms = new GraphParms();
        parms.index = graph.index();
        parms.edges = graph.edges();
        return parms;
    }

    public int[] Neighbours(final int rank)
    {
        final GraphTopology graph = graph("Graphcomm.Neighbours");
        return make(() -> graph.neighbours(rank), "Graphcomm.Neighbours");
    }

    /** This rank's rank in a graph of the given shape, or {@code MPI.UNDEFINED} if it falls outside. */
    public int Map(final int[] index, final int[] edges)
    {
        return make(() -> new GraphTopology(index, edges).map(live("Graphcomm.Map").rank()), "Graphcomm.Map");
    }

    @Override
    Neighbourhood neighboursOf(final int rank)
    {
        return Neighbourhood.of(topology, rank);
    }

    /** The graph as {@code index} and {@code edges}; a distributed graph has none ({@code ERR_TOPOLOGY}). */
    GraphTopology graph(final String call)
    {
        live(call);
        if (topology == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.TOPOLOGY, "a distributed graph has no index and edges: " +
                "getDistGraphNeighbors() names a rank's neighbours"), call);
        }
        return topology;
    }

    @Override
    public int Topo_test()
    {
        live("Graphcomm.Topo_test");
        return MPI.GRAPH;
    }

    /** Duplicate with the same topology. */
    @Override
    public Graphcomm clone()
    {
        return making("Graphcomm.clone", () -> new Graphcomm(Communicators.dup(live("Graphcomm.clone")), topology));
    }
}
