package io.colompi.testprograms;

import io.colompi.colo.Observations;
import io.colompi.colo.RankIdentity;

import java.util.Arrays;

/** Records, per rank, what a rank sees of itself into {@link Observations} (a class every rank shares). */
public final class Introspect
{
    private Introspect()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int rank = MyRank.engine().worldRank();
        final Thread self = Thread.currentThread();
        Observations.put(rank, "thread", self.getName());
        Observations.put(rank, "contextLoaderIsMine", self.getContextClassLoader() == Introspect.class.getClassLoader());
        Observations.put(rank, "identity", RankIdentity.currentRank());
        Observations.put(rank, "args", Arrays.toString(args));
        args[0] = "changed by rank " + rank;
        final Thread helper = new Thread(() -> Observations.put(rank, "helperIdentity", RankIdentity.currentRank()));
        helper.start();
        helper.join();
    }
}
