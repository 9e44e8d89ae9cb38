package io.colompi.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples, run through the real launcher scripts in a separate JVM. */
@Timeout(120)
class ExamplesTest
{
    private static final String CP = Launch.EXAMPLES.toString();

    @Test
    void helloPrintsFourTaggedLines() throws Exception
    {
        final Launch run = Launch.run("colorun", "-np", "4", "--ranks-per-jvm", "4", "-cp", CP,
            "io.colompi.examples.Hello");
        assertEquals(0, run.exitCode, run.toString());
        final List<String> lines = run.lines().stream().sorted().toList();
        assertEquals(4, lines.size(), run.toString());
        for (int r = 0; r < 4; r++)
        {
            assertTrue(lines.get(r).startsWith("[" + r + "] Hello from rank " + r + " of 4"), run.toString());
        }
    }

    @Test
    void piIsAccurate() throws Exception
    {
        final Launch run = Launch.run("colorun", "-np", "3", "-cp", CP, "io.colompi.examples.Pi", "200000");
        assertEquals(0, run.exitCode, run.toString());
        final Matcher m = Pattern.compile("\\[0] pi = (\\S+) ").matcher(run.stdout);
        assertTrue(m.find(), run.toString());
        assertEquals(Math.PI, Double.parseDouble(m.group(1)), 1e-9);
    }

