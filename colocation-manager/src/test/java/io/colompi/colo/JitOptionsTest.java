package io.colompi.colo;

import io.colompi.jitprobe.HotKernel;
import io.colompi.jitprobe.WarmCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitOptionsTest
{
    private static final String HOT_RUNTIME_METHOD = "org.agrona.BitUtil::align (";
    private static final String HOT_PROGRAM_METHOD = "io.colompi.jitprobe.HotKernel::kernel (";
    private static final String WARM_RUNTIME_METHOD = "org.agrona.BitUtil::isPowerOfTwo (";
    private static final String WARM_PROGRAM_METHOD = "io.colompi.jitprobe.WarmCalls::twin (";
    private static final List<String> EVERY_HOST = List.of("-XX:FreqInlineSize=100", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,mpi.Comm::blockingRecv",
        "-XX:CompileCommand=dontinline,mpi.Comm::blockingSendrecv");

    @Test
    void aNodeWithACpuPerRankCompilesWithC2AndOneWithMoreRanksWithC1AloneAndSooner()
    {
        assertEquals(EVERY_HOST, JitOptions.forHost(1, 2, 2, 2, JitOptions.AUTO));
        assertEquals(EVERY_HOST, JitOptions.forHost(1, 1, 16, 16, JitOptions.AUTO));
        assertEquals(plus(EVERY_HOST, "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.2"),
            JitOptions.forHost(1, 3, 2, 2, JitOptions.AUTO));
    }

    @Test
    void aHostOfSeveralRanksWithACoreEachScalesTheRuntimesCountsAndGetsASecondC2ThreadWhereHotSpotGivesItOne()
    {
        final List<String> shared = new ArrayList<>(EVERY_HOST);
        shared.addAll(JitOptions.SHARED_HOST);
        final List<String> second = new ArrayList<>(shared);
        second.add("-XX:CICompilerCount=3");
        assertEquals(second, JitOptions.forHost(2, 2, 2, 2, JitOptions.AUTO));
        assertEquals(second, JitOptions.forHost(3, 3, 3, 3, JitOptions.AUTO));
        assertEquals(shared, JitOptions.forHost(4, 4, 4, 4, JitOptions.AUTO), "4 CPUs");
        assertEquals(shared, JitOptions.forHost(2, 2, 2, 0, JitOptions.AUTO), "another host");
        assertEquals(EVERY_HOST, JitOptions.forHost(1, 2, 2, 2, JitOptions.AUTO), "one rank");
        assertEquals(plus(EVERY_HOST, "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.2"),
            JitOptions.forHost(2, 3, 2, 2, JitOptions.AUTO), "oversubscribed: C1 alone");

        for (final String pkg : JitOptions.RUNTIME_PACKAGES)
        {
            final String scaled = "-XX:CompileCommand=CompileThresholdScaling," + pkg + "/*.*,0.1";
            assertTrue(JitOptions.SHARED_HOST.contains(scaled), pkg);
        }
    }

    /**
     * {@code colojava}, whose JVM a job started by someone else (srun, mpirun, mpiexec) runs, gets the same defaults from
     * {@code bin/colompi-env.sh}: the options every host gets and the young generation's share of a rank.
     */
    @Test
    void colojavaGivesItsJvmTheOptionsEveryHostGets() throws IOException
    {
        final String env = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("bin/colompi-env.sh"));
        final Matcher options = Pattern.compile("(?m)^COLOMPI_RANK_JVM_OPTIONS=\\(([^)]*)\\)").matcher(env);
        assertTrue(options.find(), "COLOMPI_RANK_JVM_OPTIONS in bin/colompi-env.sh");
        assertEquals(JitOptions.EVERY_HOST, List.of(options.group(1).trim().split("\\s+")));
        assertTrue(env.contains("\nCOLOMPI_YOUNG_MIB_PER_RANK=" + HeapOptions.YOUNG_MIB_PER_RANK + "\n"),
            "COLOMPI_YOUNG_MIB_PER_RANK in bin/colompi-env.sh");
    }

    /**
     * Real JVMs: with a host of two ranks' options, a runtime method called 2 000 times is compiled by C2 (after a
     * tenth of the 5 000 calls) while the program's twin of it stays in C1's profiling tier; with a host of one rank's,
     * the runtime's method stays there too. And a later {@code CompileThresholdScaling} of 1.0 for every method, as the
     * README tells a user, restores the JDK's counts.
     */
    @Test
    @Timeout(90)
    void inAHostOfSeveralRanksTheRuntimesMethodsReachC2AfterATenthOfTheirCalls(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final List<String> shared = compilations(dir, JitOptions.forHost(2, 2, 2, 2, JitOptions.AUTO), WarmCalls.class);
        assertTrue(shared.stream().anyMatch(line -> atLevel(line, 4, WARM_RUNTIME_METHOD)), "runtime at C2: " + shared);
        assertTrue(shared.stream().anyMatch(line -> atLevel(line, 3, WARM_PROGRAM_METHOD)), "program at C1: " + shared);
        assertTrue(shared.stream().noneMatch(line -> atLevel(line, 4, WARM_PROGRAM_METHOD)), "program at C2: " +
            shared);

        final List<String> alone = compilations(dir, JitOptions.forHost(1, 2, 2, 2, JitOptions.AUTO), WarmCalls.class);
        assertTrue(alone.stream().anyMatch(line -> atLevel(line, 3, WARM_RUNTIME_METHOD)), "runtime at C1: " + alone);
        assertTrue(alone.stream().noneMatch(line -> atLevel(line, 4, WARM_RUNTIME_METHOD)), "runtime at C2: " + alone);

        final List<String> restored = new ArrayList<>(JitOptions.forHost(2, 2, 2, 2, JitOptions.AUTO));
        restored.add("-XX:CompileCommand=CompileThresholdScaling,*.*,1.0");
        final List<String> jdk = compilations(dir, restored, WarmCalls.class);
        assertTrue(jdk.stream().noneMatch(line -> atLevel(line, 4, WARM_RUNTIME_METHOD)), "runtime at C2: " + jdk);
    }

    /**
     * Program mode is the same on every node, oversubscribed or with a core per rank (where it shortens a short run's
     * warm-up): C2 for the program, C1 alone for the runtime; a JVM of several ranks with a core each on a small machine
     * still gets its second C2 thread, for the program's classes that each rank loads.
     */
    @Test
    void inProgramModeEveryNodeKeepsC2ForTheProgramAndC1AloneForTheRuntime()
    {
        final List<String> program = new ArrayList<>(EVERY_HOST);
        program.addAll(JitOptions.PROGRAM_ONLY);
        assertEquals(plus(EVERY_HOST, "-XX:TieredStopAtLevel=4"), program.subList(0, EVERY_HOST.size() + 1));
        assertTrue(program.contains("-XX:CompileCommand=MaxNodeLimit,io/colompi/core/*.*,1"), program.toString());
        assertTrue(program.contains("-XX:CompileCommand=MaxNodeLimit,org/agrona/*.*,1"), program.toString());
        assertFalse(program.contains("-XX:TieredStopAtLevel=1"), program.toString());
        for (final int[] shape : new int[][]{ { 1, 3, 2, 2 }, { 2, 3, 2, 2 }, { 1, 2, 2, 2 }, { 1, 1, 16, 16 },
            { 4, 4, 16, 16 } })
        {
            assertEquals(program, JitOptions.forHost(shape[0], shape[1], shape[2], shape[3], JitOptions.PROGRAM),
                Arrays.toString(shape));
        }
        assertEquals(plus(program, "-XX:CICompilerCount=3"), JitOptions.forHost(2, 2, 2, 2, JitOptions.PROGRAM));
    }

    /** HotSpot echoes every compile command on stdout, the program's, until {@code quiet}: one, before all others. */
    @Test
    void everyHostSaysQuietOnceBeforeItsFirstCompileCommand()
    {
        for (final String mode : List.of(JitOptions.AUTO, JitOptions.PROGRAM))
        {
            for (final int[] shape : new int[][]{ { 1, 1, 2, 2 }, { 2, 2, 2, 2 }, { 4, 4, 16, 16 }, { 2, 3, 2, 2 } })
            {
                final List<String> commands = JitOptions.forHost(shape[0], shape[1], shape[2], shape[3], mode).stream()
                    .filter(option -> option.startsWith("-XX:CompileCommand=")).toList();
                final String where = mode + " " + Arrays.toString(shape);
                assertEquals("-XX:CompileCommand=quiet", commands.get(0), where);
                assertEquals(1, commands.stream().filter("-XX:CompileCommand=quiet"::equals).count(), where);
            }
        }
    }

    @Test
    void theModeIsTheLastUserOptionAndAnythingButAutoOrProgramIsRefused()
    {
        assertEquals(JitOptions.AUTO, JitOptions.mode(List.of("-Xmx1g")));
        assertEquals(JitOptions.PROGRAM, JitOptions.mode(List.of("-Dcolompi.jit=auto", "-Dcolompi.jit=program")));
        assertEquals(JitOptions.AUTO, JitOptions.mode(List.of("-Dcolompi.jit=program", "-Dcolompi.jit=auto")));
        final IllegalArgumentException bad =
            assertThrows(IllegalArgumentException.class, () -> JitOptions.mode(List.of("-Dcolompi.jit=c2")));
        assertEquals("colompi.jit must be auto or program, got 'c2'", bad.getMessage());
    }

    /**
     * A real JVM with program mode's options: the program's kernel is compiled by C2, the runtime method it calls is
     * given up by C2 and compiled by C1 alone, and the options print nothing of their own on stdout.
     */
    @Test
    @Timeout(60)
    void inProgramModeTheProgramsKernelReachesC2AndTheRuntimesMethodStaysWithC1(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final List<String> lines =
            compilations(dir, JitOptions.forHost(1, 3, 2, 2, JitOptions.PROGRAM), HotKernel.class);
        final String output = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(line -> atLevel(line, 4, HOT_PROGRAM_METHOD)),
            "the program's kernel is compiled by C2: " + output);
        final List<String> runtimeAtC2 = lines.stream().filter(line -> atLevel(line, 4, HOT_RUNTIME_METHOD)).toList();
        assertFalse(runtimeAtC2.isEmpty(), "the runtime's method is hot: " + output);
        for (final String compile : runtimeAtC2)
        {
            final String id = compileId(compile);
            assertTrue(lines.stream().anyMatch(line -> line.contains(HOT_RUNTIME_METHOD) && compileId(line).equals(id) &&
                line.contains("COMPILE SKIPPED")), "C2 gives the runtime's method up (compile " + id + "): " + output);
        }
        assertTrue(lines.stream().anyMatch(line -> atLevel(line, 1, HOT_RUNTIME_METHOD)),
            "the runtime's method is compiled by C1 alone: " + output);
    }

    /**
     * Runs {@code program} in a JVM with {@code options}, compiling in the foreground ({@code -Xbatch}), and returns what
     * it printed with {@code -XX:+PrintCompilation}, once the program printed its sum and the options nothing of their
     * own.
     */
    private static List<String> compilations(final Path dir, final List<String> options, final Class<?> program)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-Xbatch", "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"),
            program.getName()));
        final Path log = Files.createTempFile(dir, "probe", ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the probe ends");
        }
        finally
        {
            process.destroyForcibly(); // a probe that hangs must not outlive the test
        }
        final String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        final List<String> lines = output.lines().toList();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("sum ")), output);
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("CompileCommand")), "no echo of the options: " + output);
        return lines;
    }

    /** The compile id of a line of {@code -XX:+PrintCompilation} (its second field). */
    private static String compileId(final String line)
    {
        return line.trim().split("\\s+")[1];
    }

    /**
     * Whether {@code line} of {@code -XX:+PrintCompilation} starts a compile of {@code method} at {@code level} (a compile
     * that fails prints a second line with the same id).
     */
    private static boolean atLevel(final String line, final int level, final String method)
    {
        final int at = line.indexOf(method);
        if (at < 0)
        {
            return false;
        }
        final String[] fields = line.substring(0, at).trim().split("\\s+");
        return fields[fields.length - 1].equals(Integer.toString(level)) && !line.contains("COMPILE SKIPPED") &&
            !line.contains("made not entrant");
    }

    private static List<String> plus(final List<String> first, final String... more)
    {
        final List<String> options = new ArrayList<>(first);
        options.addAll(List.of(more));
        return options;
    }
}
