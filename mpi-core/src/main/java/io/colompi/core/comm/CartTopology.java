package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Cartesian process grid: {@code dims[i]} processes along dimension {@code i}, periodic where
 * {@code periods[i]}. Ranks are numbered in row-major order (the last dimension varies fastest), as MPI
 * specifies. Immutable; the arrays passed in and returned are copies.
 */
public final class CartTopology
{
    /** The ranks a {@link #shift} pairs with: receive from {@code source}, send to {@code dest}. */
    public record Shift(int source, int dest)
    {
    }

    private final int[] dims;
    private final boolean[] periods;
    private final int size;

    /** Raises {@code DIMS} for a non-positive extent or a grid of more than 2^31-1 processes. */
    public CartTopology(final int[] dims, final boolean[] periods)
    {
        MpiError.nonNull(dims, ErrorClass.ARG, "dims");
        MpiError.nonNull(periods, ErrorClass.ARG, "periods");
        if (dims.length != periods.length)
        {
            throw new MpiError(ErrorClass.ARG, "dims has " + dims.length + " entries but periods has " + periods.length);
        }
        int product = 1;
        for (final int d : dims)
        {
            if (d <= 0)
            {
                throw new MpiError(ErrorClass.DIMS, "every dimension must be positive: " + Arrays.toString(dims));
            }
            try
            {
                product = Math.multiplyExact(product, d);
            }
            catch (final ArithmeticException e)
            {
                throw new MpiError(ErrorClass.DIMS, "grid " + Arrays.toString(dims) + " has too many processes");
            }
        }
        this.dims = dims.clone();
        this.periods = periods.clone();
        this.size = product;
    }

    public int ndims()
    {
        return dims.length;
    }

    public int[] dims()
    {
        return dims.clone();
    }

    public boolean[] periods()
    {
        return periods.clone();
    }

    /** Number of processes in the grid: the product of the dimensions (1 for zero dimensions). */
    public int size()
    {
        return size;
    }

    /** {@code MPI_CART_COORDS}: the coordinates of {@code rank}. */
    public int[] coords(final int rank)
    {
        if (rank < 0 || rank >= size)
        {
            throw new MpiError(ErrorClass.RANK, "invalid rank " + rank + ": the grid has " + size + " processes");
        }
        final int[] coords = new int[dims.length];
        int rest = rank;
        for (int i = dims.length - 1; i >= 0; i--)
        {
            coords[i] = rest % dims[i];
            rest /= dims[i];
        }
        return coords;
    }

    /**
     * {@code MPI_CART_RANK}: the rank at {@code coords}. Coordinates in periodic dimensions wrap around; out of
     * range in a non-periodic dimension raises {@code ARG}.
     */
    public int rank(final int[] coords)
    {
        if (MpiError.nonNull(coords, ErrorClass.ARG, "coords").length != dims.length)
        {
            throw new MpiError(ErrorClass.ARG, "coords has " + coords.length + " entries but the grid " + dims.length +
                " dimensions");
        }
        int rank = 0;
        for (int i = 0; i < dims.length; i++)
        {
            final int c = wrap(i, coords[i]);
            if (c < 0)
            {
                throw new MpiError(ErrorClass.ARG, "coordinate " + coords[i] + " of non-periodic dimension " + i +
                    " is outside [0, " + dims[i] + ")");
            }
            rank = rank * dims[i] + c;
        }
        return rank;
    }

    /**
     * {@code MPI_CART_SHIFT} seen from {@code rank}: the ranks {@code disp} steps before and after it along
     * {@code direction}; {@link Peers#PROC_NULL} beyond the edge of a non-periodic dimension.
     */
    public Shift shift(final int rank, final int direction, final int disp)
    {
        if (direction < 0 || direction >= dims.length)
        {
            throw new MpiError(ErrorClass.ARG, "invalid direction " + direction + ": the grid has " + dims.length +
                " dimensions");
        }
        final int[] coords = coords(rank);
        final int here = coords[direction];
        return new Shift(neighbour(coords, direction, (long)here - disp), neighbour(coords, direction, (long)here + disp));
    }

