package io.colompi.transport.rdma;

import io.colompi.core.job.Placement;

import java.util.Arrays;

/** The job's JVMs as the Aeron tier sees them: the node of each, and how many JVMs on other nodes a JVM has. */
final class JvmPlacement
{
    private final int[] nodeOfJvm;

    JvmPlacement(final Placement placement)
    {
        int jvms = 0;
        for (int r = 0; r < placement.size(); r++)
        {
            jvms = Math.max(jvms, placement.jvmOf(r) + 1);
        }
        nodeOfJvm = new int[jvms];
        Arrays.fill(nodeOfJvm, -1);
        for (int r = 0; r < placement.size(); r++)
        {
            nodeOfJvm[placement.jvmOf(r)] = placement.nodeOf(r);
        }
    }

    /** One more than the highest JVM id. */
    int jvmCount()
    {
        return nodeOfJvm.length;
    }

    /** Whether JVM {@code other} hosts ranks and lives on another node than JVM {@code jvm}. */
    boolean isRemote(final int jvm, final int other)
    {
        return nodeOfJvm[other] >= 0 && nodeOfJvm[other] != nodeOfJvm[jvm];
    }

    /** The largest number of JVMs on other nodes that any JVM of the job has. */
    int mostRemoteJvms()
    {
        int most = 0;
        for (int jvm = 0; jvm < nodeOfJvm.length; jvm++)
        {
            if (nodeOfJvm[jvm] < 0)
            {
                continue;
            }
            int remote = 0;
            for (int other = 0; other < nodeOfJvm.length; other++)
            {
                if (isRemote(jvm, other))
                {
                    remote++;
                }
            }
            most = Math.max(most, remote);
        }
        return most;
    }

    /** The lowest rank placed in JVM {@code jvm}. */
    static int lowestRankOf(final Placement placement, final int jvm)
    {
        for (int r = 0; r < placement.size(); r++)
        {
            if (placement.jvmOf(r) == jvm)
            {
                return r;
            }
        }
        throw new IllegalStateException("no rank is placed in JVM " + jvm + ": " + placement);
    }
}
