package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.Arrays;

/**
 * {@code MPI_Dist_graph_create_adjacent} and {@code MPI_Dist_graph_create}. Every rank's arguments are gathered by
 * every rank first (an agreement over the communicator) and checked there, so a bad or inconsistent graph fails on
 * every rank alike, naming the rank and the edge, instead of leaving the other ranks waiting in the exchanges that
 * would never match. The graph then gets a context of its own over the same ranks, which keep their ranks (MPI lets an
 * implementation ignore {@code reorder}). Each rank keeps only its own edges; the gathering costs every rank the
 * whole graph once, at creation.
 */
public final class DistGraphs
{
    /** A distributed graph's communicator and this rank's edges in it. */
    public record Made(Communicator comm, DistGraphTopology topology)
    {
    }

    private DistGraphs()
    {
    }

    /**
     * Every rank names its own edges in and out; an edge must appear at both its ends, as often at each (with
     * {@code null} weights on every rank, or weights on every rank).
     */
    public static Made adjacent(final Communicator comm, final int[] sources, final int[] sourceWeights,
        final int[] destinations, final int[] destinationWeights)
    {
        final int n = comm.size();
        final int[][] all = gather(comm, join(lengthOf(sources), lengthOf(destinations), weightsLength(sourceWeights),
            weightsLength(destinationWeights), sources, destinations, sourceWeights, destinationWeights));
        final DistGraphTopology[] graphs = new DistGraphTopology[n];
        for (int r = 0; r < n; r++)
        {
            final int[] a = all[r];
            int at = 4;
            final int[] in = Arrays.copyOfRange(a, at, at += a[0]);
            final int[] out = Arrays.copyOfRange(a, at, at += a[1]);
            final int[] inWeights = a[2] < 0 ? null : Arrays.copyOfRange(a, at, at += a[2]);
            final int[] outWeights = a[3] < 0 ? null : Arrays.copyOfRange(a, at, at + a[3]);
            graphs[r] = checked(r, n, in, inWeights, out, outWeights);
        }
        sameWeighting(graphs);
        final int[][] sourcesOf = new int[n][];
        for (int r = 0; r < n; r++)
        {
            sourcesOf[r] = graphs[r].sources();
        }
        for (int from = 0; from < n; from++)
        {
            final int[] counts = new int[n];
            for (final int to : graphs[from].destinations())
            {
                counts[to]++;
            }
            for (int to = 0; to < n; to++)
            {
                final int into = count(sourcesOf[to], from);
                if (counts[to] != into)
                {
                    throw new MpiError(ErrorClass.ARG, "distributed graph: rank " + from + " names rank " + to + " as a " +
                        "destination " + counts[to] + " times, but rank " + to + " names rank " + from +
                        " as a source " + into + " times");
                }
            }
        }
        return new Made(newContext(comm), graphs[comm.rank()]);
    }

    /**
     * Every rank names any edges of the graph: {@code degrees[i]} edges from {@code sources[i]}, to the next
     * {@code degrees[i]} entries of {@code destinations} (with their {@code weights}, or {@code null} everywhere).
     * A rank's edges in and out are then in the order of the ranks that named them, and of their arguments.
     */
    public static Made create(final Communicator comm, final int[] sources, final int[] degrees,
        final int[] destinations, final int[] weights)
    {
        final int n = comm.size();
        final int[][] all = gather(comm, join(lengthOf(sources), lengthOf(degrees), lengthOf(destinations),
            weightsLength(weights), sources, degrees, destinations, weights));
        final int me = comm.rank();
        final int[][] edges = new int[n][];
        int total = 0;
        boolean weighted = false;
        for (int r = 0; r < n; r++)
        {
            final int[] a = all[r];
            int at = 4;
            final int[] from = Arrays.copyOfRange(a, at, at += a[0]);
            final int[] degree = Arrays.copyOfRange(a, at, at += a[1]);
            final int[] to = Arrays.copyOfRange(a, at, at += a[2]);
            final int[] weight = a[3] < 0 ? null : Arrays.copyOfRange(a, at, at + a[3]);
            if (r > 0 && weighted != (weight != null))
            {
                throw weightedAtRankZeroOnly(r, weighted);
            }
            weighted = weight != null;
            edges[r] = edges(r, n, from, degree, to, weight);
            total += edges[r].length / 3;
        }
        final int[] in = new int[total];
        final int[] inWeights = new int[total];
        final int[] out = new int[total];
        final int[] outWeights = new int[total];
        int ins = 0;
        int outs = 0;
        for (final int[] named : edges)
        {
            for (int e = 0; e < named.length; e += 3)
            {
                if (named[e + 1] == me)
                {
                    inWeights[ins] = named[e + 2];
                    in[ins++] = named[e];
                }
                if (named[e] == me)
                {
                    outWeights[outs] = named[e + 2];
                    out[outs++] = named[e + 1];
                }
            }
        }
        final DistGraphTopology mine = new DistGraphTopology(Arrays.copyOf(in, ins),
            weighted ? Arrays.copyOf(inWeights, ins) : null, Arrays.copyOf(out, outs),
            weighted ? Arrays.copyOf(outWeights, outs) : null);
        return new Made(newContext(comm), mine);
    }

