package io.colompi.colo;

import java.util.List;
import java.util.Map;

/**
 * A process of Open MPI's {@code mpirun} ({@code mpirun -np 4 colojava -cp . Main}), from the variables it gives
 * each: its rank ({@code OMPI_COMM_WORLD_RANK}, or {@code PMIX_RANK}) of {@code OMPI_COMM_WORLD_SIZE}, its place on
 * its node ({@code OMPI_COMM_WORLD_LOCAL_RANK} of {@code OMPI_COMM_WORLD_LOCAL_SIZE}), the job
 * ({@code PMIX_NAMESPACE}, else {@code OMPI_MCA_ess_base_jobid}: the key) and the {@code mpirun} that started it
 * ({@code OMPI_MCA_orte_hnp_uri}, else {@code PMIX_SERVER_URI4}: its address, unique while it runs; the instance).
 * Its node ({@link NodeLocalTask}) is its host name ({@code PMIX_HOSTNAME}, else {@code localhost}), across nodes
 * followed by {@code /} and the Open MPI daemon that started the process ({@code OMPI_MCA_orte_local_daemon_uri}; one
 * per node, so hosts of the same name are told apart).
 */
final class MpirunTask
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

    private MpirunTask()
    {
    }

    /** Whether {@code env} is that of a process started by Open MPI's {@code mpirun}. */
    static boolean isTask(final Map<String, String> env)
    {
        return env.get(SIZE) != null && (env.get(RANK) != null || env.get(PMIX_RANK) != null);
    }

    /** The job of the process whose environment is {@code env}; fails naming the variable that is missing or disagrees. */
    static NodeLocalTask of(final Map<String, String> env)
    {
        final String rankVariable = env.get(RANK) != null ? RANK : PMIX_RANK;
        final int rank = number(env, rankVariable);
        final int size = number(env, SIZE);
        final int localRank = env.get(LOCAL_RANK) != null ? number(env, LOCAL_RANK) : rank;
        final int localSize = env.get(LOCAL_SIZE) != null ? number(env, LOCAL_SIZE) : size;
        NodeLocalTask.checkPlace("mpirun", List.of(rankVariable, SIZE, LOCAL_RANK, LOCAL_SIZE), rank, size, localRank,
            localSize);
        final String jobId = LaunchedTask.variable(env, env.get(NAMESPACE) != null ? NAMESPACE : JOB_ID, HINT);
        final String mpirun = env.getOrDefault(HNP_URI, env.getOrDefault(SERVER_URI, jobId));
        final boolean onOneNode = localSize == size;
        final String host = env.getOrDefault(HOSTNAME, "localhost");
        final String daemon = env.get(DAEMON_URI);
        final String node = onOneNode || daemon == null ? host : host + "/" + daemonOf(daemon);
        final String key = jobId.replaceAll("[^A-Za-z0-9_.-]", "_");
        return new NodeLocalTask(key, mpirun, "mpirun job " + key, rank, size, onOneNode, node, null);
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

    private static int number(final Map<String, String> env, final String name)
    {
        return LaunchedTask.number(LaunchedTask.variable(env, name, HINT), name);
    }
}
