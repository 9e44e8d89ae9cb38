package io.colompi.examples;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.LaunchResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MPJ Express' own test programs ({@code <repo>/../shared/mpj-express-tests}, not part of the project), run as MPJ's
 * {@code TestSuite} runs them and judged as it judges them: compiled with {@code bin/colojavac} (the mpi-api jar
 * alone), started through their {@code (String[])} constructor first ({@link TestSuiteMain}), at the np their
 * comments demand, in one JVM, in one JVM per rank, and in one JVM per rank on two (virtual) nodes, whose messages
 * between the nodes cross the {@code aeron} tier; a program passes when the job exits as it should, prints no
 * error line and, if it has one, prints its completion line. Programs that import MPJ's internals ({@code mpjdev},
 * {@code xdev}) or use its buffer layer beyond {@code mpjbuf.Buffer} are out of scope; those that fail for their own
 * bugs are {@link #BUGGY}.
 */
class MpjExpressSuiteTest
{
    static final Path SUITE = Launch.ROOT.resolveSibling("shared").resolve("mpj-express-tests");

    /** Programs MPJ Express fails too (the suite's README): skipped, with the reason. */
    static final Map<String, String> BUGGY = Map.of(
        "pt2pt/Isend_eager", "the sender posts 100 messages, the receiver waits for 1000 (hangs)",
        "pt2pt/Isend_rendez_fairness", "fills its buffers with -24/-80, then checks for 3/4 (always FAILED)",
        "pt2pt/isend2", "expects Get_elements to count bytes (4000); MPI and MPJ Express count elements (1000)",
        "pt2pt/start2", "reads its receive buffers right after Start(), before Wait",
        "comm/intercomm_test", "its local and remote leaders disagree (Create_intercomm with 0/1 against 1/0)");

    @TempDir
    static Path compiled;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern INTERNALS = Pattern.compile("(?m)^\\s*import\\s+(mpjdev|xdev)\\b");
    /** MPJ's buffer layer itself (allocation benchmarks, typed sections), beyond the Buffer that Pack uses. */
    private static final Pattern BUFFER_INTERNALS = Pattern.compile("\\b(RawBuffer|\\w*SectionHeader)\\b");
    private static final Pattern ENTRY = Pattern.compile(
        "(String\\s*\\[\\]\\s*\\w+|String\\s+\\w+\\s*\\[\\])\\s*\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{");
    private static final Pattern NP = Pattern.compile(
        "(?i)(with|requires|needs|have)\\s+(at ?least\\s+)?(\\d+|two|four|six|eight)\\s+(task|proc)");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
    private static final Pattern COMPLETION = Pattern.compile("(?i)complete|finished|passed");
    private static final Pattern ERROR = Pattern.compile("ERROR|Error|FAIL|Fail|bad answer|Exception");
    /** Job statuses other than 0: env/abort ends the job through {@code Abort(5)} on purpose. */
    private static final Map<String, Integer> EXIT = Map.of("env/abort", 5);
    /** Programs that read stdin, with what they get. */
    private static final Map<String, String> STDIN = Map.of("env/InputTester", "42\n");

    /** Where a program's ranks run. */
    enum Placement
    {
        ONE_JVM("in one JVM"),
        JVM_PER_RANK("in one JVM per rank"),
        TWO_NODES("in one JVM per rank on two nodes");

        final String text;

        Placement(final String text)
        {
            this.text = text;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyProgramRunsInOneJvmInOneJvmPerRankAndAcrossNodes() throws Exception
    {
        Assumptions.assumeTrue(Files.isDirectory(SUITE),
            SUITE + " is absent: MPJ Express' test programs are not run (clone the repository beside shared/)");
        final List<Program> programs = programs();
        final Path classes = compile(programs);
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Program program : programs)
        {
            if (program.entry)
            {
                for (final Placement placement : Placement.values())
                {
                    tests.add(DynamicTest.dynamicTest(program.name + " np=" + program.np + " " + placement.text,
                        () -> judge(program, placement, classes)));
                }
            }
        }
        assertTrue(tests.size() >= 130 * Placement.values().length,
            "found " + tests.size() / Placement.values().length + " programs in " + SUITE);
        return tests.stream();
    }

    /** A source file of the suite; {@code name} is its path without {@code .java} ({@code pt2pt/send}). */
    record Program(String name, Path source, String text, boolean entry, int np)
    {
        /** From its package declaration: a few programs have none. */
        String className()
        {
            final Matcher pkg = PACKAGE.matcher(text);
            final String simple = source.getFileName().toString().replace(".java", "");
            return pkg.find() ? pkg.group(1) + "." + simple : simple;
        }
    }

    private static List<Program> programs() throws IOException
    {
        final List<Program> programs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SUITE))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList())
            {
                final String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                if (INTERNALS.matcher(text).find() || BUFFER_INTERNALS.matcher(text).find())
                {
                    continue;
                }
                final String relative = SUITE.relativize(file).toString().replace('\\', '/');
                final String name = relative.substring(0, relative.length() - ".java".length());
                programs.add(new Program(name, file, text, ENTRY.matcher(text).find(), np(text)));
            }
        }
        return programs;
    }

    /** The np a program's comments or messages demand ("MUST RUN WITH 8 TASKS", "runs with eight processes"); 2 else. */
    static int np(final String text)
    {
        final Matcher m = NP.matcher(text);
        if (!m.find())
        {
            return 2;
        }
        return switch (m.group(3).toLowerCase(Locale.ROOT))
        {
            case "two" -> 2;
            case "four" -> 4;
            case "six" -> 6;
            case "eight" -> 8;
            default -> Integer.parseInt(m.group(3));
        };
    }

    /** All of them in one {@code bin/colojavac} run: the mpi-api jar is all they may need. */
    private static Path compile(final List<Program> programs) throws Exception
    {
        final Path classes = compiled;
        final List<String> args = new ArrayList<>(List.of("-nowarn", "-encoding", "ISO-8859-1", "-d", classes.toString()));
        programs.forEach(p -> args.add(p.source.toString()));
        final Launch javac = Launch.runIn(Launch.ROOT, 600, "colojavac", args.toArray(new String[0]));
        assertEquals(0, javac.exitCode, javac.toString());
        return classes;
    }

    private static void judge(final Program program, final Placement placement, final Path classes) throws Exception
    {
        final String bug = BUGGY.get(program.name);
        Assumptions.assumeTrue(bug == null, () -> program.name + " is buggy itself (MPJ Express fails it too): " + bug);
        final long start = System.nanoTime();
        boolean passed = false;
        try
        {
            check(program, placement, classes);
            passed = true;
        }
        finally
        {
            // one line per run in the test's output file, from which bench/RESULTS.md's table is made
            System.out.printf("mpj-express-tests %s %s %s %.1f s%n", program.name,
                placement.name().toLowerCase(Locale.ROOT).replace('_', '-'), passed ? "pass" : "FAIL",
                (System.nanoTime() - start) * 1e-9);
        }
    }

    private static void check(final Program program, final Placement placement, final Path classes) throws Exception
    {
        final LaunchResult run = STDIN.containsKey(program.name) ?
            runWithStdin(program, placement, classes) :
            JobLauncher.builder()
                .np(program.np)
                .ranksPerJvm(placement == Placement.ONE_JVM ? program.np : 1)
                .virtualNodes(placement == Placement.TWO_NODES ? 2 : 1)
                .mainClass(TestSuiteMain.class.getName())
                .args(program.className())
                .classPath(classes, Launch.EXAMPLES)
                .apiPath(ColocatedJob.codeSourceOf(mpi.MPI.class))
                .timeout(TIMEOUT)
                .run();
        assertEquals(EXIT.getOrDefault(program.name, 0), run.exitCode(), run::toString);
        for (final String line : run.stdout())
        {
            // pt2pt/ssend's clock check across ranks says itself that it is "(Not important)"
            assertTrue(!ERROR.matcher(line).find() || line.contains("(Not important)"), () -> "error line: " + line + "\n" + run);
        }
        for (final String line : run.stderr())
        {
            assertTrue(!line.contains("Exception"), () -> "exception: " + line + "\n" + run);
        }
        if (EXIT.get(program.name) == null && COMPLETION.matcher(COMMENT.matcher(program.text).replaceAll("")).find())
        {
            assertTrue(run.stdout().stream().anyMatch(l -> COMPLETION.matcher(l).find()), () -> "no completion line\n" + run);
        }
    }

    /** Through {@code bin/colorun}, which hands its stdin to rank 0 as {@code mpjrun.sh} does. */
    private static LaunchResult runWithStdin(final Program program, final Placement placement, final Path classes)
        throws Exception
    {
        final Path in = Files.createTempFile("colompi-stdin", ".txt");
        final Path out = Files.createTempFile("colompi-out", ".txt");
        final Path err = Files.createTempFile("colompi-err", ".txt");
        try
        {
            Files.writeString(in, STDIN.get(program.name));
            final Process process = new ProcessBuilder(Launch.ROOT.resolve("bin/colorun").toString(),
                "-np", String.valueOf(program.np),
                "--ranks-per-jvm", placement == Placement.ONE_JVM ? String.valueOf(program.np) : "1",
                "--virtual-nodes", placement == Placement.TWO_NODES ? "2" : "1",
                "--timeout", String.valueOf(TIMEOUT.toSeconds()),
                "-cp", classes + ":" + Launch.EXAMPLES, TestSuiteMain.class.getName(), program.className())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            final LaunchResult run = new LaunchResult(process.waitFor(), Files.readAllLines(out), Files.readAllLines(err));
            assertTrue(run.stdout().stream().anyMatch(l -> l.endsWith("Value is: " + STDIN.get(program.name).trim())),
                run::toString);
            return run;
        }
        finally
        {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
