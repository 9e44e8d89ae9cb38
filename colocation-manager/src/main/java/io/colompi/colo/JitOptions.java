package io.colompi.colo;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rank host's JIT compiles: the compiler options the launcher gives every rank host, and those of a node whose
 * ranks outnumber its CPUs. A user's {@code -J} options come after them on the command line and override them.
 * <p>
 * Every JVM compiles the runtime's call chains again in the program's first second, on cores its ranks hold: C2 alone
 * takes about 0.5 s of CPU per JVM here (bench/RESULTS.md). Where ranks have a core each, that is paid once and the
 * steady state is C2's. Where they outnumber the cores, no core is spare for it, and with several JVMs on a node every
 * one pays it: Jacobi np=4 on 2 cores spent more than half its time warming up (a JVM per rank 2.1-2.4 s, against
 * 1.2 s with C1 alone and Open MPI's 0.6 s). A node is oversubscribed by the same count that makes its ranks yield at
 * once ({@code WaitPolicy.forNode}): its ranks against its CPUs.
 */
final class JitOptions
{
    /**
     * Every rank host: C2 inlines hot callees of up to 100 bytecodes instead of 325, so it is done with the runtime's
     * call chains sooner (2-rank halo, all iterations: 22 us per iteration instead of 28-36 in one JVM, 41-54 instead of
     * 69-70 in two; Jacobi np=4 in one JVM 0.82-1.01 s instead of 1.09-1.27, bench/RESULTS.md) and the steady state is
     * no slower. {@code -J-XX:FreqInlineSize=325} restores the JDK's.
     */
    static final List<String> EVERY_HOST = List.of("-XX:FreqInlineSize=100");

    /**
     * A host on an oversubscribed node: C1 alone, whose compiles cost a fraction of C2's (a halo's JVM: C1 0.16-0.18 s
     * of CPU for 607 methods, C2 0.58-0.61 s for 116). Its code is slower where a program computes or calls much (a
     * 256x256 Jacobi step 30 % slower in one JVM, an oversubscribed halo's steady state 33 -> 58 us an iteration), so a
     * long oversubscribed run may want C2 back: {@code -J-XX:TieredStopAtLevel=4}.
     */
    static final List<String> OVERSUBSCRIBED = List.of("-XX:TieredStopAtLevel=1");

    private JitOptions()
    {
    }

    /** The compiler options of a rank host on a node that runs {@code ranksOnNode} ranks on {@code cpus} CPUs. */
    static List<String> forNode(final int ranksOnNode, final int cpus)
    {
        if (ranksOnNode <= cpus)
        {
            return EVERY_HOST;
        }
        final List<String> options = new ArrayList<>(EVERY_HOST);
        options.addAll(OVERSUBSCRIBED);
        return options;
    }
}
