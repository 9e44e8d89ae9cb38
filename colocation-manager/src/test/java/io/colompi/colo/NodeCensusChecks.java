package io.colompi.colo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every launcher that tells a process only its own node must give: after the census, the same layout. */
final class NodeCensusChecks
{
    private NodeCensusChecks()
    {
    }

    /**
     * Four processes placed by round robin on two nodes, {@code first} and {@code second} ({@code process} makes
     * process t): each takes a census of all four, and every one then makes the same layout of two ranks a process,
     * JVM t on process t's node.
     */
    static void assertRoundRobinOnTwoNodes(final IntFunction<LaunchedTask> process, final String first,
        final String second)
    {
        final List<String> census = new ArrayList<>();
        final List<LaunchedTask> tasks = new ArrayList<>();
        for (int rank = 0; rank < 4; rank++)
        {
            final LaunchedTask task = process.apply(rank);
            assertEquals(4, task.census());
            assertEquals(rank % 2 == 0 ? first : second, task.nodeName());
            census.add(task.nodeName());
            tasks.add(task);
        }
        for (final LaunchedTask task : tasks)
        {
            final LaunchedTask counted = task.onNodes(census);
            assertEquals(List.of(first, second), counted.nodes());
            final JobLayout layout = counted.layout(2);
            assertEquals(8, layout.np());
            assertArrayEquals(new int[]{ 0, 1, 0, 1 }, new int[]{ layout.nodeOfJvm(0), layout.nodeOfJvm(1),
                layout.nodeOfJvm(2), layout.nodeOfJvm(3) });
            assertArrayEquals(new int[]{ 6, 7 }, layout.ranksOf(3));
        }
    }
}
