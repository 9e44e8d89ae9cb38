package io.colompi.examples.programs;

import mpi.CartComm;
import mpi.CartParms;
import mpi.Cartcomm;
import mpi.Comm;
import mpi.Datatype;
import mpi.DistGraphNeighbors;
import mpi.Graphcomm;
import mpi.GraphComm;
import mpi.GraphParms;
import mpi.Group;
import mpi.Intercomm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.ShiftParms;
import mpi.Status;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A randomized storm of process topologies, neighbourhood collectives and intercommunicators that checks every
 * result: {@code TopologyStorm SEED STEPS}.
 *
 * <p>Every rank draws the same steps from {@code SEED}. A step is one of:
 * <ul>
 * <li>an MPJ Cartesian grid ({@code Create_cart} over a random number of ranks, dims from {@code Dims_create} with
 * some fixed, random periods): its {@code Get}, {@code Coords}, {@code Rank} (wrapped in periodic dimensions) and
 * {@code Shift} against a row-major model, halo exchanges with {@code Sendrecv} to the shifted neighbours (each side
 * a row of longs or a column of a matrix through a vector type, as it chooses; a {@code PROC_NULL} source leaves
 * the buffer as it was), a {@code Sub} grid with an allreduce and an allgather
 * checked for its members and their order, then neighbourhood collectives on the grid;</li>
 * <li>an Open MPI Cartesian grid ({@code createCart}, the ranks left out get a null one) with neighbourhood
 * collectives;</li>
 * <li>a graph ({@code Create_graph} / {@code createGraph}: symmetric, with repeated edges and self-loops, each
 * rank's neighbours in a random order) checked through {@code Get} and {@code Neighbours}, with neighbourhood
 * collectives;</li>
 * <li>a distributed graph ({@code createDistGraphAdjacent} or {@code createDistGraph}, weighted or not, random
 * directed edges with repeats and self-loops, named by random ranks in {@code createDistGraph}) checked through
 * {@code getDistGraphNeighbors} (exact order for the adjacent form, the same edges and weights for the other), with
 * neighbourhood collectives;</li>
 * <li>an intercommunicator between two random halves of the world (random keys, random leaders, random tag, the
 * leaders talking through the world or through a communicator of its ranks in reverse order, made by
 * {@code Create_intercomm} or {@code createIntercomm}):
 * sizes, ranks, the remote group, point-to-point across, the collectives an intercommunicator has (bcast with
 * {@code MPI.ROOT}/{@code MPI.PROC_NULL}, barrier, allreduce, reduce, allgather(v), alltoall(v), gather, scatter,
 * blocking and nonblocking, on the intercommunicator or a duplicate; the root group's ranks pass empty buffers where
 * MPI says theirs are not used), and {@code Merge} with random {@code high} checked for MPI's rank order.</li>
 * </ul>
 * Neighbourhood collectives ({@code neighborAllGather(v)}, {@code neighborAllToAll(v)}, blocking or their
 * {@code iNeighbor*} forms, several outstanding at once) are checked block by block against the topology's
 * neighbour order: per dimension the neighbour back then forward in a grid (what a rank sends back lands in that
 * neighbour's block from forward, even where both are the same rank), the edge order in a graph and in a distributed
 * graph (the k-th edge from a to b carries the k-th message); a rank may receive blocks of longs as pairs of longs
 * (a contiguous type), and pass direct {@code LongBuffer}s instead of arrays. Now and then a communicator is
 * freed while its nonblocking collectives are pending (MPI
 * says they complete normally). Receive buffers are filled with guards around and
 * between the blocks, which must survive; send buffers must not change.
 *
 * <p>The first mismatch prints {@code STORM FAIL seed=S step=N rank=R: detail} and aborts the job with status 1; at
 * the end rank 0 prints {@code TOPOLOGY STORM OK seed=S steps=N np=P}. {@code -Dstorm.trace=true} makes rank 0 print
 * each step.
 */
public final class TopologyStorm
{
    private static final long GUARD = 0x6C1A_55E0_93D7_4B21L;
    private static final int TAIL = 3;

    private static long seed;
    private static int step;
    private static int worldRank;
    private static int worldSize;
    private static boolean trace;
    private static String what = "";
    private static SplittableRandom local;


    private TopologyStorm()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        seed = Long.parseLong(args[0]);
        final int steps = Integer.parseInt(args[1]);
        trace = Boolean.getBoolean("storm.trace");
        worldRank = MPI.COMM_WORLD.Rank();
        worldSize = MPI.COMM_WORLD.Size();
        local = new SplittableRandom(seed * 31 + worldRank * 0x2545F4914F6CDD1DL + 7);
        final SplittableRandom shared = new SplittableRandom(seed);
        try
        {
            for (step = 0; step < steps; step++)
            {
                final int kind = shared.nextInt(6);
                final SplittableRandom r = new SplittableRandom(shared.nextLong());
                what = "";
                switch (kind)
                {
                    case 0 -> cartMpj(r);
                    case 1 -> cartOmpi(r);
                    case 2 -> graph(r);
                    case 3 -> distGraph(r);
                    default -> inter(r);
                }
            }
            what = "final barrier";
            MPI.COMM_WORLD.Barrier();
        }
        catch (final Throwable e)
        {
            StormFailure.report("STORM FAIL seed=" + seed + " step=" + step + " rank=" + worldRank + ": " + what + ": ",
                e);
        }
        if (worldRank == 0)
        {
            System.out.println("TOPOLOGY STORM OK seed=" + seed + " steps=" + steps + " np=" + worldSize);
        }
        MPI.Finalize();
    }

    private static void say(final String s)
    {
        what = s;
        if (trace && worldRank == 0)
        {
            System.out.println("STORM step " + step + " " + s);
            System.out.flush();
        }
    }

    // ---------------------------------------------------------------- data and checks

    /** The key of the data named by {@code parts} in this step. */
    private static long key(final int... parts)
    {
        long k = StormValues.key(seed, step, 0x7157);
        for (int i = 0; i < parts.length; i++)
        {
            k = StormValues.key(k, i, parts[i]);
        }
        return k;
    }

    /** A count of 0 to 5 items that both ends of a message derive from its key. */
    private static int countOf(final long key)
    {
        return (int)Long.remainderUnsigned(key >>> 5, 6);
    }

    private static long[] data(final long key, final int n)
    {
        final long[] a = new long[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = StormValues.value(key, i);
        }
        return a;
    }

    private static void fill(final long[] a, final int offset, final long key, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            a[offset + i] = StormValues.value(key, i);
        }
    }

    private static long[] guards(final int n)
    {
        final long[] a = new long[n];
        Arrays.fill(a, GUARD);
        return a;
    }

    private static void check(final boolean ok, final String detail)
    {
        if (!ok)
        {
            throw new StormFailure(detail);
        }
    }

    private static void same(final long[] got, final long[] want, final String detail)
    {
        if (got.length != want.length)
        {
            throw new StormFailure(detail + ": length " + got.length + " != " + want.length);
        }
        for (int i = 0; i < got.length; i++)
        {
            if (got[i] != want[i])
            {
                throw new StormFailure(detail + ": item " + i + " of " + got.length + " is " + show(got[i]) +
                    ", expected " + show(want[i]));
            }
        }
    }

    private static void same(final int[] got, final int[] want, final String detail)
    {
        check(Arrays.equals(got, want), detail + ": " + Arrays.toString(got) + ", expected " + Arrays.toString(want));
    }

    private static String show(final long v)
    {
        return v == GUARD ? "GUARD" : Long.toHexString(v);
    }

    /** Displacements for blocks of {@code counts}, in a random order with random gaps; the last entry: the length. */
    private static int[] layout(final int[] counts)
    {
        final int n = counts.length;
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = local.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        final int[] displs = new int[n + 1];
        int at = local.nextInt(3);
        for (final int b : order)
        {
            displs[b] = at;
            at += counts[b] + local.nextInt(3);
        }
        displs[n] = at + TAIL;
        return displs;
    }

    private static void shuffle(final int[] a, final SplittableRandom r)
    {
        for (int i = a.length - 1; i > 0; i--)
        {
            final int j = r.nextInt(i + 1);
            final int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    // ---------------------------------------------------------------- Cartesian grids

    private static int[] dims(final SplittableRandom r, final int nnodes)
    {
        final int ndims = 1 + r.nextInt(3);
        final int[] dims = new int[ndims];
        if (r.nextInt(3) == 0)
        {
            // fix one dimension to a divisor of nnodes
            final List<Integer> divisors = new ArrayList<>();
            for (int d = 1; d <= nnodes; d++)
            {
                if (nnodes % d == 0)
                {
                    divisors.add(d);
                }
            }
            // (the only dimension must take them all)
            dims[r.nextInt(ndims)] = ndims == 1 ? nnodes : divisors.get(r.nextInt(divisors.size()));
        }
        final int[] given = dims.clone();
        Cartcomm.Dims_create(nnodes, dims);
        int product = 1;
        int lastFree = Integer.MAX_VALUE;
        for (int d = 0; d < ndims; d++)
        {
            product *= dims[d];
            check(dims[d] >= 1, "Dims_create(" + nnodes + ", " + Arrays.toString(given) + ") gave " +
                Arrays.toString(dims));
            if (given[d] != 0)
            {
                check(dims[d] == given[d], "Dims_create changed a fixed dimension: " + Arrays.toString(given) +
                    " -> " + Arrays.toString(dims));
            }
            else
            {
                check(dims[d] <= lastFree, "Dims_create(" + nnodes + ", " + Arrays.toString(given) +
                    ") not in non-increasing order: " + Arrays.toString(dims));
                lastFree = dims[d];
            }
        }
        check(product == nnodes, "Dims_create(" + nnodes + ", " + Arrays.toString(given) + ") gave " +
            Arrays.toString(dims));
        // as close to each other as they can be: no factorization of the free part has a smaller spread
        int fixedProduct = 1;
        int free = 0;
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int d = 0; d < ndims; d++)
        {
            if (given[d] != 0)
            {
                fixedProduct *= given[d];
            }
            else
            {
                free++;
                max = Math.max(max, dims[d]);
                min = Math.min(min, dims[d]);
            }
        }
        if (free > 0)
        {
            final int best = spread(nnodes / fixedProduct, free, nnodes / fixedProduct, Integer.MAX_VALUE, 0);
            check(max - min == best, "Dims_create(" + nnodes + ", " + Arrays.toString(given) + ") gave " +
                Arrays.toString(dims) + ", not as balanced as it can be (spread " + best + ")");
        }
        return dims;
    }

    /** The smallest max - min over the factorizations of {@code n} into {@code k} factors, each at most {@code cap}. */
    private static int spread(final int n, final int k, final int cap, final int smallest, final int largest)
    {
        if (k == 0)
        {
            return n == 1 ? largest - smallest : Integer.MAX_VALUE;
        }
        int best = Integer.MAX_VALUE;
        for (int f = 1; f <= Math.min(n, cap); f++)
        {
            if (n % f == 0)
            {
                best = Math.min(best, spread(n / f, k - 1, f, Math.min(smallest, f), Math.max(largest, f)));
            }
        }
        return best;
    }

    private static boolean[] periods(final SplittableRandom r, final int ndims)
    {
        final boolean[] periods = new boolean[ndims];
        for (int d = 0; d < ndims; d++)
        {
            periods[d] = r.nextBoolean();
        }
        return periods;
    }

    private static int[] coordsOf(final int[] dims, final int rank)
    {
        final int[] c = new int[dims.length];
        int rest = rank;
        for (int d = dims.length - 1; d >= 0; d--)
        {
            c[d] = rest % dims[d];
            rest /= dims[d];
        }
        return c;
    }

    private static int rankOf(final int[] dims, final int[] coords)
    {
        int rank = 0;
        for (int d = 0; d < dims.length; d++)
        {
            rank = rank * dims[d] + coords[d];
        }
        return rank;
    }

    /** The rank {@code disp} steps from {@code rank} along {@code dim}, or PROC_NULL off a non-periodic edge. */
    private static int shifted(final int[] dims, final boolean[] periods, final int rank, final int dim, final int disp)
    {
        final int[] c = coordsOf(dims, rank);
        int x = c[dim] + disp;
        if (x < 0 || x >= dims[dim])
        {
            if (!periods[dim])
            {
                return MPI.PROC_NULL;
            }
            x = Math.floorMod(x, dims[dim]);
        }
        c[dim] = x;
        return rankOf(dims, c);
    }

    private static void cartMpj(final SplittableRandom r)
    {
        final int nnodes = r.nextInt(3) == 0 ? worldSize : 1 + r.nextInt(worldSize);
        final int[] dims = dims(r, nnodes);
        final boolean[] periods = periods(r, dims.length);
        final boolean reorder = r.nextBoolean();
        say("Create_cart dims=" + Arrays.toString(dims) + " periods=" + Arrays.toString(periods));
        final Cartcomm cart = MPI.COMM_WORLD.Create_cart(dims, periods, reorder);
        // shared draws, before any rank leaves
        final int halos = 1 + r.nextInt(3);
        final int[] haloDim = new int[halos];
        final int[] haloDisp = new int[halos];
        final int[] haloCount = new int[halos];
        for (int h = 0; h < halos; h++)
        {
            haloDim[h] = r.nextInt(dims.length);
            haloDisp[h] = r.nextInt(5) - 2;
            haloCount[h] = r.nextInt(4) == 0 ? 2000 + r.nextInt(30000) : r.nextInt(40);
        }
        final boolean[] remain = new boolean[dims.length];
        for (int d = 0; d < dims.length; d++)
        {
            remain[d] = r.nextBoolean();
        }
        final long neighbourSeed = r.nextLong();
        if (worldRank >= nnodes)
        {
            check(cart == null, "Create_cart over " + nnodes + " ranks gave rank " + worldRank + " a communicator");
            return;
        }
        check(cart != null, "Create_cart over " + nnodes + " ranks gave rank " + worldRank + " none");
        final int me = cart.Rank();
        check(cart.Size() == nnodes, "Cartcomm.Size " + cart.Size() + " != " + nnodes);
        check(cart.Topo_test() == MPI.CART, "Topo_test " + cart.Topo_test());
        final CartParms parms = cart.Get();
        same(parms.dims, dims, "Cartcomm.Get dims");
        check(Arrays.equals(parms.periods, periods), "Cartcomm.Get periods " + Arrays.toString(parms.periods));
        same(parms.coords, coordsOf(dims, me), "Cartcomm.Get coords of " + me);
        for (int q = 0; q < nnodes; q++)
        {
            same(cart.Coords(q), coordsOf(dims, q), "Cartcomm.Coords(" + q + ")");
            final int[] c = coordsOf(dims, q);
            check(cart.Rank(c) == q, "Cartcomm.Rank(" + Arrays.toString(c) + ") = " + cart.Rank(c) + ", not " + q);
            final int[] wrapped = c.clone();
            for (int d = 0; d < dims.length; d++)
            {
                if (periods[d])
                {
                    wrapped[d] += (local.nextInt(5) - 2) * dims[d];
                }
            }
            check(cart.Rank(wrapped) == q, "Cartcomm.Rank(" + Arrays.toString(wrapped) + ") (wrapped) = " +
                cart.Rank(wrapped) + ", not " + q);
        }
        for (int h = 0; h < halos; h++)
        {
            final int d = haloDim[h];
            final int disp = haloDisp[h];
            final int n = haloCount[h];
            say("Cartcomm.Shift(" + d + ", " + disp + ") + Sendrecv of " + n + " longs on dims=" +
                Arrays.toString(dims) + " periods=" + Arrays.toString(periods));
            final ShiftParms shift = cart.Shift(d, disp);
            final int dest = shifted(dims, periods, me, d, disp);
            final int source = shifted(dims, periods, me, d, -disp);
            check(shift.rank_dest == dest && shift.rank_source == source, "Shift gave source " + shift.rank_source +
                " dest " + shift.rank_dest + ", expected " + source + " " + dest);
            // each side sends or receives its halo as a row (contiguous longs) or as a column of a matrix of n
            // rows (one vector of stride cols), by its own choice: the signatures are n longs either way
            final int cols = 2 + local.nextInt(3);
            final boolean sendColumn = n > 0 && local.nextBoolean();
            final boolean recvColumn = n > 0 && local.nextBoolean();
            final Datatype column = n > 0 ? Datatype.Vector(n, 1, cols, MPI.LONG) : null;
            if (column != null)
            {
                column.Commit();
            }
            final int col = local.nextInt(cols);
            final int sendOff = local.nextInt(4);
            final long[] send = new long[sendOff + (sendColumn ? n * cols : n) + local.nextInt(3)];
            Arrays.fill(send, -1);
            for (int i = 0; i < n; i++)
            {
                send[sendColumn ? sendOff + col + i * cols : sendOff + i] = StormValues.value(key(1, h, me), i);
            }
            final long[] sent = send.clone();
            final int recvOff = local.nextInt(4);
            final long[] recv = guards(recvOff + (recvColumn ? n * cols : n) + TAIL);
            final long[] want = guards(recv.length);
            if (source != MPI.PROC_NULL)
            {
                for (int i = 0; i < n; i++)
                {
                    want[recvColumn ? recvOff + col + i * cols : recvOff + i] = StormValues.value(key(1, h, source),
                        i);
                }
            }
            final int tag = 5 + h;
            what = what + " (sending a " + (sendColumn ? "column" : "row") + ", receiving a " + (recvColumn ?
                "column" : "row") + " of " + cols + ")";
            final Status st = cart.Sendrecv(send, sendColumn ? sendOff + col : sendOff, sendColumn ? 1 : n,
                sendColumn ? column : MPI.LONG, dest, tag, recv, recvColumn ? recvOff + col : recvOff,
                recvColumn ? 1 : n, recvColumn ? column : MPI.LONG, source, tag);
            same(recv, want, "halo from " + source);
            same(send, sent, "halo send buffer");
            if (source == MPI.PROC_NULL)
            {
                check(st.source == MPI.PROC_NULL, "status of a PROC_NULL receive names source " + st.source);
            }
            else
            {
                check(st.source == source && st.tag == tag && st.Get_count(recvColumn ? column : MPI.LONG) ==
                    (recvColumn ? 1 : n) && st.Get_elements(MPI.LONG) == n, "status " + st + ", expected source " +
                    source + " tag " + tag + " count " + n);
            }
        }
        // a sub-grid
        say("Cartcomm.Sub(" + Arrays.toString(remain) + ") of dims=" + Arrays.toString(dims));
        final Cartcomm sub = cart.Sub(remain);
        final int[] mine = coordsOf(dims, me);
        final List<Integer> members = new ArrayList<>();
        for (int q = 0; q < nnodes; q++)
        {
            final int[] c = coordsOf(dims, q);
            boolean same = true;
            for (int d = 0; d < dims.length; d++)
            {
                same &= remain[d] || c[d] == mine[d];
            }
            if (same)
            {
                members.add(q);
            }
        }
        check(sub.Size() == members.size(), "Sub size " + sub.Size() + ", expected " + members.size());
        check(sub.Rank() == members.indexOf(me), "Sub rank " + sub.Rank() + ", expected " + members.indexOf(me));
        final CartParms sp = sub.Get();
        int kept = 0;
        for (final boolean b : remain)
        {
            kept += b ? 1 : 0;
        }
        check(sp.dims.length == kept || kept == 0 && sp.dims.length <= 1, "Sub has " + sp.dims.length +
            " dimensions, expected " + kept);
        final long[] all = guards(members.size() + TAIL);
        final long[] want = guards(all.length);
        for (int i = 0; i < members.size(); i++)
        {
            want[i] = members.get(i) * 1000L + 17;
        }
        sub.Allgather(new long[] { me * 1000L + 17 }, 0, 1, MPI.LONG, all, 0, 1, MPI.LONG);
        same(all, want, "Allgather of cart ranks on the sub-grid");
        final long[] sum = { -5 };
        sub.Allreduce(new long[] { me + 1 }, 0, sum, 0, 1, MPI.LONG, MPI.SUM);
        long expected = 0;
        for (final int q : members)
        {
            expected += q + 1;
        }
        check(sum[0] == expected, "Allreduce on the sub-grid: " + sum[0] + ", expected " + expected);
        sub.Free();
        neighbours(cart, cartTopo(cart, dims, periods, me), new SplittableRandom(neighbourSeed), "Cartcomm " +
            Arrays.toString(dims) + " periods=" + Arrays.toString(periods));
    }

    private static void cartOmpi(final SplittableRandom r)
    {
        final int nnodes = r.nextInt(3) == 0 ? worldSize : 1 + r.nextInt(worldSize);
        final int[] dims = dims(r, nnodes);
        final boolean[] periods = periods(r, dims.length);
        say("createCart dims=" + Arrays.toString(dims) + " periods=" + Arrays.toString(periods));
        final CartComm cart = MPI.COMM_WORLD.createCart(dims, periods, r.nextBoolean());
        final long neighbourSeed = r.nextLong();
        if (worldRank >= nnodes)
        {
            check(cart == null || cart.isNull(), "createCart over " + nnodes + " ranks gave rank " + worldRank +
                " a communicator");
            return;
        }
        final int me = cart.getRank();
        check(cart.getSize() == nnodes, "CartComm.getSize " + cart.getSize());
        final CartParms p = cart.getTopo();
        same(p.coords, coordsOf(dims, me), "CartComm.getTopo coords");
        for (int d = 0; d < dims.length; d++)
        {
            final ShiftParms s = cart.shift(d, 1);
            check(s.getRankSource() == shifted(dims, periods, me, d, -1) &&
                s.getRankDest() == shifted(dims, periods, me, d, 1), "shift(" + d + ", 1) gave " +
                s.getRankSource() + " " + s.getRankDest());
        }
        neighbours(cart, cartTopo(cart, dims, periods, me), new SplittableRandom(neighbourSeed), "CartComm " +
            Arrays.toString(dims) + " periods=" + Arrays.toString(periods));
    }

    /** A grid's neighbours as MPI orders them: per dimension, the one back (shift source), then forward. */
    private static Topo cartTopo(final Cartcomm cart, final int[] dims, final boolean[] periods, final int me)
    {
        final int n = 2 * dims.length;
        final int[] nb = new int[n];
        for (int d = 0; d < dims.length; d++)
        {
            nb[2 * d] = shifted(dims, periods, me, d, -1);
            nb[2 * d + 1] = shifted(dims, periods, me, d, 1);
        }
        return new Topo(me, nb, nb.clone(), true);
    }

    // ---------------------------------------------------------------- graphs

    private static void graph(final SplittableRandom r)
    {
        final int nnodes = r.nextInt(3) == 0 ? worldSize : 1 + r.nextInt(worldSize);
        final List<List<Integer>> adj = new ArrayList<>();
        for (int a = 0; a < nnodes; a++)
        {
            adj.add(new ArrayList<>());
        }
        for (int a = 0; a < nnodes; a++)
        {
            for (int b = a; b < nnodes; b++)
            {
                final int x = r.nextInt(10);
                final int times = a == b ? (x < 8 ? 0 : x - 7) : (x < 5 ? 0 : x < 9 ? 1 : 2);
                for (int t = 0; t < times; t++)
                {
                    adj.get(a).add(b);
                    if (a != b)
                    {
                        adj.get(b).add(a);
                    }
                }
            }
        }
        final int[] index = new int[nnodes];
        final List<Integer> edgeList = new ArrayList<>();
        for (int a = 0; a < nnodes; a++)
        {
            final int[] nbs = adj.get(a).stream().mapToInt(Integer::intValue).toArray();
            shuffle(nbs, r);
            for (final int b : nbs)
            {
                edgeList.add(b);
            }
            index[a] = edgeList.size();
        }
        final int[] edges = edgeList.stream().mapToInt(Integer::intValue).toArray();
        final boolean mpj = r.nextBoolean();
        final long neighbourSeed = r.nextLong();
        say((mpj ? "Create_graph" : "createGraph") + " index=" + Arrays.toString(index) + " edges=" +
            Arrays.toString(edges));
        final Graphcomm g = mpj ? MPI.COMM_WORLD.Create_graph(index, edges, r.nextBoolean()) :
            MPI.COMM_WORLD.createGraph(index, edges, false);
        if (worldRank >= nnodes)
        {
            check(g == null || g.isNull(), "a graph over " + nnodes + " ranks gave rank " + worldRank +
                " a communicator");
            return;
        }
        final int me = g.Rank();
        check(g.Size() == nnodes, "graph size " + g.Size());
        check(g.Topo_test() == MPI.GRAPH, "Topo_test " + g.Topo_test());
        final GraphParms gp = g.Get();
        same(gp.index, index, "Graphcomm.Get index");
        same(gp.edges, edges, "Graphcomm.Get edges");
        for (int q = 0; q < nnodes; q++)
        {
            same(g.Neighbours(q), Arrays.copyOfRange(edges, q == 0 ? 0 : index[q - 1], index[q]),
                "Neighbours(" + q + ")");
        }
        final int[] nb = g.Neighbours(me);
        neighbours(g, new Topo(me, nb, nb.clone(), false), new SplittableRandom(neighbourSeed), "graph");
    }

    /** A directed edge of a distributed graph. */
    private record Edge(int from, int to, int weight)
    {
    }

    private static void distGraph(final SplittableRandom r)
    {
        final List<Edge> all = new ArrayList<>();
        final boolean weighted = r.nextBoolean();
        final int density = 2 + r.nextInt(6);
        for (int a = 0; a < worldSize; a++)
        {
            for (int b = 0; b < worldSize; b++)
            {
                final int x = r.nextInt(20);
                final int times = x < 20 - density ? 0 : x == 19 ? 2 : 1;
                for (int t = 0; t < times; t++)
                {
                    all.add(new Edge(a, b, weighted ? r.nextInt(100) : 1));
                }
            }
        }
        final boolean adjacent = r.nextBoolean();
        final long neighbourSeed = r.nextLong();
        final GraphComm g;
        List<Edge> in = new ArrayList<>();
        List<Edge> out = new ArrayList<>();
        if (adjacent)
        {
            // each rank's edges in and out, in a random order (drawn alike by every rank)
            final int[] perm = new int[all.size()];
            for (int i = 0; i < perm.length; i++)
            {
                perm[i] = i;
            }
            shuffle(perm, r);
            for (final int i : perm)
            {
                if (all.get(i).to == worldRank)
                {
                    in.add(all.get(i));
                }
            }
            shuffle(perm, r);
            for (final int i : perm)
            {
                if (all.get(i).from == worldRank)
                {
                    out.add(all.get(i));
                }
            }
            final int[] sources = in.stream().mapToInt(Edge::from).toArray();
            final int[] sw = in.stream().mapToInt(Edge::weight).toArray();
            final int[] dests = out.stream().mapToInt(Edge::to).toArray();
            final int[] dw = out.stream().mapToInt(Edge::weight).toArray();
            say("createDistGraphAdjacent " + (weighted ? "weighted " : "") + all.size() + " edges: " + all);
            g = weighted ?
                MPI.COMM_WORLD.createDistGraphAdjacent(sources, sw, dests, dw, MPI.INFO_NULL, r.nextBoolean()) :
                MPI.COMM_WORLD.createDistGraphAdjacent(sources, dests, MPI.INFO_NULL, r.nextBoolean());
        }
        else
        {
            // every edge named by a random rank, in a random order there, runs of the same source in one entry
            final List<List<Edge>> named = new ArrayList<>();
            for (int q = 0; q < worldSize; q++)
            {
                named.add(new ArrayList<>());
            }
            final int[] perm = new int[all.size()];
            for (int i = 0; i < perm.length; i++)
            {
                perm[i] = i;
            }
            shuffle(perm, r);
            for (final int i : perm)
            {
                named.get(r.nextInt(worldSize)).add(all.get(i));
            }
            final List<Edge> mine = named.get(worldRank);
            final List<Integer> sources = new ArrayList<>();
            final List<Integer> degrees = new ArrayList<>();
            final List<Integer> dests = new ArrayList<>();
            final List<Integer> weights = new ArrayList<>();
            for (int i = 0; i < mine.size(); i++)
            {
                final boolean empty = local.nextInt(6) == 0;
                if (empty)
                {
                    // an entry with no edges
                    sources.add(local.nextInt(worldSize));
                    degrees.add(0);
                }
                if (empty || i == 0 || mine.get(i - 1).from != mine.get(i).from || local.nextInt(4) == 0)
                {
                    sources.add(mine.get(i).from);
                    degrees.add(0);
                }
                degrees.set(degrees.size() - 1, degrees.get(degrees.size() - 1) + 1);
                dests.add(mine.get(i).to);
                weights.add(mine.get(i).weight);
            }
            say("createDistGraph " + (weighted ? "weighted " : "") + all.size() + " edges: " + all);
            final int[] s = sources.stream().mapToInt(Integer::intValue).toArray();
            final int[] dg = degrees.stream().mapToInt(Integer::intValue).toArray();
            final int[] ds = dests.stream().mapToInt(Integer::intValue).toArray();
            final int[] w = weights.stream().mapToInt(Integer::intValue).toArray();
            g = weighted ? MPI.COMM_WORLD.createDistGraph(s, dg, ds, w, MPI.INFO_NULL, r.nextBoolean()) :
                MPI.COMM_WORLD.createDistGraph(s, dg, ds, MPI.INFO_NULL, r.nextBoolean());
            for (final Edge e : all)
            {
                if (e.to == worldRank)
                {
                    in.add(e);
                }
                if (e.from == worldRank)
                {
                    out.add(e);
                }
            }
        }
        check(g.Size() == worldSize, "dist graph size " + g.Size());
        final int me = g.Rank();
        check(g.Topo_test() == MPI.DIST_GRAPH, "Topo_test " + g.Topo_test());
        final DistGraphNeighbors n = g.getDistGraphNeighbors();
        check(n.isWeighted() == weighted, "isWeighted " + n.isWeighted());
        check(n.getInDegree() == in.size() && n.getOutDegree() == out.size(), "degrees in " + n.getInDegree() +
            " out " + n.getOutDegree() + ", expected " + in.size() + " " + out.size());
        final int[] src = new int[n.getInDegree()];
        final int[] dst = new int[n.getOutDegree()];
        final List<Edge> gotIn = new ArrayList<>();
        final List<Edge> gotOut = new ArrayList<>();
        for (int i = 0; i < src.length; i++)
        {
            src[i] = n.getSource(i);
            gotIn.add(new Edge(src[i], me, n.getSourceWeight(i)));
        }
        for (int i = 0; i < dst.length; i++)
        {
            dst[i] = n.getDestination(i);
            gotOut.add(new Edge(me, dst[i], n.getDestinationWeight(i)));
        }
        if (adjacent)
        {
            check(gotIn.equals(in), "edges in " + gotIn + ", expected " + in);
            check(gotOut.equals(out), "edges out " + gotOut + ", expected " + out);
        }
        else
        {
            check(sorted(gotIn).equals(sorted(in)), "edges in " + gotIn + ", expected (in any order) " + in);
            check(sorted(gotOut).equals(sorted(out)), "edges out " + gotOut + ", expected (in any order) " + out);
        }
        neighbours(g, new Topo(me, src, dst, false), new SplittableRandom(neighbourSeed), adjacent ?
            "adjacent dist graph" : "dist graph");
    }

    private static List<Edge> sorted(final List<Edge> edges)
    {
        final List<Edge> s = new ArrayList<>(edges);
        s.sort((x, y) -> x.from != y.from ? Integer.compare(x.from, y.from) : x.to != y.to ?
            Integer.compare(x.to, y.to) : Integer.compare(x.weight, y.weight));
        return s;
    }

    // ---------------------------------------------------------------- neighbourhood collectives

    /** A rank's neighbours: block i of a receive comes from src[i], block j of a send goes to dst[j]. */
    private static final class Topo
    {
        final int me;
        final int[] src;
        final int[] dst;
        final boolean cart;

        Topo(final int me, final int[] src, final int[] dst, final boolean cart)
        {
            this.me = me;
            this.src = src;
            this.dst = dst;
            this.cart = cart;
        }

        /** The key of what send block {@code j} carries in alltoall number {@code op}. */
        long sendKey(final int op, final int j)
        {
            if (cart)
            {
                return key(2, op, me, j);
            }
            int occurrence = 0;
            for (int k = 0; k < j; k++)
            {
                occurrence += dst[k] == dst[j] ? 1 : 0;
            }
            return key(3, op, me, dst[j], occurrence);
        }

        /** The key of what receive block {@code i} must hold after alltoall number {@code op}. */
        long recvKey(final int op, final int i)
        {
            if (cart)
            {
                // the block a neighbour sends back lands in my block from forward, and the other way round
                return key(2, op, src[i], i ^ 1);
            }
            int occurrence = 0;
            for (int k = 0; k < i; k++)
            {
                occurrence += src[k] == src[i] ? 1 : 0;
            }
            return key(3, op, src[i], me, occurrence);
        }
    }

    private static Datatype PAIR;

    /** {@code a} itself, or a direct buffer holding it whose content goes back into {@code a} when synced. */
    private static Object view(final long[] a, final boolean nio, final List<Runnable> syncs)
    {
        if (!nio)
        {
            return a;
        }
        final LongBuffer b = MPI.newLongBuffer(a.length);
        for (int i = 0; i < a.length; i++)
        {
            b.put(i, a[i]);
        }
        syncs.add(() ->
        {
            for (int i = 0; i < a.length; i++)
            {
                a[i] = b.get(i);
            }
        });
        return b;
    }

    /** Run neighbourhood collectives on {@code comm}, then free it (now and then before the nonblocking ones end). */
    private static void neighbours(final Comm comm, final Topo t, final SplittableRandom r, final String topo)
    {
        if (PAIR == null)
        {
            PAIR = Datatype.Contiguous(2, MPI.LONG);
            PAIR.Commit();
        }
        final int ops = 1 + r.nextInt(4);
        final List<Request> requests = new ArrayList<>();
        final List<Runnable> checks = new ArrayList<>();
        final int in = t.src.length;
        final int out = t.dst.length;
        for (int op = 0; op < ops; op++)
        {
            final int kind = r.nextInt(4);
            final boolean nonblocking = r.nextBoolean();
            final int c = r.nextInt(5) == 0 ? 500 + r.nextInt(5000) : r.nextInt(6);
            final String name = (nonblocking ? "iNeighbor" : "neighbor") + new String[] { "AllGather",
                "AllGatherv", "AllToAll", "AllToAllv" }[kind];
            final String label = name + " #" + op + " count " + c + " on " + topo + " src=" + Arrays.toString(t.src) +
                " dst=" + Arrays.toString(t.dst) + " me=" + t.me;
            say(label);
            final long[] send;
            final long[] recv;
            final long[] want;
            Request req = null;
            // a rank may receive the blocks of allgather and alltoall as pairs of longs (the same signature), and
            // pass its buffers as direct LongBuffers instead of arrays
            final boolean pairs = c > 0 && c % 2 == 0 && local.nextBoolean();
            final boolean nio = local.nextInt(3) == 0;
            final List<Runnable> syncs = new ArrayList<>();
            switch (kind)
            {
                case 0 ->
                {
                    send = data(key(4, op, t.me), c);
                    recv = guards(c * in + TAIL);
                    want = guards(recv.length);
                    for (int i = 0; i < in; i++)
                    {
                        if (t.src[i] != MPI.PROC_NULL)
                        {
                            fill(want, i * c, key(4, op, t.src[i]), c);
                        }
                    }
                    if (nonblocking)
                    {
                        req = comm.iNeighborAllGather(view(send, nio, syncs), c, MPI.LONG, view(recv, nio, syncs),
                            pairs ? c / 2 : c, pairs ? PAIR : MPI.LONG);
                    }
                    else
                    {
                        comm.neighborAllGather(view(send, nio, syncs), c, MPI.LONG, view(recv, nio, syncs),
                            pairs ? c / 2 : c, pairs ? PAIR : MPI.LONG);
                    }
                }
                case 1 ->
                {
                    final long myKey = key(5, op, t.me);
                    send = data(myKey, countOf(myKey));
                    final int[] counts = new int[in];
                    for (int i = 0; i < in; i++)
                    {
                        counts[i] = t.src[i] == MPI.PROC_NULL ? local.nextInt(3) : countOf(key(5, op, t.src[i]));
                    }
                    final int[] displs = layout(counts);
                    recv = guards(displs[in]);
                    want = guards(recv.length);
                    for (int i = 0; i < in; i++)
                    {
                        if (t.src[i] != MPI.PROC_NULL)
                        {
                            fill(want, displs[i], key(5, op, t.src[i]), counts[i]);
                        }
                    }
                    final int[] d = Arrays.copyOf(displs, in);
                    if (nonblocking)
                    {
                        req = comm.iNeighborAllGatherv(view(send, nio, syncs), send.length, MPI.LONG,
                            view(recv, nio, syncs), counts, d, MPI.LONG);
                    }
                    else
                    {
                        comm.neighborAllGatherv(view(send, nio, syncs), send.length, MPI.LONG,
                            view(recv, nio, syncs), counts, d, MPI.LONG);
                    }
                }
                case 2 ->
                {
                    send = new long[c * out + local.nextInt(3)];
                    for (int j = 0; j < out; j++)
                    {
                        fill(send, j * c, t.sendKey(op, j), c);
                    }
                    recv = guards(c * in + TAIL);
                    want = guards(recv.length);
                    for (int i = 0; i < in; i++)
                    {
                        if (t.src[i] != MPI.PROC_NULL)
                        {
                            fill(want, i * c, t.recvKey(op, i), c);
                        }
                    }
                    if (nonblocking)
                    {
                        req = comm.iNeighborAllToAll(view(send, nio, syncs), c, MPI.LONG, view(recv, nio, syncs),
                            pairs ? c / 2 : c, pairs ? PAIR : MPI.LONG);
                    }
                    else
                    {
                        comm.neighborAllToAll(view(send, nio, syncs), c, MPI.LONG, view(recv, nio, syncs),
                            pairs ? c / 2 : c, pairs ? PAIR : MPI.LONG);
                    }
                }
                default ->
                {
                    final int[] scounts = new int[out];
                    for (int j = 0; j < out; j++)
                    {
                        scounts[j] = t.dst[j] == MPI.PROC_NULL ? local.nextInt(3) : countOf(t.sendKey(op, j));
                    }
                    final int[] sd = layout(scounts);
                    send = new long[sd[out]];
                    Arrays.fill(send, -7);
                    for (int j = 0; j < out; j++)
                    {
                        fill(send, sd[j], t.sendKey(op, j), scounts[j]);
                    }
                    final int[] rcounts = new int[in];
                    for (int i = 0; i < in; i++)
                    {
                        rcounts[i] = t.src[i] == MPI.PROC_NULL ? local.nextInt(3) : countOf(t.recvKey(op, i));
                    }
                    final int[] rd = layout(rcounts);
                    recv = guards(rd[in]);
                    want = guards(recv.length);
                    for (int i = 0; i < in; i++)
                    {
                        if (t.src[i] != MPI.PROC_NULL)
                        {
                            fill(want, rd[i], t.recvKey(op, i), rcounts[i]);
                        }
                    }
                    final int[] sdispls = Arrays.copyOf(sd, out);
                    final int[] rdispls = Arrays.copyOf(rd, in);
                    if (nonblocking)
                    {
                        req = comm.iNeighborAllToAllv(view(send, nio, syncs), scounts, sdispls, MPI.LONG,
                            view(recv, nio, syncs), rcounts, rdispls, MPI.LONG);
                    }
                    else
                    {
                        comm.neighborAllToAllv(view(send, nio, syncs), scounts, sdispls, MPI.LONG,
                            view(recv, nio, syncs), rcounts, rdispls, MPI.LONG);
                    }
                }
            }
            final long[] sent = send.clone();
            final String as = (pairs ? " (received as pairs)" : "") + (nio ? " (in LongBuffers)" : "");
            final Runnable check = () ->
            {
                what = label + as;
                syncs.forEach(Runnable::run);
                same(recv, want, "receive buffer");
                same(send, sent, "send buffer");
            };
            if (req != null)
            {
                requests.add(req);
                checks.add(check);
            }
            else
            {
                check.run();
            }
        }
        // MPI lets a communicator be freed with operations pending: they complete normally
        final boolean freeEarly = r.nextInt(4) == 0;
        if (freeEarly)
        {
            say("freeing " + topo + " with " + requests.size() + " nonblocking neighbourhood collectives pending");
            comm.free();
        }
        if (!requests.isEmpty())
        {
            say("completing " + requests.size() + " nonblocking neighbourhood collectives on " + topo);
            final Request[] rs = requests.toArray(new Request[0]);
            if (local.nextBoolean())
            {
                Request.waitAll(rs);
            }
            else
            {
                final int[] order = new int[rs.length];
                for (int i = 0; i < order.length; i++)
                {
                    order[i] = i;
                }
                shuffle(order, local);
                for (final int i : order)
                {
                    rs[i].waitFor();
                }
            }
            for (final Runnable c : checks)
            {
                c.run();
            }
        }
        if (!freeEarly)
        {
            comm.free();
        }
    }

    // ---------------------------------------------------------------- intercommunicators

    private static void inter(final SplittableRandom r)
    {
        if (worldSize < 2)
        {
            return;
        }
        final int[] color = new int[worldSize];
        final int[] sortKey = new int[worldSize];
        final int[] count = new int[2];
        for (int q = 0; q < worldSize; q++)
        {
            color[q] = r.nextInt(2);
            sortKey[q] = r.nextInt(4);
        }
        // both groups non-empty
        color[r.nextInt(worldSize)] = 0;
        for (int q = 0; q < worldSize; q++)
        {
            count[color[q]]++;
        }
        if (count[1] == 0)
        {
            color[r.nextInt(worldSize)] = 1;
        }
        // each group in (key, world rank) order
        final List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < 2; g++)
        {
            final List<Integer> m = new ArrayList<>();
            for (int q = 0; q < worldSize; q++)
            {
                if (color[q] == g)
                {
                    m.add(q);
                }
            }
            m.sort((x, y) -> sortKey[x] != sortKey[y] ? Integer.compare(sortKey[x], sortKey[y]) :
                Integer.compare(x, y));
            members.add(m);
        }
        final int[] leader = { r.nextInt(members.get(0).size()), r.nextInt(members.get(1).size()) };
        final int tag = r.nextInt(1000);
        final int mine = color[worldRank];
        final int other = 1 - mine;
        final List<Integer> us = members.get(mine);
        final List<Integer> them = members.get(other);
        say("Create_intercomm groups " + members + " leaders " + Arrays.toString(leader) + " tag " + tag);
        final Intracomm localComm = MPI.COMM_WORLD.Split(mine, sortKey[worldRank]);
        check(localComm.Rank() == us.indexOf(worldRank) && localComm.Size() == us.size(), "Split gave rank " +
            localComm.Rank() + " of " + localComm.Size());
        // the leaders talk through the world, or through a communicator of the world's ranks in reverse order
        final boolean reversed = r.nextBoolean();
        final boolean openMpi = r.nextBoolean();
        final Intracomm peer = reversed ? MPI.COMM_WORLD.Split(0, worldSize - 1 - worldRank) : MPI.COMM_WORLD;
        final int remoteLeader = reversed ? worldSize - 1 - them.get(leader[other]) : them.get(leader[other]);
        what = what + (reversed ? " through a reversed world" : "") + (openMpi ? " (createIntercomm)" : "");
        final Intercomm ic = openMpi ? peer.createIntercomm(localComm, leader[mine], remoteLeader, tag) :
            peer.Create_intercomm(localComm, leader[mine], remoteLeader, tag);
        if (reversed)
        {
            peer.Free();
        }
        final int me = ic.Rank();
        check(ic.Test_inter(), "Test_inter false");
        check(me == us.indexOf(worldRank) && ic.Size() == us.size() && ic.Remote_size() == them.size(),
            "intercomm rank " + me + " size " + ic.Size() + " remote size " + ic.Remote_size());
        final Group remote = ic.Remote_group();
        final int[] rr = new int[them.size()];
        for (int i = 0; i < rr.length; i++)
        {
            rr[i] = i;
        }
        same(Group.Translate_ranks(remote, rr, MPI.COMM_WORLD.Group()), them.stream().mapToInt(Integer::intValue)
            .toArray(), "Remote_group in world ranks");
        final boolean dup = r.nextInt(4) == 0;
        final Intercomm on = dup ? ic.dup() : ic;
        check(on.Test_inter() && on.getRemoteSize() == them.size(), "dup of the intercomm");
        final int ops = 1 + r.nextInt(5);
        final List<Runnable> pending = new ArrayList<>();
        for (int op = 0; op < ops; op++)
        {
            final Runnable finish = interOp(on, r, op, mine, us, them);
            if (finish != null)
            {
                pending.add(finish);
            }
        }
        // a duplicate may be freed with its collectives pending: they complete normally
        final boolean freeEarly = dup && r.nextBoolean();
        if (freeEarly)
        {
            on.free();
        }
        // each rank completes its outstanding collectives in its own order
        final int[] order = new int[pending.size()];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        shuffle(order, local);
        for (final int i : order)
        {
            pending.get(i).run();
        }
        if (dup && !freeEarly)
        {
            on.free();
        }
        final boolean[] high = { r.nextBoolean(), r.nextBoolean() };
        say("Merge high=" + Arrays.toString(high) + " of groups " + members);
        final Intracomm merged = ic.Merge(high[mine]);
        final long[] got = guards(worldSize + TAIL);
        merged.Allgather(new long[] { worldRank }, 0, 1, MPI.LONG, got, 0, 1, MPI.LONG);
        final long[] lowFirst = guards(got.length);
        final long[] highFirst = guards(got.length);
        final List<Integer> first = high[0] && !high[1] ? members.get(1) : members.get(0);
        final List<Integer> second = first == members.get(0) ? members.get(1) : members.get(0);
        int at = 0;
        for (final int q : first)
        {
            lowFirst[at++] = q;
        }
        for (final int q : second)
        {
            lowFirst[at++] = q;
        }
        at = 0;
        for (final int q : second)
        {
            highFirst[at++] = q;
        }
        for (final int q : first)
        {
            highFirst[at++] = q;
        }
        check(merged.Size() == worldSize, "merged size " + merged.Size());
        if (high[0] != high[1])
        {
            same(got, lowFirst, "ranks of the merged communicator (the group with high=false first)");
        }
        else
        {
            // MPI leaves the order of the groups open when both pass the same high
            check(Arrays.equals(got, lowFirst) || Arrays.equals(got, highFirst), "ranks of the merged communicator " +
                Arrays.toString(got) + ": neither group first, in its own order");
        }
        int pos = -1;
        for (int i = 0; i < worldSize; i++)
        {
            pos = got[i] == worldRank ? i : pos;
        }
        check(merged.Rank() == pos, "merged rank " + merged.Rank() + ", expected " + pos);
        final long[] sum = { 0 };
        merged.Allreduce(new long[] { merged.Rank() * 3L + 1 }, 0, sum, 0, 1, MPI.LONG, MPI.SUM);
        check(sum[0] == 3L * worldSize * (worldSize - 1) / 2 + worldSize, "Allreduce on the merged communicator " +
            sum[0]);
        merged.Free();
        ic.Free();
        localComm.Free();
    }

    private static Runnable interOp(final Intercomm ic, final SplittableRandom r, final int op, final int mine,
        final List<Integer> us, final List<Integer> them)
    {
        final int kind = r.nextInt(11);
        final boolean nonblocking = r.nextInt(3) == 0;
        final int[] c = new int[2];
        for (int g = 0; g < 2; g++)
        {
            c[g] = r.nextInt(6) == 0 ? 1000 + r.nextInt(20000) : r.nextInt(7);
        }
        final int rootGroup = r.nextInt(2);
        final int root = r.nextInt((rootGroup == mine ? us : them).size());
        final int me = ic.Rank();
        final int other = 1 - mine;
        final String[] names = { "Send/Recv", "bcast", "barrier", "allReduce", "allGather", "allToAll", "gather",
            "scatter", "reduce", "allGatherv", "allToAllv" };
        final String label = (nonblocking ? "nonblocking " : "") + names[kind] + " #" + op + " on the intercomm, " +
            "counts " + Arrays.toString(c) + " root group " + rootGroup + " root " + root + ", I am " + me +
            " of group " + mine;
        say(label);
        Request req = null;
        long[] send = new long[0];
        long[] recv = new long[0];
        long[] want = new long[0];
        switch (kind)
        {
            case 0 ->
            {
                // every rank sends to a random remote rank; each receives from those that chose it
                final int[][] target = new int[2][];
                for (int g = 0; g < 2; g++)
                {
                    final int size = g == mine ? us.size() : them.size();
                    final int otherSize = g == mine ? them.size() : us.size();
                    target[g] = new int[size];
                    for (int i = 0; i < size; i++)
                    {
                        target[g][i] = r.nextInt(otherSize);
                    }
                }
                final int n = c[mine];
                final int off = local.nextInt(3);
                send = new long[off + n];
                fill(send, off, key(10, op, mine, me), n);
                final long[] sent = send.clone();
                final Request s = ic.Isend(send, off, n, MPI.LONG, target[mine][me], 30 + me);
                for (int q = 0; q < target[other].length; q++)
                {
                    if (target[other][q] != me)
                    {
                        continue;
                    }
                    final int roff = local.nextInt(3);
                    final int len = c[other];
                    final long[] in = guards(roff + len + TAIL);
                    final long[] w = guards(in.length);
                    fill(w, roff, key(10, op, other, q), len);
                    final Status st = ic.Recv(in, roff, len, MPI.LONG, q, 30 + q);
                    same(in, w, "Recv from remote rank " + q);
                    check(st.source == q && st.tag == 30 + q && st.Get_count(MPI.LONG) == len, "status " + st);
                }
                s.Wait();
                same(send, sent, "send buffer");
                return null;
            }
            case 1 ->
            {
                final int n = c[rootGroup];
                // the root group's other ranks move nothing: a buffer that must stay as it was, or an empty one
                final boolean unused = mine == rootGroup && me != root && local.nextBoolean();
                recv = guards(unused ? 0 : n + TAIL);
                want = guards(recv.length);
                int rootArg;
                if (mine == rootGroup)
                {
                    rootArg = me == root ? MPI.ROOT : MPI.PROC_NULL;
                    if (me == root)
                    {
                        fill(recv, 0, key(11, op), n);
                        fill(want, 0, key(11, op), n);
                    }
                }
                else
                {
                    rootArg = root;
                    fill(want, 0, key(11, op), n);
                }
                if (nonblocking)
                {
                    req = ic.iBcast(recv, n, MPI.LONG, rootArg);
                }
                else
                {
                    ic.bcast(recv, n, MPI.LONG, rootArg);
                }
            }
            case 2 ->
            {
                if (nonblocking)
                {
                    req = ic.iBarrier();
                }
                else
                {
                    ic.barrier();
                }
            }
            case 3 ->
            {
                final int n = c[0];
                send = data(key(12, op, mine, me), n);
                recv = guards(n + TAIL);
                want = guards(recv.length);
                for (int i = 0; i < n; i++)
                {
                    long s = 0;
                    for (int q = 0; q < them.size(); q++)
                    {
                        s += StormValues.value(key(12, op, other, q), i);
                    }
                    want[i] = s;
                }
                if (nonblocking)
                {
                    req = ic.iAllReduce(send, recv, n, MPI.LONG, MPI.SUM);
                }
                else
                {
                    ic.allReduce(send, recv, n, MPI.LONG, MPI.SUM);
                }
            }
            case 4 ->
            {
                send = data(key(13, op, mine, me), c[mine]);
                recv = guards(c[other] * them.size() + TAIL);
                want = guards(recv.length);
                for (int q = 0; q < them.size(); q++)
                {
                    fill(want, q * c[other], key(13, op, other, q), c[other]);
                }
                if (nonblocking)
                {
                    req = ic.iAllGather(send, c[mine], MPI.LONG, recv, c[other], MPI.LONG);
                }
                else
                {
                    ic.allGather(send, c[mine], MPI.LONG, recv, c[other], MPI.LONG);
                }
            }
            case 5 ->
            {
                // group g sends c[g] items to each remote rank
                send = new long[c[mine] * them.size()];
                for (int q = 0; q < them.size(); q++)
                {
                    fill(send, q * c[mine], key(14, op, mine, me, q), c[mine]);
                }
                recv = guards(c[other] * them.size() + TAIL);
                want = guards(recv.length);
                for (int q = 0; q < them.size(); q++)
                {
                    fill(want, q * c[other], key(14, op, other, q, me), c[other]);
                }
                if (nonblocking)
                {
                    req = ic.iAllToAll(send, c[mine], MPI.LONG, recv, c[other], MPI.LONG);
                }
                else
                {
                    ic.allToAll(send, c[mine], MPI.LONG, recv, c[other], MPI.LONG);
                }
            }
            case 6 ->
            {
                final int n = c[0];
                if (mine == rootGroup)
                {
                    final boolean isRoot = me == root;
                    recv = guards(isRoot ? n * them.size() + TAIL : TAIL);
                    want = guards(recv.length);
                    if (isRoot)
                    {
                        for (int q = 0; q < them.size(); q++)
                        {
                            fill(want, q * n, key(15, op, q), n);
                        }
                    }
                    final int rootArg = isRoot ? MPI.ROOT : MPI.PROC_NULL;
                    if (nonblocking)
                    {
                        req = ic.iGather(send, n, MPI.LONG, recv, n, MPI.LONG, rootArg);
                    }
                    else
                    {
                        ic.gather(send, n, MPI.LONG, recv, n, MPI.LONG, rootArg);
                    }
                }
                else
                {
                    send = data(key(15, op, me), n);
                    if (nonblocking)
                    {
                        req = ic.iGather(send, n, MPI.LONG, recv, n, MPI.LONG, root);
                    }
                    else
                    {
                        ic.gather(send, n, MPI.LONG, recv, n, MPI.LONG, root);
                    }
                }
            }
            case 8 ->
            {
                final int n = c[0];
                if (mine == rootGroup)
                {
                    // the root group sends nothing: an empty send buffer
                    final boolean isRoot = me == root;
                    recv = guards(n + TAIL);
                    want = guards(recv.length);
                    if (isRoot)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            long m = Long.MIN_VALUE;
                            for (int q = 0; q < them.size(); q++)
                            {
                                m = Math.max(m, StormValues.value(key(17, op, q), i));
                            }
                            want[i] = m;
                        }
                    }
                    final int rootArg = isRoot ? MPI.ROOT : MPI.PROC_NULL;
                    if (nonblocking)
                    {
                        req = ic.iReduce(send, recv, n, MPI.LONG, MPI.MAX, rootArg);
                    }
                    else
                    {
                        ic.reduce(send, recv, n, MPI.LONG, MPI.MAX, rootArg);
                    }
                }
                else
                {
                    send = data(key(17, op, me), n);
                    if (nonblocking)
                    {
                        req = ic.iReduce(send, recv, n, MPI.LONG, MPI.MAX, root);
                    }
                    else
                    {
                        ic.reduce(send, recv, n, MPI.LONG, MPI.MAX, root);
                    }
                }
            }
            case 9 ->
            {
                // remote rank q of group g sends countOf(key) items
                send = data(key(18, op, mine, me), countOf(key(18, op, mine, me)));
                final int[] counts = new int[them.size()];
                for (int q = 0; q < counts.length; q++)
                {
                    counts[q] = countOf(key(18, op, other, q));
                }
                final int[] displs = layout(counts);
                recv = guards(displs[counts.length]);
                want = guards(recv.length);
                for (int q = 0; q < counts.length; q++)
                {
                    fill(want, displs[q], key(18, op, other, q), counts[q]);
                }
                final int[] d = Arrays.copyOf(displs, counts.length);
                if (nonblocking)
                {
                    req = ic.iAllGatherv(send, send.length, MPI.LONG, recv, counts, d, MPI.LONG);
                }
                else
                {
                    ic.allGatherv(send, send.length, MPI.LONG, recv, counts, d, MPI.LONG);
                }
            }
            case 10 ->
            {
                final int[] scounts = new int[them.size()];
                final int[] rcounts = new int[them.size()];
                for (int q = 0; q < them.size(); q++)
                {
                    scounts[q] = countOf(key(19, op, mine, me, q));
                    rcounts[q] = countOf(key(19, op, other, q, me));
                }
                final int[] sd = layout(scounts);
                send = new long[sd[them.size()]];
                Arrays.fill(send, -3);
                for (int q = 0; q < them.size(); q++)
                {
                    fill(send, sd[q], key(19, op, mine, me, q), scounts[q]);
                }
                final int[] rd = layout(rcounts);
                recv = guards(rd[them.size()]);
                want = guards(recv.length);
                for (int q = 0; q < them.size(); q++)
                {
                    fill(want, rd[q], key(19, op, other, q, me), rcounts[q]);
                }
                final int[] sdispls = Arrays.copyOf(sd, them.size());
                final int[] rdispls = Arrays.copyOf(rd, them.size());
                if (nonblocking)
                {
                    req = ic.iAllToAllv(send, scounts, sdispls, MPI.LONG, recv, rcounts, rdispls, MPI.LONG);
                }
                else
                {
                    ic.allToAllv(send, scounts, sdispls, MPI.LONG, recv, rcounts, rdispls, MPI.LONG);
                }
            }
            default ->
            {
                final int n = c[1];
                if (mine == rootGroup)
                {
                    final boolean isRoot = me == root;
                    if (isRoot)
                    {
                        send = new long[n * them.size()];
                        for (int q = 0; q < them.size(); q++)
                        {
                            fill(send, q * n, key(16, op, q), n);
                        }
                    }
                    final int rootArg = isRoot ? MPI.ROOT : MPI.PROC_NULL;
                    if (nonblocking)
                    {
                        req = ic.iScatter(send, n, MPI.LONG, recv, n, MPI.LONG, rootArg);
                    }
                    else
                    {
                        ic.scatter(send, n, MPI.LONG, recv, n, MPI.LONG, rootArg);
                    }
                }
                else
                {
                    recv = guards(n + TAIL);
                    want = guards(recv.length);
                    fill(want, 0, key(16, op, me), n);
                    if (nonblocking)
                    {
                        req = ic.iScatter(send, n, MPI.LONG, recv, n, MPI.LONG, root);
                    }
                    else
                    {
                        ic.scatter(send, n, MPI.LONG, recv, n, MPI.LONG, root);
                    }
                }
            }
        }
        final long[] sent = send.clone();
        final long[] received = recv;
        final long[] expected = want;
        final long[] sending = send;
        final Request request = req;
        final Runnable check = () ->
        {
            what = label;
            same(received, expected, "receive buffer");
            same(sending, sent, "send buffer");
        };
        if (request == null)
        {
            check.run();
            return null;
        }
        // left outstanding: completed later, next to other calls
        return () ->
        {
            what = label;
            request.waitFor();
            check.run();
        };
    }
}
