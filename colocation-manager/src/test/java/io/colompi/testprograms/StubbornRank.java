package io.colompi.testprograms;

/** Rank 0 fails; rank 1 ignores interrupts for 5 s (then ends, so the test JVM is not left with it). */
public final class StubbornRank
{
    private StubbornRank()
    {
    }

    public static void main(final String[] args)
    {
        if (MyRank.engine().worldRank() == 0)
        {
            throw new IllegalStateException("rank 0 fails");
        }
        final long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end)
        {
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ignored)
            {
                // deliberately deaf to the abort
            }
        }
    }
}
