package io.colompi.colo;

import java.util.List;
import java.util.Map;

/**
 * A process of MPICH's Hydra ({@code mpiexec -n 4 colojava -cp . Main}), from the variables its proxy gives each: its
 * rank ({@code PMI_RANK}) of {@code PMI_SIZE}, its place on its node ({@code MPI_LOCALRANKID} of
 * {@code MPI_LOCALNRANKS}), its node ({@link NodeLocalTask}: {@code MPIR_CVAR_CH3_INTERFACE_HOSTNAME}, the host as
 * Hydra's host list names it), and the job's name, which no variable holds: Hydra says it over {@code PMI_FD}, or
 * over {@code PMI_PORT} with {@code mpiexec -pmi-port}, where it also says the rank and size ({@link HydraPmi}). The
 * name holds {@code mpiexec}'s process id, a random number and its host: it is both the key and the instance.
 */
final class HydraTask
{
    static final String RANK = "PMI_RANK";
    static final String SIZE = "PMI_SIZE";
    static final String FD = "PMI_FD";
    static final String PORT = "PMI_PORT";
    static final String ID = "PMI_ID";
    static final String LOCAL_RANK = "MPI_LOCALRANKID";
    static final String LOCAL_SIZE = "MPI_LOCALNRANKS";
    static final String HOSTNAME = "MPIR_CVAR_CH3_INTERFACE_HOSTNAME";
    private static final String HINT = "a process that MPICH's mpiexec (Hydra) starts has it (is this an mpiexec job?)";

    private HydraTask()
    {
    }

    /**
     * Whether {@code env} is that of a process started by Hydra: a PMI channel and Hydra's count of the node's
     * processes (Slurm's {@code srun --mpi=pmi2} gives the first, not the second).
     */
    static boolean isTask(final Map<String, String> env)
    {
        return (env.get(FD) != null || env.get(PORT) != null) && env.get(LOCAL_SIZE) != null;
    }

    /**
     * The job of the process whose environment is {@code env}, as Hydra's {@code answer} names it (and, in port
     * mode, places the process); fails naming the variable that is missing or disagrees.
     */
    static NodeLocalTask of(final Map<String, String> env, final HydraPmi.Answer answer)
    {
        final boolean told = answer.rank() != HydraPmi.FROM_VARIABLES;
        final int rank = told ? answer.rank() : number(env, RANK);
        final int size = told ? answer.size() : number(env, SIZE);
        final int localRank = number(env, LOCAL_RANK);
        final int localSize = number(env, LOCAL_SIZE);
        NodeLocalTask.checkPlace("Hydra", List.of(RANK, SIZE, LOCAL_RANK, LOCAL_SIZE), rank, size, localRank, localSize);
        final String node = env.getOrDefault(HOSTNAME, "localhost").trim();
        final String key = answer.jobName().replaceAll("[^A-Za-z0-9_.-]", "_");
        return new NodeLocalTask(key, key, "mpiexec job " + key, rank, size, localSize == size, node, null);
    }

    /** The channel to Hydra's proxy in {@code env}, for messages: {@code PMI_FD=6}. */
    static String channel(final Map<String, String> env)
    {
        return env.get(FD) != null ? FD + "=" + env.get(FD) : PORT + "=" + env.get(PORT);
    }

    /** Whether Hydra gave this process a port to connect to ({@code mpiexec -pmi-port}) rather than a descriptor. */
    static boolean portMode(final Map<String, String> env)
    {
        return env.get(FD) == null;
    }

    /** The inherited descriptor {@code PMI_FD}. */
    static int descriptor(final Map<String, String> env)
    {
        return number(env, FD);
    }

    /** The process's id for Hydra in port mode, {@code PMI_ID}. */
    static String pmiId(final Map<String, String> env)
    {
        return Integer.toString(number(env, ID));
    }

    private static int number(final Map<String, String> env, final String name)
    {
        return LaunchedTask.number(LaunchedTask.variable(env, name, HINT), name);
    }
}
