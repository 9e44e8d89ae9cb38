package io.colompi.testprograms;

/** Rank 1 calls Abort(3) (as {@code MPI.COMM_WORLD.Abort(3)} would); the others block in MPI. */
public final class AbortingRank
{
    private AbortingRank()
    {
    }

    public static void main(final String[] args)
    {
        if (MyRank.engine().worldRank() == 1)
        {
            MyRank.engine().abort(3, null);
            return;
        }
        MyRank.blockInMpi();
    }
}
