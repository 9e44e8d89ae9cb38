package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;

import java.util.Arrays;

/**
 * Each rank prints {@code rank R at ADDRESS in DIR args=[...]}: the address other nodes reach its JVM at, its
 * working directory and its arguments.
 */
public final class WhereAmI
{
    private WhereAmI()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        System.out.println("rank " + engine.worldRank() + " at " + engine.job().wiring().networkAddress() + " in " +
            System.getProperty("user.dir") + " args=" + Arrays.toString(args));
    }
}
