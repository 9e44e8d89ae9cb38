package io.colompi.bench;

import io.colompi.core.job.CollectiveTuning;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flat algorithms of each collective, each forced through the thresholds of {@link CollectiveTuning} (see
 * {@code Collectives} for the selection rules), for {@code Osu COLLECTIVE --algorithms}: one job times them all,
 * size by size, so every algorithm meets the same machine load. {@code default} is the thresholds in force,
 * {@code flat} the same without the shared-memory versions (every rank runs the flat algorithm), and
 * {@code node-arenas} (bcast, allreduce, allgather, alltoall) the placement-aware versions through node
 * arenas at every size.
 */
final class Algorithms
{
    private static final int MAX = Integer.MAX_VALUE;
    private static final Map<String, Map<String, Object[]>> FORCING = new LinkedHashMap<>();

    static
    {
        force("bcast", "binomial", "bcastShortBytes", MAX);
        force("bcast", "scatter-allgather", "bcastShortBytes", 0, "bcastMinProcs", 0);
        force("allreduce", "recursive-doubling", "allreduceShortBytes", MAX);
        force("allreduce", "rabenseifner", "allreduceShortBytes", -1, "allreduceRingBytes", MAX);
        force("allreduce", "ring", "allreduceShortBytes", -1, "allreduceRingBytes", 0, "allreduceRingMinProcs", 0);
        force("allgather", "recursive-doubling", "allgatherLongBytes", MAX);
        force("allgather", "bruck", "allgatherLongBytes", 0, "allgatherShortBytes", MAX);
        force("allgather", "ring", "allgatherLongBytes", 0, "allgatherShortBytes", 0);
        force("alltoall", "bruck", "alltoallMinProcs", 0, "alltoallShortBytes", MAX);
        force("alltoall", "pairwise", "alltoallShortBytes", -1);
        force("gather", "binomial", "gatherShortBytes", MAX);
        force("gather", "linear", "gatherShortBytes", 0);
        force("scatter", "binomial", "scatterShortBytes", MAX);
        force("scatter", "linear", "scatterShortBytes", 0);
        for (final String collective : List.of("bcast", "allreduce", "allgather", "alltoall"))
        {
            // not flat: through the node arenas at every size (where a node hosts several JVMs)
            force(collective, "node-arenas", "hierarchical", Boolean.TRUE, "nodeAllreduceBytes", 0, "nodeBcastBytes", 0,
                "nodeAllgatherBytes", 0, "nodeAlltoallBytes", 0);
        }
    }

    private Algorithms()
    {
    }

    /** The flat algorithms of {@code collective}, by name, and {@code default}. */
    static List<String> of(final Collective collective)
    {
        final List<String> names = new java.util.ArrayList<>(FORCING.getOrDefault(collective.label(), Map.of()).keySet());
        names.add("default");
        return names;
    }

    /**
     * The thresholds that force {@code algorithm} of {@code collective}, the others as in {@code base}; flat (no
     * shared-memory versions).
     */
    static CollectiveTuning tuning(final Collective collective, final String algorithm, final CollectiveTuning base)
    {
        if (algorithm.equals("default"))
        {
            return base;
        }
        final Object[] changes = algorithm.equals("flat") ? new Object[0] :
            FORCING.getOrDefault(collective.label(), Map.of()).get(algorithm);
        if (changes == null)
        {
            throw new IllegalArgumentException(collective.label() + " has no algorithm " + algorithm + "; known: " +
                of(collective));
        }
        try
        {
            final RecordComponent[] components = CollectiveTuning.class.getRecordComponents();
            final Object[] values = new Object[components.length];
            final Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++)
            {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("hierarchical") ? Boolean.FALSE :
                    components[i].getAccessor().invoke(base);
                for (int c = 0; c < changes.length; c += 2)
                {
                    if (components[i].getName().equals(changes[c]))
                    {
                        values[i] = changes[c + 1];
                    }
                }
            }
            return CollectiveTuning.class.getDeclaredConstructor(types).newInstance(values);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("cannot build the thresholds of " + algorithm, e);
        }
    }

    private static void force(final String collective, final String algorithm, final Object... changes)
    {
        FORCING.computeIfAbsent(collective, k -> new LinkedHashMap<>()).put(algorithm, changes);
    }
}
