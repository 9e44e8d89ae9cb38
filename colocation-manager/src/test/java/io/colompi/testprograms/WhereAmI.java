package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;

/** Each rank prints {@code rank R at ADDRESS}: the address other nodes reach its JVM at. */
public final class WhereAmI
{
    private WhereAmI()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        System.out.println("rank " + engine.worldRank() + " at " + engine.job().wiring().networkAddress());
    }
}
