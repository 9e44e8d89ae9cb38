package mpi;

/** Result of {@link Cartcomm#Shift}: the ranks to receive from and to send to ({@code MPI.PROC_NULL} at an edge). */
public class ShiftParms
{
    public int rank_source;
    public int rank_dest;

    // Open MPI Java bindings API

    public int getRankSource()
    {
        return rank_source;
    }

    public int getRankDest()
    {
        return rank_dest;
    }
}
