package io.colompi.colo;

import io.colompi.core.job.Placement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code colorun --bind-to core} (a rank JVM's {@code -Dcolompi.bind=core}): each rank thread pins itself to a CPU of
 * its own, as Open MPI binds each process to a core. Unpinned, Linux may keep two busy rank threads on one CPU for long
 * stretches (one that ran within the last half millisecond counts as cache-hot), where they take turns and a wait
 * costs tens of microseconds; pinned, a halo exchange's steady state was 15-25 % faster, but the JIT's compiler
 * threads then share the ranks' CPUs and the warm-up is longer (bench/RESULTS.md, session 22). A rank takes the CPU
 * at its place among its node's ranks in the CPUs this JVM may run on ({@code Cpus_allowed_list}); where the node's
 * ranks outnumber those CPUs (an oversubscribed node, or tasks that {@code srun} or {@code mpirun} bound already), no
 * rank is bound and one line says so. Linux: {@code taskset} on the thread's id.
 */
final class CoreBinding
{
    static final String PROPERTY = "colompi.bind";

    private final Placement placement;
    private final List<Integer> cpus;

    private CoreBinding(final Placement placement, final List<Integer> cpus)
    {
        this.placement = placement;
        this.cpus = cpus;
    }

    /** The binding the JVM's {@value #PROPERTY} asks for in {@code placement}, or null: none. */
    static CoreBinding of(final Placement placement)
    {
        final String mode = System.getProperty(PROPERTY, "none");
        if ("none".equals(mode))
        {
            return null;
        }
        if (!"core".equals(mode))
        {
            throw new IllegalArgumentException(PROPERTY + " must be core or none, not '" + mode + "'");
        }
        return new CoreBinding(placement, allowedCpus());
    }

    /** Pin the calling thread, rank {@code rank}'s, to its CPU; a failure is one line on stderr, not the rank's end. */
    void bind(final int rank)
    {
        final int node = placement.nodeOf(rank);
        int index = 0;
        int onNode = 0;
        for (int r = 0; r < placement.size(); r++)
        {
            if (placement.nodeOf(r) == node)
            {
                index += r < rank ? 1 : 0;
                onNode++;
            }
        }
        if (onNode > cpus.size())
        {
            if (index == 0)
            {
                System.err.println("colompi: --bind-to core: node " + node + " runs " + onNode + " ranks on the " +
                    cpus.size() + " CPUs this JVM may use: not bound");
            }
            return;
        }
        final int cpu = cpus.get(index);
        try
        {
            final String thread = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            final Process taskset = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu), thread)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0)
            {
                taskset.destroyForcibly();
                System.err.println("colompi: rank " + rank + " not bound to CPU " + cpu + ": taskset failed");
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            System.err.println("colompi: rank " + rank + " not bound to CPU " + cpu + ": " + ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The CPUs this JVM may run on, from {@code /proc/self/status} ({@code 0-3,8}); else 0 .. processors - 1. */
    private static List<Integer> allowedCpus()
    {
        final List<Integer> cpus = new ArrayList<>();
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Cpus_allowed_list:"))
                {
                    for (final String range : line.substring(line.indexOf(':') + 1).trim().split(","))
                    {
                        final String[] ends = range.split("-");
                        final int first = Integer.parseInt(ends[0].trim());
                        final int last = Integer.parseInt(ends[ends.length - 1].trim());
                        for (int cpu = first; cpu <= last; cpu++)
                        {
                            cpus.add(cpu);
                        }
                    }
                    return cpus;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            cpus.clear();
        }
        for (int cpu = 0; cpu < Runtime.getRuntime().availableProcessors(); cpu++)
        {
            cpus.add(cpu);
        }
        return cpus;
    }
}
