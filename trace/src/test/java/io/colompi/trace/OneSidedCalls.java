package io.colompi.trace;

import mpi.Info;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Win;

import java.nio.DoubleBuffer;

/** One-sided calls of Open MPI's Java API: in a fence epoch rank 0 puts 4 doubles into rank 1's window, then a lock. */
public final class OneSidedCalls
{
    private OneSidedCalls()
    {
    }

    public static void main(final String[] args) throws MPIException
    {
        MPI.Init(args);
        final Intracomm world = MPI.COMM_WORLD;
        final Win win = new Win(MPI.newDoubleBuffer(4), 4, 1, new Info(), world);
        win.fence(0);
        if (world.getRank() == 0)
        {
            win.put(MPI.newDoubleBuffer(4), 4, MPI.DOUBLE, 1, 0, 4, MPI.DOUBLE);
        }
        win.fence(0);
        win.lock(MPI.LOCK_SHARED, 1, 0);
        win.unlock(1);
        win.free();
        MPI.Finalize();
    }
}
