package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RankBinding;

/** What a test program uses instead of {@code mpi}: its engine, found through its rank's class loader. */
public final class MyRank
{
    private MyRank()
    {
    }

    public static Engine engine()
    {
        return ((RankBinding)MyRank.class.getClassLoader()).engine();
    }

    /** Block in the engine until the job ends (throws JobAbortedException then). */
    public static void blockInMpi()
    {
        engine().await(() -> false);
    }
}
