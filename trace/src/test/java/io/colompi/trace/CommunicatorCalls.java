package io.colompi.trace;

import mpi.Cartcomm;
import mpi.Intracomm;
import mpi.MPI;

/** Communicators made and nothing else: a duplicate, a split, a Cartesian grid and its rows. */
public final class CommunicatorCalls
{
    private CommunicatorCalls()
    {
    }

    public static void main(final String[] args)
    {
        MPI.Init(args);
        final Intracomm world = MPI.COMM_WORLD;
        final Intracomm dup = (Intracomm)world.clone();
        dup.Split(world.Rank() % 2, 0);
        final Cartcomm grid = world.Create_cart(new int[]{ 2, world.Size() / 2 }, new boolean[]{ false, false }, false);
        grid.Sub(new boolean[]{ false, true });
        MPI.Finalize();
    }
}
