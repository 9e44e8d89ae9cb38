package io.colompi.testprograms;

/** Every rank blocks in MPI for ever: only a timeout ends the job. */
public final class Hanging
{
    private Hanging()
    {
    }

    public static void main(final String[] args)
    {
        MyRank.blockInMpi();
    }
}
