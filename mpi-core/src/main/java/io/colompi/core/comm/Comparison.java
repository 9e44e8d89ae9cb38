package io.colompi.core.comm;

/**
 * Results of comparing two groups or two communicators; the values are MPJ Express's {@code MPI.IDENT},
 * {@code MPI.CONGRUENT}, {@code MPI.SIMILAR} and {@code MPI.UNEQUAL}, so the facade passes them through.
 */
public final class Comparison
{
    /** Same members in the same order (groups); the very same communicator (communicators). */
    public static final int IDENT = 0;
    /** Same members in a different order. */
    public static final int SIMILAR = 1;
    /** Different members. */
    public static final int UNEQUAL = 2;
    /** Communicators only: same groups in the same order, different contexts. */
    public static final int CONGRUENT = 3;

    private Comparison()
    {
    }
}
