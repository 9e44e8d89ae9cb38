package mpi;

import io.colompi.core.comm.CartTopology;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.Neighbourhood;

/** An intracommunicator with a Cartesian grid topology (row-major rank order). */
public class Cartcomm extends Intracomm
{
    final CartTopology topology;

    Cartcomm(final Communicator core, final CartTopology topology)
    {
        super(core);
        this.topology = topology;
    }

    /** Dimensions, periodicity, and this rank's coordinates. */
    public CartParms Get()
    {
        final CartParms parms = new CartParms();
        parms.dims = topology.dims();
        parms.periods = topology.periods();
        parms.coords = topology.coords(live("Cartcomm.Get").rank());
        return parms;
    }

    /** The rank at {@code coords} (wrapped in periodic dimensions). */
    public int Rank(final int[] coords)
    {
        live("Cartcomm.Rank");
        return make(() -> topology.rank(coords), "Cartcomm.Rank");
    }

    public int[] Coords(final int rank)
    {
        live("Cartcomm.Coords");
        return make(() -> topology.coords(rank), "Cartcomm.Coords");
    }

    /** Neighbours {@code disp} steps along {@code direction}: where to receive from and send to. */
    public ShiftParms Shift(final int direction, final int disp)
    {
        return make(() ->
        {
            final CartTopology.Shift shift = topology.shift(live("Cartcomm.Shift").rank(), direction, disp);
            final ShiftParms parms = new ShiftParms();
            parms.rank_source = shift.source();
            parms.rank_dest = shift.dest();
            return parms;
        }, "Cartcomm.Shift");
    }

    /** Sub-grids keeping the dimensions where {@code remain_dims} is true. */
    public Cartcomm Sub(final boolean[] remain_dims)
    {
        return making("Cartcomm.Sub", () -> new Cartcomm(Communicators.cartSub(live("Cartcomm.Sub"), topology,
            remain_dims), topology.sub(remain_dims)));
    }

    /** This rank's rank in a grid of the given shape, or {@code MPI.UNDEFINED} if it falls outside. */
    public int Map(final int[] dims, final boolean[] periods)
    {
        return make(() -> new CartTopology(dims, periods).map(live("Cartcomm.Map").rank()), "Cartcomm.Map");
    }

    @Override
    Neighbourhood neighboursOf(final int rank)
    {
        return Neighbourhood.of(topology, rank);
    }

    @Override
    public int Topo_test()
    {
        live("Cartcomm.Topo_test");
        return MPI.CART;
    }

    /** Fill the zero entries of {@code dims} with a balanced factorization of {@code nnodes}. */
    public static void Dims_create(final int nnodes, final int[] dims)
    {
        make(() -> CartTopology.dimsCreate(nnodes, dims), "Cartcomm.Dims_create");
    }

    /** Duplicate with the same topology. */
    @Override
    public Cartcomm clone()
    {
        return making("Cartcomm.clone", () -> new Cartcomm(Communicators.dup(live("Cartcomm.clone")), topology));
    }
}
