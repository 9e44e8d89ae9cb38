package mpi;

import io.colompi.core.comm.CartTopology;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;

/**
 * Open MPI's name for a communicator with a Cartesian topology ({@link Cartcomm} in MPJ Express): both APIs work
 * on it.
 */
public class CartComm extends Cartcomm
{
    CartComm(final Communicator core, final CartTopology topology)
    {
        super(core, topology);
    }

    @Override
    public CartComm dup()
    {
        return making("CartComm.dup", () -> new CartComm(Communicators.dup(live("CartComm.dup")), topology));
    }

    @Override
    public CartComm dupWithInfo(final Info info)
    {
        return dup();
    }

    /** Duplicate with the same topology. */
    @Override
    public CartComm clone()
    {
        return dup();
    }

    @Override
    public CartComm iDup()
    {
        return duplicating(new CartComm(null, topology), "CartComm.iDup");
    }

    /** Dimensions, periodicity and this process's coordinates. */
    public CartParms getTopo()
    {
        return Get();
    }

    /** The rank at {@code coords}. */
    public int getRank(final int[] coords)
    {
        return Rank(coords);
    }

    public int[] getCoords(final int rank)
    {
        return Coords(rank);
    }

    /** Neighbours {@code disp} steps along {@code direction}. */
    public ShiftParms shift(final int direction, final int disp)
    {
        return Shift(direction, disp);
    }

    /** Sub-grids keeping the dimensions where {@code remainDims} is true. */
    public CartComm sub(final boolean[] remainDims)
    {
        return making("CartComm.sub", () -> new CartComm(Communicators.cartSub(live("CartComm.sub"), topology,
            remainDims), topology.sub(remainDims)));
    }

    public int map(final int[] dims, final boolean[] periods)
    {
        return Map(dims, periods);
    }

    /** Fill the zero entries of {@code dims} with a balanced factorization of {@code nnodes}. */
    public static void createDims(final int nnodes, final int[] dims)
    {
        Dims_create(nnodes, dims);
    }
}
