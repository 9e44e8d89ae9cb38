package io.colompi.bench;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.pt2pt.RankBinding;
import io.colompi.core.wait.WaitPolicy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the job's ranks live, as results are labelled: the placement ({@code colocated} when every rank shares one
 * JVM, else {@code rpj=K} ranks per JVM, with {@code /nodes=N} when there are several) and the transport tier that
 * carries a given pair's messages ({@code local} same JVM, {@code shm} same node, {@code aeron} other node).
 */
public final class JobShape
{
    private final int np;
    private final Placement placement;
    private final WaitPolicy waitPolicy;
    private final Path sharedMemoryDir;

    private JobShape(final int np, final Placement placement, final WaitPolicy waitPolicy, final Path sharedMemoryDir)
    {
        this.np = np;
        this.placement = placement;
        this.waitPolicy = waitPolicy;
        this.sharedMemoryDir = sharedMemoryDir;
    }

    /** The shape of the running job, read from the rank's engine (a program launched by colorun has one). */
    public static JobShape detect(final int np)
    {
        final JobContext job = jobOfThisRank();
        if (job != null)
        {
            return new JobShape(np, job.placement(), job.waitPolicy(), job.wiring().sharedMemoryDir());
        }
        return new JobShape(np, Placement.singleJvm(np), RuntimeSettings.ofJvm().waitPolicy(), null);
    }

    /** The job of the rank running this code, from its class loader (colorun's ranks have one), or null. */
    public static JobContext jobOfThisRank()
    {
        final ClassLoader loader = JobShape.class.getClassLoader();
        return loader instanceof RankBinding ? ((RankBinding)loader).engine().job() : null;
    }

    /** The job's directory in {@code /dev/shm} (removed by the launcher at the end), or null in a one-JVM job. */
    public Path sharedMemoryDir()
    {
        return sharedMemoryDir;
    }

    /** How this JVM's ranks wait (after colompi adapted it to ranks vs cores): the raw limit waits the same way. */
    public WaitPolicy waitPolicy()
    {
        return waitPolicy;
    }

    public int np()
    {
        return np;
    }

    /** Ranks in rank 0's JVM. */
    public int ranksPerJvm()
    {
        int k = 0;
        for (int r = 0; r < np; r++)
        {
            if (placement.sameJvm(0, r))
            {
                k++;
            }
        }
        return k;
    }

    public int jvms()
    {
        final Set<Integer> jvms = new HashSet<>();
        for (int r = 0; r < np; r++)
        {
            jvms.add(placement.jvmOf(r));
        }
        return jvms.size();
    }

    public int nodes()
    {
        final Set<Integer> nodes = new HashSet<>();
        for (int r = 0; r < np; r++)
        {
            nodes.add(placement.nodeOf(r));
        }
        return nodes.size();
    }

    /** {@code colocated}, {@code rpj=1}, {@code rpj=2/nodes=2} (no commas: it is a CSV cell), ... */
    public String placement()
    {
        if (jvms() == 1)
        {
            return "colocated";
        }
        final int nodes = nodes();
        return "rpj=" + ranksPerJvm() + (nodes > 1 ? "/nodes=" + nodes : "");
    }

    /** The tier between ranks {@code a} and {@code b}. */
    public String tier(final int a, final int b)
    {
        if (placement.sameJvm(a, b))
        {
            return "local";
        }
        return placement.sameNode(a, b) ? "shm" : "aeron";
    }

    /** The tiers a collective crosses: the slowest one between rank 0 and any other rank, joined with '+' if mixed. */
    public String collectiveTier()
    {
        final Set<String> tiers = new java.util.TreeSet<>();
        for (int r = 1; r < np; r++)
        {
            tiers.add(tier(0, r));
        }
        return tiers.isEmpty() ? "local" : String.join("+", tiers);
    }
}