    /** {@code MPI_CART_MAP} without reordering: {@code rank} itself if it is in the grid, else UNDEFINED. */
    public int map(final int rank)
    {
        return rank >= 0 && rank < size ? rank : Peers.UNDEFINED;
    }

    /** The grid of one {@link #cartSub sub}-communicator: the dimensions where {@code remainDims} is true. */
    public CartTopology sub(final boolean[] remainDims)
    {
        checkRemain(remainDims);
        final int[] subDims = new int[count(Arrays.copyOf(remainDims, dims.length), true)];
        final boolean[] subPeriods = new boolean[subDims.length];
        int n = 0;
        for (int i = 0; i < dims.length; i++)
        {
            if (remainDims[i])
            {
                subDims[n] = dims[i];
                subPeriods[n++] = periods[i];
            }
        }
        return new CartTopology(subDims, subPeriods);
    }

    /** The split color of {@code rank} for {@code MPI_CART_SUB}: its position along the dimensions dropped. */
    public int subColor(final int rank, final boolean[] remainDims)
    {
        return linear(coords(rank), remainDims, false);
    }

    /** The split key of {@code rank} for {@code MPI_CART_SUB}: its rank in the sub-grid. */
    public int subKey(final int rank, final boolean[] remainDims)
    {
        return linear(coords(rank), remainDims, true);
    }

    /**
     * {@code MPI_DIMS_CREATE}: fills the zero entries of {@code dims} (in place; also returned) so that the
     * product of all entries is {@code nnodes}, the filled values as close to each other as possible (smallest
     * difference between largest and smallest) and in non-increasing order. Non-zero entries are kept. Raises
     * {@code DIMS} for a negative entry, a non-positive {@code nnodes}, or an {@code nnodes} that the product of
     * the non-zero entries does not divide (equal, when there are no zeros).
     */
    public static int[] dimsCreate(final int nnodes, final int[] dims)
    {
        if (nnodes <= 0)
        {
            throw new MpiError(ErrorClass.DIMS, "nnodes must be positive, not " + nnodes);
        }
        long fixed = 1;
        int free = 0;
        for (final int d : MpiError.nonNull(dims, ErrorClass.ARG, "dims"))
        {
            if (d < 0)
            {
                throw new MpiError(ErrorClass.DIMS, "negative entry in dims " + Arrays.toString(dims));
            }
            if (d == 0)
            {
                free++;
            }
            else
            {
                fixed = Math.min(fixed * d, (long)nnodes + 1);
            }
        }
        if (nnodes % fixed != 0 || (free == 0 && fixed != nnodes))
        {
            throw new MpiError(ErrorClass.DIMS, "cannot make " + nnodes + " nodes from dims " + Arrays.toString(dims) +
                ": the product of the non-zero entries must " + (free == 0 ? "equal" : "divide") + " it");
        }
        final int[] filled = balanced((int)(nnodes / fixed), free);
        int next = 0;
        for (int i = 0; i < dims.length; i++)
        {
            if (dims[i] == 0)
            {
                dims[i] = filled[next++];
            }
        }
        return dims;
    }

    /** Coordinate {@code c} of dimension {@code i} brought into range, or -1 if it is out of a non-periodic one. */
    private int wrap(final int i, final long c)
    {
        if (c >= 0 && c < dims[i])
        {
            return (int)c;
        }
        return periods[i] ? (int)Math.floorMod(c, (long)dims[i]) : -1;
    }

    private int neighbour(final int[] coords, final int direction, final long c)
    {
        final int wrapped = wrap(direction, c);
        if (wrapped < 0)
        {
            return Peers.PROC_NULL;
        }
        final int[] at = coords.clone();
        at[direction] = wrapped;
        return rank(at);
    }

    private int linear(final int[] coords, final boolean[] remainDims, final boolean kept)
    {
        checkRemain(remainDims);
        int value = 0;
        for (int i = 0; i < dims.length; i++)
        {
            if (remainDims[i] == kept)
            {
                value = value * dims[i] + coords[i];
            }
        }
        return value;
    }

