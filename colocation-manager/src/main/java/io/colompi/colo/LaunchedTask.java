package io.colompi.colo;

import java.util.List;
import java.util.Map;

/**
 * A JVM that another launcher started ({@code srun}, {@code mpirun}, {@code mpiexec}), its place in the job read
 * from that launcher's variables: every task of a job computes the same {@link #layout}, and they meet through a
 * {@link RendezvousFile}.
 */
interface LaunchedTask
{
    /** This task: the JVM id; task 0 serves the job's rendezvous. */
    int task();

    /** The job: {@code ranksPerTask} ranks in each task's JVM, JVM {@code t} being task {@code t}. */
    JobLayout layout(int ranksPerTask);

    /** The job's nodes (names, which may share one host). */
    List<String> nodes();

    /** This task's node, one of {@link #nodes}. */
    String nodeName();

    /** The name of the job's rendezvous file: the same in every task, unique among the jobs that run at once. */
    String key();

    /** What tells this launch apart from an earlier one with the same {@link #key} (launchers reuse ids). */
    String instance();

    /** The job, for messages: {@code Slurm step 12.0}. */
    String describe();

    /**
     * The number of tasks that must tell each other their nodes before the job's layout is known (a
     * {@link NodeCensus} of them), or 0 where every task knows every task's node from its launcher.
     */
    default int census()
    {
        return 0;
    }

    /** This task, told each task's {@link #nodeName} as the census found them, by task. */
    default LaunchedTask onNodes(final List<String> nodeOfTask)
    {
        return this;
    }

    /** The variable {@code name}, trimmed; fails saying who sets it ({@code hint}) when it is missing or blank. */
    static String variable(final Map<String, String> env, final String name, final String hint)
    {
        final String value = env.get(name);
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(name + " is not set: " + hint);
        }
        return value.trim();
    }

    /** {@code value} of variable {@code name} as a number; fails naming it. */
    static int number(final String value, final String name)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + "=" + value + " is not a number", ex);
        }
    }
}
