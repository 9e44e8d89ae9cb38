package mpi;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.GraphTopology;

/** Open MPI's name for a communicator with a graph topology ({@link Graphcomm} in MPJ Express). */
public class GraphComm extends Graphcomm
{
    GraphComm(final Communicator core, final GraphTopology topology)
    {
        super(core, topology);
    }

    @Override
    public GraphComm dup()
    {
        return make(() -> new GraphComm(Communicators.dup(live("GraphComm.dup")), topology), "GraphComm.dup");
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
}
