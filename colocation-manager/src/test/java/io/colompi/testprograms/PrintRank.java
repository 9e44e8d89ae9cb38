package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;

import java.util.Arrays;

/** Prints {@code rank R of N args=[...] counter=1}. */
public final class PrintRank
{
    private PrintRank()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        System.out.println("rank " + engine.worldRank() + " of " + engine.worldSize() + " args=" + Arrays.toString(args) +
            " counter=" + Counter.increment());
    }
}
