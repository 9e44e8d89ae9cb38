package io.colompi.testprograms;

/** A static that must be private to each rank. */
public final class Counter
{
    private static int value;

    private Counter()
    {
    }

    public static int increment()
    {
        return ++value;
    }
}
