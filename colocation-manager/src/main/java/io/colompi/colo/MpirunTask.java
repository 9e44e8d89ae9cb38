package io.colompi.colo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A process of Open MPI's {@code mpirun} ({@code mpirun -np 4 colojava -cp . Main}), from the variables it gives
 * each: its rank ({@code OMPI_COMM_WORLD_RANK}, or {@code PMIX_RANK}) of {@code OMPI_COMM_WORLD_SIZE}, its place on
 * its node ({@code OMPI_COMM_WORLD_LOCAL_RANK} of {@code OMPI_COMM_WORLD_LOCAL_SIZE}), the job
 * ({@code PMIX_NAMESPACE}, else {@code OMPI_MCA_ess_base_jobid}) and the {@code mpirun} that started it
 * ({@code OMPI_MCA_orte_hnp_uri}, else {@code PMIX_SERVER_URI4}: its address, unique while it runs). On one node
 * (local size = size) every process knows the layout. Across nodes each knows only its own node, so the processes
 * take a {@link NodeCensus} first: a node is its host name ({@code PMIX_HOSTNAME}) and the Open MPI daemon that
 * started the process ({@code OMPI_MCA_orte_local_daemon_uri}; one per node, so hosts of the same name are told
 * apart); however {@code mpirun} mapped the processes, process t is JVM t on its node.
 *
 * @param jobId      the job's id in Open MPI, the same in every process of the job.
 * @param task       this process's rank in {@code MPI_COMM_WORLD}: the JVM id.
 * @param size       the processes of the job.
 * @param onOneNode  whether all of them run on this process's node.
 * @param node       this process's node: {@code PMIX_HOSTNAME} (else {@code localhost}), across nodes followed by
 *                   {@code /} and its daemon.
 * @param mpirun     the {@code mpirun} that started the job.
 * @param nodeOfTask every process's node, by rank, once the census found them; null before, and on one node.
 */
record MpirunTask(String jobId, int task, int size, boolean onOneNode, String node, String mpirun,
    List<String> nodeOfTask) implements LaunchedTask
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
    static final String DAEMON_URI = "OMPI_MCA_orte_local_daemon_uri";
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
        if (localSize < 1 || localSize > size || localRank < 0 || localRank >= localSize)
        {
            throw new IllegalArgumentException("mpirun's variables disagree: " + LOCAL_RANK + "=" + localRank + " of " +
                LOCAL_SIZE + "=" + localSize + " on a node, of " + SIZE + "=" + size);
        }
        final String jobId = LaunchedTask.variable(env, env.get(NAMESPACE) != null ? NAMESPACE : JOB_ID, HINT);
        final String mpirun = env.getOrDefault(HNP_URI, env.getOrDefault(SERVER_URI, jobId));
        final boolean onOneNode = localSize == size;
        final String host = env.getOrDefault(HOSTNAME, "localhost");
        final String daemon = env.get(DAEMON_URI);
        final String node = onOneNode || daemon == null ? host : host + "/" + daemonOf(daemon);
        return new MpirunTask(jobId.replaceAll("[^A-Za-z0-9_.-]", "_"), rank, size, onOneNode, node, mpirun, null);
    }

    /** The daemon's id in {@code uri}, {@code <job family>.<daemon>;<addresses>}. */
    private static String daemonOf(final String uri)
    {
        final int dot = uri.indexOf('.');
        final int semicolon = uri.indexOf(';');
        if (dot < 0 || semicolon < dot)
        {
            throw new IllegalArgumentException(DAEMON_URI + "=" + uri + " does not name a daemon");
        }
        return uri.substring(dot + 1, semicolon);
    }

    @Override
    public int census()
    {
        return onOneNode ? 0 : size;
    }

    @Override
    public LaunchedTask onNodes(final List<String> nodes)
    {
        return new MpirunTask(jobId, task, size, onOneNode, node, mpirun, List.copyOf(nodes));
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
        return nodeOfTask == null ? List.of(node) : nodeOfTask.stream().distinct().toList();
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
