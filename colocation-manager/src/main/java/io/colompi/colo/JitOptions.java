package io.colompi.colo;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rank host's JIT compiles: the compiler options the launcher gives every rank host, those of a node whose
 * ranks outnumber its CPUs, and those of a JVM of several ranks (sooner to C2 for the runtime's methods, and a second
 * C2 thread on a machine where HotSpot would give it one). A user's {@code -J} options come after them on the command
 * line and override them.
 * <p>
 * Every JVM compiles the runtime's call chains again in the program's first second, on cores its ranks hold: C2 alone
 * takes about 0.5 s of CPU per JVM here (bench/RESULTS.md). Where ranks have a core each, that is paid once and the
 * steady state is C2's. Where they outnumber the cores, no core is spare for it, and with several JVMs on a node every
 * one pays it: Jacobi np=4 on 2 cores spent more than half its time warming up (a JVM per rank 2.1-2.4 s, against
 * 1.2 s with C1 alone and Open MPI's 0.6 s). A node is oversubscribed by the same count that makes its ranks yield at
 * once ({@code WaitPolicy.forNode}): its ranks against its CPUs. On any node the user may choose C2 for the program's
 * own classes with the runtime's kept on C1 ({@code colompi.jit=program}, {@link #PROGRAM_ONLY}): a short run's
 * choice.
 */
final class JitOptions
{
    /**
     * Every rank host: C2 inlines hot callees of up to 100 bytecodes instead of 325, so it is done with the runtime's
     * call chains sooner (2-rank halo, all iterations: 22 us per iteration instead of 28-36 in one JVM, 41-54 instead of
     * 69-70 in two; Jacobi np=4 in one JVM 0.82-1.01 s instead of 1.09-1.27, bench/RESULTS.md) and the steady state is
     * no slower. {@code -J-XX:FreqInlineSize=325} restores the JDK's.
     * <p>
     * And the receives behind {@code Comm.Recv} and {@code Comm.Sendrecv} are never inlined into them, so that those
     * stay small enough to inline into the program's loop, where a {@code Status} the program drops is never allocated.
     * C2 inlines a method already compiled only while its code is under {@code InlineSmallCode} (2 500 bytes); with the
     * receive inside, theirs was larger, and the halo allocated two {@code Status} an iteration, 80 B, whose young
     * collection (10 ms every 19 MB here) landed in one run's steady half and not in another's (bench/RESULTS.md).
     */
    static final List<String> EVERY_HOST = List.of("-XX:FreqInlineSize=100", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,mpi.Comm::blockingRecv",
        "-XX:CompileCommand=dontinline,mpi.Comm::blockingSendrecv");

    /**
     * A host on an oversubscribed node: C1 alone, whose compiles cost a fraction of C2's (a halo's JVM: C1 0.16-0.18 s
     * of CPU for 607 methods, C2 0.58-0.61 s for 116). Its code is slower where a program computes or calls much (a
     * 256x256 Jacobi step 30 % slower in one JVM, an oversubscribed halo's steady state 33 -> 58 us an iteration), so a
     * long oversubscribed run may want {@link #PROGRAM} ({@code -J-Dcolompi.jit=program}) or C2 for everything: {@code
     * -J-XX:TieredStopAtLevel=4}. C1 compiles at a fifth of the usual invocation and loop counts: its code keeps no
     * profile, so compiling sooner costs nothing in its quality and cuts the time the runtime's paths are interpreted
     * (Jacobi np=4 on 2 cores 4-9 % shorter in every placement, bench/RESULTS.md session 30); {@code
     * -J-XX:CompileThresholdScaling=1} restores the JDK's counts.
     */
    static final List<String> OVERSUBSCRIBED = List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.2");

    /**
     * A host of several ranks where ranks have a core each, on a machine of fewer than {@link #ONE_C2_BELOW_CPUS}
     * CPUs, where HotSpot gives a JVM one C1 and one C2 compiler thread: a second C2 thread. Each rank loads the program
     * and the {@code mpi} API in a class loader of its own, so a JVM of K ranks compiles them K times through one C2
     * queue in the program's first second, while its ranks hold the cores; the core a rank leaves while the rank it
     * waits for is off its core then runs a second compile (np=2 in one JVM, 2 cores, medians of 5 alternating rounds:
     * Jacobi 64x64x10 000 0.451 -> 0.367 s, halo all iterations 25.3 -> 20.0 us, bench/RESULTS.md session 30). A JVM of
     * one rank keeps HotSpot's count (two JVMs of one rank, each with a second C2 thread: Jacobi 0.665 -> 0.693 s).
     */
    static final List<String> SHARED_HOST_ON_A_SMALL_MACHINE = List.of("-XX:CICompilerCount=3");

    /** From this many CPUs HotSpot starts a JVM with two C2 threads or more. */
    static final int ONE_C2_BELOW_CPUS = 4;

    /** The launcher property (or {@code -J-D} option) that chooses {@link #PROGRAM}. */
    static final String PROPERTY = "colompi.jit";
    /** {@link #PROPERTY}'s value for C2 on the program's classes alone, the runtime's on C1 ({@link #PROGRAM_ONLY}). */
    static final String PROGRAM = "program";
    /** {@link #PROPERTY}'s default: {@link #OVERSUBSCRIBED} where a node is oversubscribed, else C2 for all. */
    static final String AUTO = "auto";

    /**
     * The packages of the runtime that rank hosts load (colompi's, the {@code mpi} API, Agrona, Aeron, Chronicle): the
     * methods whose counts {@link #SHARED_HOST} and {@link #PROGRAM_ONLY} scale.
     */
    static final List<String> RUNTIME_PACKAGES = List.of("io/colompi/core", "io/colompi/colo", "io/colompi/transport",
        "io/colompi/trace", "mpi", "mpjbuf", "org/agrona", "io/aeron", "net/openhft");

    /** A compile command for each runtime package ({@code %s}): its methods reach each tier at a tenth of the counts. */
    private static final String RUNTIME_SOONER = "CompileThresholdScaling,%s/*.*,0.1";

    /**
     * A host of several ranks where ranks have a core each: the runtime's methods reach each tier at a tenth of the
     * usual counts. Its rank threads run the same runtime code, so while that code is in C1's profiling tier they
     * update the same method profiles from every core: with tiers capped there, the halo's steady state cost 18-42 us
     * an iteration in one JVM against 6.3-11 in a JVM per rank (C1 without profiles: 1.9-6.5 and 2.8-5.1), and the
     * runtime's paths otherwise spend the program's first thousands of iterations in that tier. np=2 in one JVM, 2
     * cores, 8 alternating rounds, medians: Jacobi 64x64x10 000 0.374 -> 0.330 s, halo all iterations 19.6 -> 17.4 us;
     * a compute-bound run pays C2's compiles of more runtime methods (Jacobi 256x256x2 000 0.372 -> 0.383 s). JVMs of
     * one rank share no profiles and keep the JDK's counts: there the same cost a compute-bound Jacobi 21 % (0.467 ->
     * 0.564 s; bench/RESULTS.md session 31). HotSpot takes the last scaling given for a method: {@code
     * -J-XX:CompileCommand=CompileThresholdScaling,*.*,1.0} restores the JDK's counts (a value HotSpot cannot read as a
     * double, such as {@code 1}, is dropped without a word).
     */
    static final List<String> SHARED_HOST = forRuntime(RUNTIME_SOONER);

    /**
     * With {@link #PROGRAM}, on every node, the runtime's methods reach C2's threshold at a tenth of the usual count and
     * C2 gives up on them at once (a budget of one node), so HotSpot compiles them with C1 alone; the program's own
     * methods, and the JDK's, go on to C2. HotSpot has no per-method tier ceiling; its compiler directives can exclude
     * C2 but print a line on stdout and need a file on every node.
     * <p>
     * On an oversubscribed node, against C1 alone: a compute kernel that is a method runs as fast as with C2 (a 256x256
     * Jacobi stencil 60 us a step against 142) while the runtime costs its C1 compiles, not C2's; a short run pays the
     * program's C2 compiles (Jacobi np=4 64x64x10 000: 0.1-0.25 s), and a kernel written inline in {@code main} gains
     * little (C2's on-stack replacement compiles the loop it enters in, not the method). Where ranks have a core each,
     * against C2 for everything: the warm-up is about C1's and the steady state slower where the program is mostly MPI
     * calls (np=2, Jacobi 64x64x10 000 one JVM 0.40 -> 0.28 s, a JVM per rank 0.75-0.79 -> 0.38, at 100 000 iterations
     * 1.16-1.19 -> 1.09 and 1.63-1.68 -> 1.41; a halo of 200 000 iterations in one JVM: loop alike, time in MPI 2.2-2.4
     * -> 3.3-3.5 us an iteration; across two nodes Aeron's path runs C1's code, 39 -> 61 us; bench/RESULTS.md session 44).
     * So it is the user's choice for short runs, not the default.
     */
    static final List<String> PROGRAM_ONLY = concat(List.of("-XX:TieredStopAtLevel=4"),
        forRuntime(RUNTIME_SOONER, "MaxNodeLimit,%s/*.*,1"));

    /**
     * {@code -XX:CompileCommand} options of {@code commands} (each with {@code %s} for a package) for the runtime; they
     * follow {@link #EVERY_HOST}, whose {@code quiet} keeps HotSpot from echoing each of them.
     */
    private static List<String> forRuntime(final String... commands)
    {
        final List<String> options = new ArrayList<>();
        for (final String pkg : RUNTIME_PACKAGES)
        {
            for (final String command : commands)
            {
                options.add("-XX:CompileCommand=" + String.format(command, pkg));
            }
        }
        return List.copyOf(options);
    }

    private static List<String> concat(final List<String> first, final List<String> second)
    {
        final List<String> options = new ArrayList<>(first);
        options.addAll(second);
        return List.copyOf(options);
    }

    private JitOptions()
    {
    }

    /**
     * The {@link #PROPERTY} mode of a job whose rank hosts get the user's {@code jvmOptions}: the last {@code
     * -Dcolompi.jit=} among them, else the launcher's own property, else {@link #AUTO}.
     *
     * @throws IllegalArgumentException for a value other than {@link #AUTO} and {@link #PROGRAM}
     */
    static String mode(final List<String> jvmOptions)
    {
        final String option = "-D" + PROPERTY + "=";
        String mode = System.getProperty(PROPERTY, AUTO);
        for (final String jvmOption : jvmOptions)
        {
            if (jvmOption.startsWith(option))
            {
                mode = jvmOption.substring(option.length());
            }
        }
        if (!AUTO.equals(mode) && !PROGRAM.equals(mode))
        {
            throw new IllegalArgumentException(PROPERTY + " must be " + AUTO + " or " + PROGRAM + ", got '" + mode + "'");
        }
        return mode;
    }

    /**
     * The compiler options of a rank host of {@code ranksInJvm} ranks on a node that runs {@code ranksOnNode} ranks on
     * {@code cpus} CPUs, in {@link #mode} {@code mode}; {@code machineCpus} are the CPUs its JVM will see, 0 where the
     * launcher does not know them (another host).
     */
    static List<String> forHost(final int ranksInJvm, final int ranksOnNode, final int cpus, final int machineCpus,
        final String mode)
    {
        final boolean oversubscribed = ranksOnNode > cpus;
        final boolean shared = ranksInJvm > 1;
        final List<String> options = new ArrayList<>(EVERY_HOST);
        if (PROGRAM.equals(mode))
        {
            options.addAll(PROGRAM_ONLY);
        }
        else if (oversubscribed)
        {
            options.addAll(OVERSUBSCRIBED);
        }
        else if (shared)
        {
            options.addAll(SHARED_HOST);
        }
        if (shared && !oversubscribed && machineCpus > 0 && machineCpus < ONE_C2_BELOW_CPUS)
        {
            options.addAll(SHARED_HOST_ON_A_SMALL_MACHINE);
        }
        return List.copyOf(options);
    }
}