    /** {@code remainDims} has an entry per dimension; more are ignored, as C's {@code MPI_Cart_sub} reads none. */
    private void checkRemain(final boolean[] remainDims)
    {
        if (MpiError.nonNull(remainDims, ErrorClass.ARG, "remainDims").length < dims.length)
        {
            throw new MpiError(ErrorClass.ARG, "remainDims has " + remainDims.length + " entries but the grid " +
                dims.length + " dimensions");
        }
    }

    private static int count(final boolean[] flags, final boolean value)
    {
        int n = 0;
        for (final boolean f : flags)
        {
            n += f == value ? 1 : 0;
        }
        return n;
    }

    /**
     * The non-increasing factorisation of {@code m} into {@code k} factors with the smallest spread (largest minus
     * smallest); among equal spreads, the lexicographically smallest. A depth-first search that tries each factor
     * from the most balanced value upwards and stops once the spread can only grow past the best found.
     */
    private static int[] balanced(final int m, final int k)
    {
        if (k == 0)
        {
            return new int[0];
        }
        final Search search = new Search(divisors(m), k);
        search.descend(0, m, m);
        return search.best;
    }

    private static int[] divisors(final int m)
    {
        final List<Integer> low = new ArrayList<>();
        final List<Integer> high = new ArrayList<>();
        for (int d = 1; (long)d * d <= m; d++)
        {
            if (m % d == 0)
            {
                low.add(d);
                if (d != m / d)
                {
                    high.add(0, m / d);
                }
            }
        }
        low.addAll(high);
        final int[] divisors = new int[low.size()];
        for (int i = 0; i < divisors.length; i++)
        {
            divisors[i] = low.get(i);
        }
        return divisors;
    }

    /** The largest r with r^k <= n, for n >= 1 and k >= 1. */
    static int floorRoot(final int n, final int k)
    {
        long r = Math.max(1, (long)Math.pow(n, 1.0 / k));
        while (r > 1 && !powAtMost(r, k, n))
        {
            r--;
        }
        while (powAtMost(r + 1, k, n))
        {
            r++;
        }
        return (int)r;
    }

    private static boolean powAtMost(final long base, final int k, final long limit)
    {
        long p = 1;
        for (int i = 0; i < k; i++)
        {
            p *= base;
            if (p > limit)
            {
                return false;
            }
        }
        return true;
    }

    /** State of the search in {@link #balanced}. */
    private static final class Search
    {
        private final int[] divisors;
        private final int[] current;
        private int[] best;
        private int bestSpread = Integer.MAX_VALUE;

        Search(final int[] divisors, final int k)
        {
            this.divisors = divisors;
            this.current = new int[k];
        }

        /** Choose factors {@code pos..k-1}, each at most {@code max}, whose product is {@code rest}. */
        void descend(final int pos, final int rest, final int max)
        {
            final int left = current.length - pos;
            if (left == 1)
            {
                if (rest <= max)
                {
                    current[pos] = rest;
                    offer();
                }
                return;
            }
            final int root = floorRoot(rest, left);
            // this factor is the largest of the rest, so it is at least their geometric mean
            final int from = powAtMost(root, left, rest - 1) ? root + 1 : root;
            for (final int d : divisors)
            {
                if (d > max)
                {
                    return;
                }
                if (d < from || rest % d != 0)
                {
                    continue;
                }
                final int first = pos == 0 ? d : current[0];
                // the smallest factor is at most d and at most the mean of the others, which shrinks as d grows
                final int smallestBound = Math.min(d, floorRoot(rest / d, left - 1));
                if (first - smallestBound > bestSpread)
                {
                    return;
                }
                current[pos] = d;
                descend(pos + 1, rest / d, d);
            }
        }

        private void offer()
        {
            final int spread = current[0] - current[current.length - 1];
            if (spread < bestSpread || (spread == bestSpread && Arrays.compare(current, best) < 0))
            {
                bestSpread = spread;
                best = current.clone();
            }
        }
    }
}
