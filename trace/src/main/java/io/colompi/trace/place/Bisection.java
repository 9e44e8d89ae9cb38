package io.colompi.trace.place;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Graph partitioning by recursive bisection with Kernighan-Lin refinement (Kernighan and Lin, 1970): the vertices
 * (ranks, weighted edges = bytes exchanged) are cut in two groups of the sizes the parts below each side need,
 * starting from their order (so from the blocks a plain launch would make), then KL passes swap the pairs whose
 * exchange lowers the weight crossing the cut most, keeping the best prefix of each pass, until a pass gains
 * nothing. Each side is cut again the same way until every part is one group. A pass costs O(n^3) (n vertices in
 * the cut): fine for the hundreds of ranks a trace shows; no library does this for Java and is kept up.
 */
public final class Bisection
{
    private static final int MAX_PASSES = 20;

    private final long[][] weights;

    private Bisection(final long[][] weights)
    {
        this.weights = weights;
    }

    /**
     * Assign each vertex of the symmetric {@code weights} graph to a part, part {@code p} taking exactly
     * {@code sizes[p]} vertices, so that the weight between parts is small. Returns the part of each vertex.
     */
    public static int[] partition(final long[][] weights, final int[] sizes)
    {
        final int total = Arrays.stream(sizes).sum();
        if (total != weights.length)
        {
            throw new IllegalArgumentException("part sizes add up to " + total + ", the graph has " + weights.length +
                " vertices");
        }
        final int[] partOf = new int[weights.length];
        final List<Integer> all = new ArrayList<>();
        for (int v = 0; v < weights.length; v++)
        {
            all.add(v);
        }
        new Bisection(weights).split(all, sizes, 0, sizes.length, partOf);
        return partOf;
    }

    /** The weight of the edges whose ends are in different parts. */
    public static long cut(final long[][] weights, final int[] partOf)
    {
        long cut = 0;
        for (int a = 0; a < weights.length; a++)
        {
            for (int b = a + 1; b < weights.length; b++)
            {
                if (partOf[a] != partOf[b])
                {
                    cut += weights[a][b];
                }
            }
        }
        return cut;
    }

    private void split(final List<Integer> vertices, final int[] sizes, final int from, final int to, final int[] partOf)
    {
        if (to - from == 1)
        {
            vertices.forEach(v -> partOf[v] = from);
            return;
        }
        final int middle = from + (to - from) / 2;
        int sizeA = 0;
        for (int p = from; p < middle; p++)
        {
            sizeA += sizes[p];
        }
        final int[] a = vertices.subList(0, sizeA).stream().mapToInt(Integer::intValue).toArray();
        final int[] b = vertices.subList(sizeA, vertices.size()).stream().mapToInt(Integer::intValue).toArray();
        refine(a, b);
        Arrays.sort(a);
        Arrays.sort(b);
        split(Arrays.stream(a).boxed().toList(), sizes, from, middle, partOf);
        split(Arrays.stream(b).boxed().toList(), sizes, middle, to, partOf);
    }

    /** Kernighan-Lin passes over the cut between {@code a} and {@code b}; swaps in place. */
    void refine(final int[] a, final int[] b)
    {
        final int steps = Math.min(a.length, b.length);
        if (steps == 0)
        {
            return;
        }
        for (int pass = 0; pass < MAX_PASSES; pass++)
        {
            final long[] dA = new long[a.length];
            final long[] dB = new long[b.length];
            for (int i = 0; i < a.length; i++)
            {
                dA[i] = external(a[i], b) - external(a[i], a);
            }
            for (int j = 0; j < b.length; j++)
            {
                dB[j] = external(b[j], a) - external(b[j], b);
            }
            final boolean[] lockedA = new boolean[a.length];
            final boolean[] lockedB = new boolean[b.length];
            final int[] swapA = new int[steps];
            final int[] swapB = new int[steps];
            long gain = 0;
            long bestGain = 0;
            int bestSteps = 0;
            for (int step = 0; step < steps; step++)
            {
                int bestI = -1;
                int bestJ = -1;
                long best = Long.MIN_VALUE;
                for (int i = 0; i < a.length; i++)
                {
                    if (lockedA[i])
                    {
                        continue;
                    }
                    for (int j = 0; j < b.length; j++)
                    {
                        if (!lockedB[j])
                        {
                            final long g = dA[i] + dB[j] - 2 * weights[a[i]][b[j]];
                            if (g > best)
                            {
                                best = g;
                                bestI = i;
                                bestJ = j;
                            }
                        }
                    }
                }
                lockedA[bestI] = true;
                lockedB[bestJ] = true;
                swapA[step] = bestI;
                swapB[step] = bestJ;
                gain += best;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestSteps = step + 1;
                }
                final int movedA = a[bestI];
                final int movedB = b[bestJ];
                for (int i = 0; i < a.length; i++)
                {
                    if (!lockedA[i])
                    {
                        dA[i] += 2 * weights[a[i]][movedA] - 2 * weights[a[i]][movedB];
                    }
                }
                for (int j = 0; j < b.length; j++)
                {
                    if (!lockedB[j])
                    {
                        dB[j] += 2 * weights[b[j]][movedB] - 2 * weights[b[j]][movedA];
                    }
                }
            }
            if (bestSteps == 0)
            {
                return;
            }
            for (int step = 0; step < bestSteps; step++)
            {
                final int held = a[swapA[step]];
                a[swapA[step]] = b[swapB[step]];
                b[swapB[step]] = held;
            }
        }
    }

    private long external(final int vertex, final int[] group)
    {
        long sum = 0;
        for (final int other : group)
        {
            if (other != vertex)
            {
                sum += weights[vertex][other];
            }
        }
        return sum;
    }
}
