package io.colompi.colo;

import java.util.List;
import java.util.Map;

/**
 * A process of Open MPI's {@code mpirun} on one node ({@code mpirun -np 4 colojava -cp . Main}), from the variables
 * it gives each: its rank ({@code OMPI_COMM_WORLD_RANK}, or {@code PMIX_RANK}) of {@code OMPI_COMM_WORLD_SIZE}, its
 * place on its node ({@code OMPI_COMM_WORLD_LOCAL_RANK} of {@code OMPI_COMM_WORLD_LOCAL_SIZE}, which must be the
 * same: one node), the job ({@code PMIX_NAMESPACE}, else {@code OMPI_MCA_ess_base_jobid}) and the {@code mpirun}
 * that started it ({@code OMPI_MCA_orte_hnp_uri}, else {@code PMIX_SERVER_URI4}: its address, unique while it runs).
 *
 * @param jobId  the job's id in Open MPI, the same in every process of the job.
 * @param task   this process's rank in {@code MPI_COMM_WORLD}: the JVM id.
 * @param size   the processes of the job.
 * @param node   this node's name ({@code PMIX_HOSTNAME}, else {@code localhost}).
 * @param mpirun the {@code mpirun} that started the job.
 */
record MpirunTask(String jobId, int task, int size, String node, String mpirun) implements LaunchedTask
{
    static final String RANK = "OMPI_COMM_WORLD_RANK";
    static final String SIZE = "OMPI_COMM_WORLD_SIZE";
    static final String LOCAL_RANK = "OMPI_COMM_WORLD_LOCAL_RANK";
    static final String LOCAL_SIZE = "OMPI_COMM_WORLD_LOCAL_SIZE";
    static final String PMIX_RANK = "PMIX_RANK";
    static final String NAMESPACE = "PMIX_NAMESPACE";
    static final String JOB_ID = "OMPI_MCA_ess_base_jobid";
    static final String HNP_URI = "OMPI_MCA_orte_hnp_uri";
    static final String SERVER_URI = "PMIX_SERVER_URI4";
    static final String HOSTNAME = "PMIX_HOSTNAME";
    private static final String HINT = "a process that Open MPI's mpirun starts has it (is this an mpirun job?)";

    /** Whether {@code env} is that of a process started by Open MPI's {@code mpirun}. */
    static boolean isTask(final Map<String, String> env)
    {
        return env.get(SIZE) != null && (env.get(RANK) != null || env.get(PMIX_RANK) != null);
    }

    /** The job of the process whose environment is {@code env}; fails naming the variable that is missing or disagrees. */
    static MpirunTask of(final Map<String, String> env)
    {
        final String rankVariable = env.get(RANK) != null ? RANK : PMIX_RANK;
        final int rank = number(env, rankVariable);
        final int size = number(env, SIZE);
        final int localRank = env.get(LOCAL_RANK) != null ? number(env, LOCAL_RANK) : rank;
        final int localSize = env.get(LOCAL_SIZE) != null ? number(env, LOCAL_SIZE) : size;
        if (rank < 0 || rank >= size)
        {
            throw new IllegalArgumentException("mpirun's variables disagree: " + rankVariable + "=" + rank +
                " is not a rank of " + SIZE + "=" + size);
        }
        if (localSize != size || localRank != rank)
        {
            throw new IllegalArgumentException("colompi under mpirun runs on one node: " + LOCAL_SIZE + "=" + localSize +
                " of " + SIZE + "=" + size + " (" + LOCAL_RANK + "=" + localRank + ", " + rankVariable + "=" + rank +
                "); for several nodes use colorun --hostfile, or srun");
        }
        final String jobId = LaunchedTask.variable(env, env.get(NAMESPACE) != null ? NAMESPACE : JOB_ID, HINT);
        final String mpirun = env.getOrDefault(HNP_URI, env.getOrDefault(SERVER_URI, jobId));
        final String node = env.getOrDefault(HOSTNAME, "localhost");
        return new MpirunTask(jobId.replaceAll("[^A-Za-z0-9_.-]", "_"), rank, size, node, mpirun);
    }

    @Override
    public JobLayout layout(final int ranksPerTask)
    {
        return JobLayout.onNodes(new int[]{ size * ranksPerTask }, ranksPerTask);
    }

    @Override
    public List<String> nodes()
    {
        return List.of(node);
    }

    @Override
    public String nodeName()
    {
        return node;
    }

    @Override
    public String key()
    {
        return jobId;
    }

    @Override
    public String instance()
    {
        return mpirun;
    }

    @Override
    public String describe()
    {
        return "mpirun job " + jobId;
    }

    private static int number(final Map<String, String> env, final String name)
    {
        return LaunchedTask.number(LaunchedTask.variable(env, name, HINT), name);
    }
}
