package mpi;

/** The topology of a {@link Cartcomm}: extent and periodicity of each dimension, and this rank's coordinates. */
public class CartParms
{
    public int[] dims;
    public boolean[] periods;
    public int[] coords;

    // Open MPI Java bindings API

    public int getDimCount()
    {
        return dims.length;
    }

    public int getDim(final int i)
    {
        return dims[i];
    }

    public boolean getPeriod(final int i)
    {
        return periods[i];
    }

    public int getCoord(final int i)
    {
        return coords[i];
    }
}
