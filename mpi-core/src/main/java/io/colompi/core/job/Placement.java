package io.colompi.core.job;

import java.util.Arrays;

/** Where every rank of the job lives: its node and its JVM (JVM ids are unique across nodes). */
public final class Placement
{
    private final int[] nodeOf;
    private final int[] jvmOf;

    public Placement(final int[] nodeOf, final int[] jvmOf)
    {
        if (nodeOf.length != jvmOf.length)
        {
            throw new IllegalArgumentException("nodeOf and jvmOf differ in length");
        }
        this.nodeOf = nodeOf.clone();
        this.jvmOf = jvmOf.clone();
    }

    /** All {@code size} ranks in one JVM on one node. */
    public static Placement singleJvm(final int size)
    {
        return new Placement(new int[size], new int[size]);
    }

    public int size()
    {
        return nodeOf.length;
    }

    public int nodeOf(final int rank)
    {
        return nodeOf[rank];
    }

    public int jvmOf(final int rank)
    {
        return jvmOf[rank];
    }

    public boolean sameJvm(final int a, final int b)
    {
        return jvmOf[a] == jvmOf[b];
    }

    public boolean sameNode(final int a, final int b)
    {
        return nodeOf[a] == nodeOf[b];
    }

    @Override
    public String toString()
    {
        return "Placement{node=" + Arrays.toString(nodeOf) + ", jvm=" + Arrays.toString(jvmOf) + "}";
    }
}