    @Test
    void ringPassesTheTokenAroundWithStats() throws Exception
    {
        final Launch run = Launch.run("colorun", "-np", "5", "--ranks-per-jvm", "2", "--stats", "-cp", CP,
            "io.colompi.examples.Ring", "2");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("[0] ring done: token = 8, expected 8"), run.toString());
        // Ranks 0-1, 2-3 and 4 share JVMs: 1 -> 2, 3 -> 4 and 4 -> 0 cross JVMs (shm), 0 -> 1 and 2 -> 3 do not.
        for (final int r : new int[]{ 0, 2 })
        {
            assertTrue(Pattern.compile("colompi stats: rank " + r + " local messages=[1-9]\\d* bytes=\\d+")
                .matcher(run.stderr).find(), run.toString());
        }
        for (final int r : new int[]{ 1, 3, 4 })
        {
            assertTrue(Pattern.compile("colompi stats: rank " + r + " shm messages=[1-9]\\d* bytes=\\d+")
                .matcher(run.stderr).find(), run.toString());
        }
    }

    @Test
    void jacobiGivesTheSameFieldOnOneRankAndOnAGridOfFourInEveryPlacement() throws Exception
    {
        final double[] one = jacobi(1, 1, "64");
        for (final int ranksPerJvm : new int[]{ 4, 2, 1 })
        {
            final double[] four = jacobi(4, ranksPerJvm, "32");
            assertEquals(one[0], four[0], 1e-9 * one[0], "residual, ranks per JVM " + ranksPerJvm);
            assertEquals(one[1], four[1], 1e-9 * one[1], "heat, ranks per JVM " + ranksPerJvm);
        }
        assertTrue(one[1] > 0);
    }

    private static double[] jacobi(final int np, final int ranksPerJvm, final String n) throws Exception
    {
        final Launch run = Launch.run("colorun", "-np", String.valueOf(np), "--ranks-per-jvm",
            String.valueOf(ranksPerJvm), "-cp", CP, "io.colompi.examples.Jacobi", n, "100");
        assertEquals(0, run.exitCode, run.toString());
        final Matcher m = Pattern.compile("residual (\\S+), heat (\\S+),").matcher(run.stdout);
        assertTrue(m.find(), run.toString());
        return new double[]{ Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)) };
    }

    @Test
    void mpjrunRunsMpjExpressStyleCommandLines() throws Exception
    {
        final Launch run = Launch.run("mpjrun.sh", "-np", "2", "-dev", "multicore", "-cp", CP,
            "io.colompi.examples.Hello");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(2, run.lines().size(), run.toString());
        final Launch niodev = Launch.run("mpjrun.sh", "-np", "3", "-dev", "niodev", "-cp", CP,
            "io.colompi.examples.Ring", "2");
        assertEquals(0, niodev.exitCode, niodev.toString());
        assertTrue(niodev.stdout.contains("[0] ring done: token = 4, expected 4"), niodev.toString());
    }

    @Test
    void colojavacCompilesAProgramThatColorunRuns(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("Sum.java"), String.join("\n",
            "import mpi.*;",
            "public class Sum {",
            "  public static void main(String[] args) throws MPIException {",
            "    MPI.Init(args);",
            "    int[] total = new int[1];",
            "    MPI.COMM_WORLD.Allreduce(new int[]{MPI.COMM_WORLD.Rank()}, 0, total, 0, 1, MPI.INT, MPI.SUM);",
            "    if (MPI.COMM_WORLD.Rank() == 0) System.out.println(\"sum=\" + total[0] + \" args=\" + String.join(\",\", args));",
            "    MPI.Finalize();",
            "  }",
            "}"));
        final Launch compile = Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve("Sum.java").toString());
        assertEquals(0, compile.exitCode, compile.toString());
        final Launch run = Launch.runIn(dir, "colorun", "-np", "4", "-cp", dir.toString(), "Sum", "-x", "y");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("[0] sum=6 args=-x,y", run.stdout.strip(), run.toString());
    }

    @Test
    void rankJvmsBoundTheirYoungGenerationByTheirRanksUnlessTheUserSizesIt(@org.junit.jupiter.api.io.TempDir final Path dir)
        throws Exception
    {
        Files.writeString(dir.resolve("Young.java"), String.join("\n",
            "import mpi.*;",
            "import com.sun.management.HotSpotDiagnosticMXBean;",
            "import java.lang.management.ManagementFactory;",
            "public class Young {",
            "  public static void main(String[] args) throws MPIException {",
            "    MPI.Init(args);",
            "    long bytes = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)",
            "        .getVMOption(\"MaxNewSize\").getValue());",
            "    System.out.println(\"rank \" + MPI.COMM_WORLD.Rank() + \" young \" + (bytes >> 20) + \" MiB\");",
            "    MPI.Finalize();",
            "  }",
            "}"));
        assertEquals(0, Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve("Young.java").toString()).exitCode);
        final Launch blocks = Launch.runIn(dir, "colorun", "-np", "3", "--ranks-per-jvm", "2", "--no-tag", "-cp",
            dir.toString(), "Young");
        assertEquals(0, blocks.exitCode, blocks.toString());
        assertEquals(List.of("rank 0 young 64 MiB", "rank 1 young 64 MiB", "rank 2 young 32 MiB"),
            blocks.lines().stream().sorted().toList(), blocks.toString());
        final Launch user = Launch.runIn(dir, "colorun", "-np", "2", "--ranks-per-jvm", "2", "--no-tag",
            "-J-XX:NewSize=100m", "-cp", dir.toString(), "Young");
        assertEquals(0, user.exitCode, user.toString());
        assertEquals(2, user.lines().size(), user.toString());
        assertTrue(user.lines().stream().noneMatch(line -> line.endsWith(" 64 MiB")), user.toString());
        assertEquals("", user.stderr, "no warning that NewSize is over colompi's MaxNewSize");
        final Launch task = Launch.runIn(dir, "colojava", "--ranks-per-task", "3", "--no-tag", "-cp", dir.toString(), "Young");
        assertEquals(0, task.exitCode, task.toString());
        assertEquals(List.of("rank 0 young 96 MiB", "rank 1 young 96 MiB", "rank 2 young 96 MiB"),
            task.lines().stream().sorted().toList(), task.toString());
        final Launch own = Launch.runIn(dir, "colojava", "-J-Xmn48m", "--no-tag", "-cp", dir.toString(), "Young");
        assertEquals(List.of("rank 0 young 48 MiB"), own.lines(), own.toString());
    }

    /**
     * {@code --bind-to core}: each rank thread, in one JVM or a JVM each, runs on one CPU of its own (read from the
     * kernel, {@code /proc/thread-self/status}); ranks outnumbering the CPUs are left unbound, saying so.
     */
    @Test
    void bindToCorePinsEachRankThreadToACpuOfItsOwn(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("Where.java"), String.join("\n",
            "import mpi.*;",
            "import java.nio.file.*;",
            "public class Where {",
            "  public static void main(String[] args) throws Exception {",
            "    MPI.Init(args);",
            "    String cpus = Files.readAllLines(Path.of(\"/proc/thread-self/status\")).stream()",
            "        .filter(l -> l.startsWith(\"Cpus_allowed_list:\")).findFirst().get().split(\":\")[1].trim();",
            "    System.out.println(\"rank \" + MPI.COMM_WORLD.Rank() + \" cpus \" + cpus);",
            "    MPI.Finalize();",
            "  }",
            "}"));
        assertEquals(0, Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve("Where.java").toString()).exitCode);
        final int cpus = Runtime.getRuntime().availableProcessors();
        for (final String perJvm : new String[]{ "2", "1" })
        {
            final Launch run = Launch.runIn(dir, "colorun", "-np", "2", "--ranks-per-jvm", perJvm, "--bind-to", "core",
                "--no-tag", "-cp", dir.toString(), "Where");
            assertEquals(0, run.exitCode, run.toString());
            final List<String> lines = run.lines().stream().sorted().toList();
            assertEquals(2, lines.size(), run.toString());
            if (cpus >= 2)
            {
                final String first = lines.get(0).substring("rank 0 cpus ".length());
                final String second = lines.get(1).substring("rank 1 cpus ".length());
                assertTrue(first.matches("\\d+") && second.matches("\\d+") && !first.equals(second), run.toString());
            }
            else
            {
                assertTrue(run.stderr.contains("CPUs this JVM may use: not bound"), run.toString());
            }
        }
        final Launch over = Launch.runIn(dir, "colorun", "-np", String.valueOf(cpus + 1), "--bind-to", "core",
            "--no-tag", "-cp", dir.toString(), "Where");
        assertEquals(0, over.exitCode, over.toString());
        assertTrue(over.stderr.contains("runs " + (cpus + 1) + " ranks on the " + cpus + " CPUs this JVM may use: " +
            "not bound"), over.toString());
        final Launch virtual = Launch.runIn(dir, "colorun", "-np", "2", "--virtual-nodes", "2", "--bind-to", "core",
            "-cp", dir.toString(), "Where");
        assertEquals(2, virtual.exitCode, virtual.toString());
        assertTrue(virtual.stderr.contains("--bind-to core binds the ranks of a node"), virtual.toString());
    }

    @Test
    void aFailingRankEndsTheJobWithItsNameAndNonZeroStatus(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("Fails.java"), String.join("\n",
            "import mpi.*;",
            "public class Fails {",
            "  public static void main(String[] args) throws Exception {",
            "    MPI.Init(args);",
            "    if (MPI.COMM_WORLD.Rank() == 2) throw new IllegalStateException(\"rank two gives up\");",
            "    MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 2, 0);",
            "  }",
            "}"));
        assertEquals(0, Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve("Fails.java").toString()).exitCode);
        final Launch run = Launch.runIn(dir, "colorun", "-np", "3", "-cp", dir.toString(), "Fails");
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("rank 2 failed: java.lang.IllegalStateException: rank two gives up"), run.toString());
    }

    @Test
    void abortAndSystemExitSetTheJobsExitStatus(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("Quits.java"), String.join("\n",
            "import mpi.*;",
            "public class Quits {",
            "  public static void main(String[] args) throws Exception {",
            "    MPI.Init(args);",
            "    if (MPI.COMM_WORLD.Rank() == 1) {",
            "      if (args[0].equals(\"abort\")) MPI.COMM_WORLD.Abort(42); else System.exit(9);",
            "    }",
            "    MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 1, 0);",
            "  }",
            "}"));
        assertEquals(0, Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve("Quits.java").toString()).exitCode);
        final Launch aborted = Launch.runIn(dir, "colorun", "-np", "3", "-cp", dir.toString(), "Quits", "abort");
        assertEquals(42, aborted.exitCode, aborted.toString());
        assertTrue(aborted.stderr.contains("rank 1 called Abort(42)"), aborted.toString());
        final Launch exited = Launch.runIn(dir, "colorun", "-np", "3", "-cp", dir.toString(), "Quits", "exit");
        assertEquals(9, exited.exitCode, exited.toString());
    }

    /**
     * {@code MPI.Finalize(); System.exit(0);} ends a rank as returning from {@code main} would: the others run to
     * their end, in its JVM and in others (they were stopped, the job's status 0); so does a thread the rank started.
     * Before {@code MPI.Finalize}, {@code System.exit(0)} fails the job (it was 0).
     */
    @ParameterizedTest(name = "{0} ranks per JVM")
    @ValueSource(ints = { 3, 2, 1 })
    void systemExitAfterFinalizeLetsTheOtherRanksFinishAndBeforeItFailsTheJob(final int perJvm,
        @TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("Ends.java"), String.join("\n",
            "import mpi.*;",
            "public class Ends {",
            "  public static void main(String[] args) throws Exception {",
            "    MPI.Init(args);",
            "    int rank = MPI.COMM_WORLD.Rank();",
            "    if (args[0].equals(\"before\") && rank == 1) System.exit(0);",
            "    if (args[0].equals(\"helperBefore\") && rank == 1) exitFromAThread();",
            "    MPI.COMM_WORLD.Barrier();",
            "    MPI.Finalize();",
            "    if (args[0].equals(\"after3\") && rank == 0) System.exit(3);",
            "    if (args[0].equals(\"helper\") && rank == 0) exitFromAThread();",
            "    if (rank == 2) { Thread.sleep(300); System.out.println(\"still here after Finalize\"); }",
            "    System.out.println(\"exits\");",
            // Ranks of one JVM share its status: the first System.exit decides it, so rank 0's 3 goes alone.
            "    if (!args[0].equals(\"after3\")) System.exit(0);",
            "  }",
            "  static void exitFromAThread() throws InterruptedException {",
            "    Thread t = new Thread(() -> System.exit(0));",
            "    t.start();",
            "    t.join();",
            "  }",
            "}"));
        assertEquals(0, Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve("Ends.java").toString()).exitCode);
        final String[] job = { "-np", "3", "--ranks-per-jvm", Integer.toString(perJvm), "-cp", dir.toString(), "Ends" };

        final Launch after = Launch.runIn(dir, "colorun", with(job, "after"));
        assertEquals(0, after.exitCode, after.toString());
        assertEquals(List.of("[0] exits", "[1] exits", "[2] exits", "[2] still here after Finalize"),
            after.lines().stream().sorted().toList(), after.toString());
        assertEquals("", after.stderr, after.toString());

        final Launch before = Launch.runIn(dir, "colorun", with(job, "before"));
        assertEquals(1, before.exitCode, before.toString());
        assertTrue(before.stderr.contains("colompi: job ended: rank 1 called System.exit(0) before MPI.Finalize in JVM " +
            (perJvm == 1 ? 1 : 0)), before.toString());

        final Launch helper = Launch.runIn(dir, "colorun", with(job, "helper"));
        assertEquals(0, helper.exitCode, helper.toString());
        assertTrue(helper.stdout.contains("[2] still here after Finalize"), helper.toString());

        final Launch helperBefore = Launch.runIn(dir, "colorun", with(job, "helperBefore"));
        assertEquals(1, helperBefore.exitCode, helperBefore.toString());
        assertTrue(helperBefore.stderr.contains("colompi: job ended: rank 1 called System.exit(0) before MPI.Finalize"),
            helperBefore.toString());

        final Launch afterWithStatus = Launch.runIn(dir, "colorun", with(job, "after3"));
        assertEquals(3, afterWithStatus.exitCode, afterWithStatus.toString());
        assertTrue(afterWithStatus.stderr.contains("colompi: job ended: rank 0 called System.exit(3) after MPI.Finalize"),
            afterWithStatus.toString());
    }

    private static String[] with(final String[] command, final String arg)
    {
        final String[] extended = java.util.Arrays.copyOf(command, command.length + 1);
        extended[command.length] = arg;
        return extended;
    }
}
