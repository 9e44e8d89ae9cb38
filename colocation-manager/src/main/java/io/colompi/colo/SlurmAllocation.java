package io.colompi.colo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The nodes of the Slurm allocation {@code colorun} runs in ({@code salloc}, {@code sbatch}): the nodes of
 * {@code SLURM_JOB_NODELIST} with the slots of {@code SLURM_TASKS_PER_NODE} (the tasks the allocation was asked for),
 * whose JVMs start through {@code srun}, one job step per JVM: {@value #AGENT} ({@code --overlap}: the steps share
 * the allocation's CPUs; {@code --immediate}: a step that cannot start fails instead of pending for ever). Every node
 * is reached through {@code srun}, also one named like this machine, so that Slurm sees, bounds and ends every JVM.
 */
final class SlurmAllocation
{
    static final String JOB_NODELIST = "SLURM_JOB_NODELIST";
    static final String TASKS_PER_NODE = "SLURM_TASKS_PER_NODE";
    static final String JOB_ID = "SLURM_JOB_ID";
    /** How a JVM starts on a node of the allocation. */
    static final String AGENT = "srun --overlap --immediate=60 --quiet --nodes=1 --ntasks=1 --nodelist={host}";

    private SlurmAllocation()
    {
    }

    /** Whether {@code env} is that of a shell in a Slurm allocation. */
    static boolean isAllocation(final Map<String, String> env)
    {
        return env.get(JOB_ID) != null && env.get(JOB_NODELIST) != null;
    }

    /**
     * The allocation's nodes for {@code np} ranks; fails (naming the variables) if they disagree, or if {@code np}
     * exceeds the allocation's slots and {@code oversubscribe} was not asked for.
     */
    static JobNodes nodes(
        final Map<String, String> env, final int np, final boolean oversubscribe, final InetAddress launcherAddress)
    {
        final String nodeList = env.get(JOB_NODELIST);
        final String tasks = env.get(TASKS_PER_NODE);
        if (tasks == null || tasks.isBlank())
        {
            throw new IllegalArgumentException(TASKS_PER_NODE + " is not set: ask the allocation for tasks " +
                "(salloc/sbatch -n N), or give a --hostfile");
        }
        final List<String> names = SlurmHostlist.hosts(nodeList);
        final int[] slots = SlurmHostlist.counts(tasks);
        if (slots.length != names.size())
        {
            throw new IllegalArgumentException("Slurm's variables disagree: " + JOB_NODELIST + "=" + nodeList + " names " +
                names.size() + " nodes, " + TASKS_PER_NODE + "=" + tasks + " counts tasks of " + slots.length);
        }
        final int total = Arrays.stream(slots).sum();
        if (np > total && !oversubscribe)
        {
            throw new IllegalArgumentException("-np " + np + " is more than the " + total + " tasks of the Slurm " +
                "allocation (" + TASKS_PER_NODE + "=" + tasks + " on " + nodeList + "); ask for more, or add " +
                "--oversubscribe to run " + np + " ranks on them anyway");
        }
        final List<HostSlots> hosts = new ArrayList<>(names.size());
        for (int node = 0; node < names.size(); node++)
        {
            hosts.add(new HostSlots(names.get(node), slots[node]));
        }
        return JobNodes.hosts(hosts, LaunchAgent.parse(AGENT), launcherAddress);
    }
}
