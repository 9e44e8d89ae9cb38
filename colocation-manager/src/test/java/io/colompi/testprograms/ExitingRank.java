package io.colompi.testprograms;

/** Rank 0 prints a partial line and calls {@code System.exit(3)}; the others block in MPI. */
public final class ExitingRank
{
    private ExitingRank()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (MyRank.engine().worldRank() == 0)
        {
            Thread.sleep(100);
            System.out.print("last words without newline");
            System.exit(3);
        }
        MyRank.blockInMpi();
    }
}
