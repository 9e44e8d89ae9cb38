package io.colompi.examples.ompi;

import mpi.MPI;
import mpi.MPIException;

/** Hello world in Open MPI's Java API (as MVAPICH2-J has it too): each rank says who it is. */
public class Hello
{
    public static void main(final String[] args) throws MPIException
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.getRank();
        final int size = MPI.COMM_WORLD.getSize();
        System.out.println("Hello from rank " + rank + " of " + size + " on " + MPI.getProcessorName());
        MPI.Finalize();
    }
}
