package io.colompi.trace;

import mpi.CartComm;
import mpi.Intercomm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;

/**
 * Collectives of Open MPI's Java API: an {@code allReduce}, a neighbourhood alltoall and allgather on a ring, and an
 * {@code allReduce} between the even and the odd ranks (an intercommunicator).
 */
public final class OpenMpiCalls
{
    private OpenMpiCalls()
    {
    }

    public static void main(final String[] args) throws MPIException
    {
        MPI.Init(args);
        final Intracomm world = MPI.COMM_WORLD;
        world.allReduce(new double[]{ 1 }, new double[1], 1, MPI.DOUBLE, MPI.SUM);
        final CartComm ring = world.createCart(new int[]{ world.getSize() }, new boolean[]{ true }, false);
        ring.neighborAllToAll(new int[2], 1, MPI.INT, new int[2], 1, MPI.INT);
        ring.iNeighborAllGather(new int[1], 1, MPI.INT, new int[2], 1, MPI.INT).waitFor();
        final int half = world.getRank() % 2;
        final Intercomm evenOdd = world.createIntercomm(world.split(half, world.getRank()), 0, 1 - half, 7);
        evenOdd.allReduce(new int[]{ 1 }, new int[1], 1, MPI.INT, MPI.SUM);
        MPI.Finalize();
    }
}
