package mpi;

/** The topology of a {@link Graphcomm}: MPI's index and edges arrays. */
public class GraphParms
{
    public int[] index;
    public int[] edges;

    // Open MPI Java bindings API

    public int getIndexCount()
    {
        return index.length;
    }

    public int getIndex(final int i)
    {
        return index[i];
    }

    public int getEdgeCount()
    {
        return edges.length;
    }

    public int getEdge(final int i)
    {
        return edges[i];
    }
}
