package io.colompi.core.pt2pt;

/** Special values of source, destination and tag arguments, shared by the engine and the {@code mpi} facade. */
public final class Peers
{
    public static final int ANY_SOURCE = -2;
    public static final int ANY_TAG = -2;
    public static final int PROC_NULL = -3;
    /** The root of a collective on an intercommunicator, as the root itself passes it. */
    public static final int ROOT = -4;
    public static final int UNDEFINED = -32766;
    /** Largest tag a program may use. */
    public static final int TAG_UB = Integer.MAX_VALUE;

    private Peers()
    {
    }
}
