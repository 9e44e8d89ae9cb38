package io.colompi.colo;

import java.util.Arrays;
import java.util.List;

/**
 * A process of a launcher that tells each process its rank, the job's size and its own node only (Open MPI's
 * {@code mpirun}: {@link MpirunTask}; MPICH's Hydra: {@link HydraTask}). On one node (local size = size) every process
 * knows the layout; across nodes the processes take a {@link NodeCensus} first, and process t is JVM t on its node,
 * however the launcher mapped them.
 *
 * @param key        the job's name, the same in every process of the job.
 * @param instance   what tells this launch apart from an earlier one of the same key.
 * @param describe   the job, for messages.
 * @param task       this process's rank: the JVM id.
 * @param size       the processes of the job.
 * @param onOneNode  whether all of them run on this process's node.
 * @param nodeName   this process's node.
 * @param nodeOfTask every process's node, by rank, once the census found them; null before, and on one node.
 */
record NodeLocalTask(String key, String instance, String describe, int task, int size, boolean onOneNode,
    String nodeName, List<String> nodeOfTask) implements LaunchedTask
{
    /**
     * Fails, naming {@code launcher}'s variables ({@code rank}, {@code size}, {@code localRank}, {@code localSize}
     * are the values of {@code variables}, in that order), unless this process is one of the job's and one of its
     * node's, and the node holds at most the job's processes.
     */
    static void checkPlace(final String launcher, final List<String> variables, final int rank, final int size,
        final int localRank, final int localSize)
    {
        if (rank < 0 || rank >= size)
        {
            throw new IllegalArgumentException(launcher + "'s variables disagree: " + variables.get(0) + "=" + rank +
                " is not a rank of " + variables.get(1) + "=" + size);
        }
        if (localSize < 1 || localSize > size || localRank < 0 || localRank >= localSize)
        {
            throw new IllegalArgumentException(launcher + "'s variables disagree: " + variables.get(2) + "=" +
                localRank + " of " + variables.get(3) + "=" + localSize + " on a node, of " + variables.get(1) + "=" +
                size);
        }
    }

    @Override
    public int census()
    {
        return onOneNode ? 0 : size;
    }

    @Override
    public LaunchedTask onNodes(final List<String> nodes)
    {
        return new NodeLocalTask(key, instance, describe, task, size, onOneNode, nodeName, List.copyOf(nodes));
    }

    @Override
    public JobLayout layout(final int ranksPerTask)
    {
        if (nodeOfTask == null)
        {
            return JobLayout.onNodes(new int[]{ size * ranksPerTask }, ranksPerTask);
        }
        final List<String> nodes = nodes();
        final int[] nodeOfJvm = new int[size];
        Arrays.setAll(nodeOfJvm, jvm -> nodes.indexOf(nodeOfTask.get(jvm)));
        final int[] jvmOfRank = new int[size * ranksPerTask];
        Arrays.setAll(jvmOfRank, rank -> rank / ranksPerTask);
        return new JobLayout(jvmOfRank, nodeOfJvm);
    }

    /** The job's nodes, in the order of their first process. */
    @Override
    public List<String> nodes()
    {
        return nodeOfTask == null ? List.of(nodeName) : nodeOfTask.stream().distinct().toList();
    }
}
