package mpi;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.GraphTopology;

/** An intracommunicator with a graph topology. */
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
        final GraphParms parms = new GraphParms();
        parms.index = topology.index();
        parms.edges = topology.edges();
        return parms;
    }

    public int[] Neighbours(final int rank)
    {
        return make(() -> topology.neighbours(rank), "Graphcomm.Neighbours");
    }

    /** This rank's rank in a graph of the given shape, or {@code MPI.UNDEFINED} if it falls outside. */
    public int Map(final int[] index, final int[] edges)
    {
        return make(() -> new GraphTopology(index, edges).map(live("Graphcomm.Map").rank()), "Graphcomm.Map");
    }

    @Override
    public int Topo_test()
    {
        return MPI.GRAPH;
    }

    /** Duplicate with the same topology. */
    @Override
    public Object clone()
    {
        return make(() -> new Graphcomm(Communicators.dup(live("Graphcomm.clone")), topology), "Graphcomm.clone");
    }
}
