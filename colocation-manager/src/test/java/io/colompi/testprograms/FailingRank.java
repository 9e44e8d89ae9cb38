package io.colompi.testprograms;

/** Rank 2 throws {@code IllegalStateException("boom")}; the others block in MPI. */
public final class FailingRank
{
    private FailingRank()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (MyRank.engine().worldRank() == 2)
        {
            Thread.sleep(50);
            throw new IllegalStateException("boom");
        }
        MyRank.blockInMpi();
    }
}
