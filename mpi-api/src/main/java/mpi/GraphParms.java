package mpi;

/** The topology of a {@link Graphcomm}: MPI's index and edges arrays. */
public class GraphParms
{
    public int[] index;
    public int[] edges;
}
