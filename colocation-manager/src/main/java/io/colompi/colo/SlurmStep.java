package io.colompi.colo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The job step a task of {@code srun} belongs to, from the variables Slurm gives each task: its task id
 * ({@code SLURM_PROCID}) of {@code SLURM_NTASKS}, its node ({@code SLURM_NODEID}, {@code SLURMD_NODENAME}) among the
 * step's nodes ({@code SLURM_STEP_NODELIST}), the tasks of each node ({@code SLURM_STEP_TASKS_PER_NODE}) and its
 * place on its node ({@code SLURM_LOCALID}). Every task checks that they agree with each other and with Slurm's
 * block distribution (the default, {@code srun -m block}), which is what makes every task compute the same
 * {@link #layout}: JVM (task) {@code t} is on the node whose block holds {@code t}.
 *
 * @param jobId       {@code SLURM_JOB_ID}.
 * @param stepId      {@code SLURM_STEP_ID}.
 * @param task        {@code SLURM_PROCID}: this task, the JVM id.
 * @param tasksOnNode the step's tasks on each of its nodes.
 * @param nodes       the step's nodes (Slurm node names, which may share one host).
 * @param node        this task's node, an index into {@code nodes}.
 * @param srun        where the step's {@code srun} listens ({@code SLURM_SRUN_COMM_HOST:PORT}): tells this step
 *                    apart from an earlier one with the same ids (Slurm reuses ids after its state is wiped).
 */
record SlurmStep(String jobId, String stepId, int task, int[] tasksOnNode, List<String> nodes, int node, String srun)
    implements LaunchedTask
{
    static final String JOB_ID = "SLURM_JOB_ID";
    static final String STEP_ID = "SLURM_STEP_ID";
    static final String PROCID = "SLURM_PROCID";
    static final String NTASKS = "SLURM_NTASKS";
    static final String NODEID = "SLURM_NODEID";
    static final String LOCALID = "SLURM_LOCALID";
    static final String NODENAME = "SLURMD_NODENAME";
    static final String STEP_NODELIST = "SLURM_STEP_NODELIST";
    static final String STEP_TASKS_PER_NODE = "SLURM_STEP_TASKS_PER_NODE";
    static final String SRUN_HOST = "SLURM_SRUN_COMM_HOST";
    static final String SRUN_PORT = "SLURM_SRUN_COMM_PORT";

    /** Whether {@code env} is that of a task started by {@code srun} (a job step), not of a batch script. */
    static boolean isTask(final Map<String, String> env)
    {
        return env.get(JOB_ID) != null && env.get(STEP_ID) != null && env.get(PROCID) != null;
    }

    /** The step of the task whose environment is {@code env}; fails naming the variable that is missing or disagrees. */
    static SlurmStep of(final Map<String, String> env)
    {
        final String jobId = required(env, JOB_ID);
        final String stepId = required(env, STEP_ID);
        final int task = number(env, PROCID);
        final int ntasks = number(env, NTASKS);
        final int nodeId = number(env, NODEID);
        final int localId = number(env, LOCALID);
        final List<String> nodes = SlurmHostlist.hosts(required(env, STEP_NODELIST));
        final int[] tasksOnNode = SlurmHostlist.counts(required(env, STEP_TASKS_PER_NODE));
        final String srun = required(env, SRUN_HOST) + ":" + required(env, SRUN_PORT);
        if (tasksOnNode.length != nodes.size())
        {
            throw disagree(STEP_NODELIST + " names " + nodes.size() + " nodes, " + STEP_TASKS_PER_NODE + " counts tasks of " +
                tasksOnNode.length);
        }
        if (Arrays.stream(tasksOnNode).sum() != ntasks)
        {
            throw disagree(STEP_TASKS_PER_NODE + "=" + env.get(STEP_TASKS_PER_NODE) + " adds up to " +
                Arrays.stream(tasksOnNode).sum() + " tasks, " + NTASKS + " is " + ntasks);
        }
        if (task < 0 || task >= ntasks)
        {
            throw disagree(PROCID + "=" + task + " is not a task of " + NTASKS + "=" + ntasks);
        }
        if (nodeId < 0 || nodeId >= nodes.size())
        {
            throw disagree(NODEID + "=" + nodeId + " is not one of the " + nodes.size() + " nodes of " + STEP_NODELIST);
        }
        final String nodeName = env.get(NODENAME);
        if (nodeName != null && !nodeName.equals(nodes.get(nodeId)))
        {
            throw disagree(NODENAME + "=" + nodeName + ", but node " + nodeId + " of " + STEP_NODELIST + " is " +
                nodes.get(nodeId));
        }
        int first = 0;
        for (int n = 0; n < nodeId; n++)
        {
            first += tasksOnNode[n];
        }
        if (task < first || task >= first + tasksOnNode[nodeId] || localId != task - first)
        {
            throw disagree("task " + task + " (local " + localId + ") on node " + nodeId + " is not where the block " +
                "distribution puts it (tasks " + first + ".." + (first + tasksOnNode[nodeId] - 1) + " there); " +
                "colompi needs 'srun -m block' (the default)");
        }
        return new SlurmStep(jobId, stepId, task, tasksOnNode, nodes, nodeId, srun);
    }

    @Override
    public JobLayout layout(final int ranksPerTask)
    {
        final int[] ranksOnNode = new int[tasksOnNode.length];
        Arrays.setAll(ranksOnNode, n -> tasksOnNode[n] * ranksPerTask);
        return JobLayout.onNodes(ranksOnNode, ranksPerTask);
    }

    /** {@code <job>.<step>}: the key of this step's files. */
    @Override
    public String key()
    {
        return jobId + "." + stepId;
    }

    @Override
    public String nodeName()
    {
        return nodes.get(node);
    }

    @Override
    public String instance()
    {
        return srun;
    }

    @Override
    public String describe()
    {
        return "Slurm step " + key();
    }

    private static String required(final Map<String, String> env, final String name)
    {
        return LaunchedTask.variable(env, name, "a task of srun has it (is this a Slurm job step?)");
    }

    private static int number(final Map<String, String> env, final String name)
    {
        return LaunchedTask.number(required(env, name), name);
    }

    private static IllegalArgumentException disagree(final String what)
    {
        return new IllegalArgumentException("Slurm's variables disagree: " + what);
    }
}
