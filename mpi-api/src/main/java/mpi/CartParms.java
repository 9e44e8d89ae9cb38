package mpi;

/** The topology of a {@link Cartcomm}: extent and periodicity of each dimension, and this rank's coordinates. */
public class CartParms
{
    public int[] dims;
    public boolean[] periods;
    public int[] coords;
}