    /** Rank {@code r}'s edges as (from, to, weight) triples, checked as every rank checks them. */
    private static int[] edges(final int r, final int n, final int[] from, final int[] degree, final int[] to,
        final int[] weight)
    {
        if (degree.length < from.length)
        {
            throw new MpiError(ErrorClass.ARG, "distributed graph: rank " + r + " gives " + degree.length +
                " degrees for " + from.length + " sources");
        }
        long count = 0;
        for (int i = 0; i < from.length; i++)
        {
            if (degree[i] < 0)
            {
                throw new MpiError(ErrorClass.ARG, "distributed graph: rank " + r + " gives degree " + degree[i] +
                    " to source " + i);
            }
            count += degree[i];
        }
        if (count > to.length || weight != null && count > weight.length)
        {
            throw new MpiError(ErrorClass.ARG, "distributed graph: rank " + r + "'s degrees add up to " + count +
                " edges, but it gives " + to.length + " destinations" + (weight == null ? "" : " and " + weight.length +
                " weights"));
        }
        final int[] triples = new int[3 * (int)count];
        int e = 0;
        for (int i = 0; i < from.length; i++)
        {
            for (int k = 0; k < degree[i]; k++, e++)
            {
                triples[3 * e] = from[i];
                triples[3 * e + 1] = to[e];
                triples[3 * e + 2] = weight == null ? 1 : weight[e];
            }
        }
        final int[] in = new int[e];
        final int[] out = new int[e];
        for (int i = 0; i < e; i++)
        {
            in[i] = triples[3 * i];
            out[i] = triples[3 * i + 1];
        }
        checked(r, n, in, null, out, null);
        for (int i = 0; weight != null && i < e; i++)
        {
            if (weight[i] < 0)
            {
                throw new MpiError(ErrorClass.ARG, "distributed graph: rank " + r + " gives weight " + weight[i] +
                    " to edge " + i);
            }
        }
        return triples;
    }

    /** Rank {@code r}'s edges, raising what is wrong with them as every rank would. */
    private static DistGraphTopology checked(final int r, final int n, final int[] in, final int[] inWeights,
        final int[] out, final int[] outWeights)
    {
        final DistGraphTopology graph;
        try
        {
            graph = new DistGraphTopology(in, inWeights, out, outWeights);
        }
        catch (final MpiError e)
        {
            throw new MpiError(e.errorClass(), "distributed graph: rank " + r + ": " + e.getMessage());
        }
        final String outside = graph.outsideOf(n, "rank " + r);
        if (outside != null)
        {
            throw new MpiError(ErrorClass.ARG, "distributed graph: " + outside);
        }
        return graph;
    }

    private static void sameWeighting(final DistGraphTopology[] graphs)
    {
        for (int r = 1; r < graphs.length; r++)
        {
            if (graphs[r].weighted() != graphs[0].weighted())
            {
                throw weightedAtRankZeroOnly(r, graphs[0].weighted());
            }
        }
    }

    /** Rank {@code r} gives weights where rank 0 gives none ({@code zero} false), or the other way round. */
    private static MpiError weightedAtRankZeroOnly(final int r, final boolean zero)
    {
        return new MpiError(ErrorClass.ARG, "distributed graph: rank " + r + (zero ? " gives no" : " gives") +
            " weights, rank 0" + (zero ? " does" : " does not"));
    }

    private static Communicator newContext(final Communicator comm)
    {
        return Communicator.intra(comm.engine(), Agreement.newContexts(comm, Communicators.INTRA_CONTEXTS), comm.group());
    }

    /** Every rank's {@code mine} (of any length), in rank order. */
    private static int[][] gather(final Communicator comm, final int[] mine)
    {
        final int[] lengths = Agreement.allgather(comm, new int[]{ mine.length });
        final int longest = Arrays.stream(lengths).max().orElse(0);
        final int[] all = Agreement.allgather(comm, Arrays.copyOf(mine, longest));
        final int[][] each = new int[lengths.length][];
        for (int r = 0; r < each.length; r++)
        {
            each[r] = Arrays.copyOfRange(all, r * longest, r * longest + lengths[r]);
        }
        return each;
    }

    /** Four lengths (a negative one: an absent array), then the arrays that are there. */
    private static int[] join(final int l0, final int l1, final int l2, final int l3, final int[]... arrays)
    {
        final int[] joined = new int[4 + Math.max(0, l0) + Math.max(0, l1) + Math.max(0, l2) + Math.max(0, l3)];
        joined[0] = l0;
        joined[1] = l1;
        joined[2] = l2;
        joined[3] = l3;
        int at = 4;
        for (final int[] array : arrays)
        {
            if (array != null)
            {
                System.arraycopy(array, 0, joined, at, array.length);
                at += array.length;
            }
        }
        return joined;
    }

    private static int lengthOf(final int[] array)
    {
        return array == null ? 0 : array.length;
    }

    private static int weightsLength(final int[] weights)
    {
        return weights == null ? -1 : weights.length;
    }

    private static int count(final int[] ranks, final int rank)
    {
        int k = 0;
        for (final int r : ranks)
        {
            k += r == rank ? 1 : 0;
        }
        return k;
    }
}
