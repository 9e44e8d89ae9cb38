package io.colompi.testprograms;

/** Rank 0 fails; rank 1 sleeps outside MPI, so only an interrupt can end it in time. */
public final class SleepingRank
{
    private SleepingRank()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (MyRank.engine().worldRank() == 0)
        {
            Thread.sleep(50);
            throw new UnsupportedOperationException("rank 0 gives up");
        }
        Thread.sleep(60_000);
    }
}
