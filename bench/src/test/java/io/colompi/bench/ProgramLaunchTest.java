package io.colompi.bench;

import io.colompi.bench.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the benchmark programs as users do, through {@code bin/colorun}: {@code Osu} with tiny sizes (its table and
 * CSV), {@code Halo} with few iterations (its result line), and test programs.
 */
class ProgramLaunchTest
{
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void latencyPrintsOsuColumnsWithTheRawLimitAndWritesCsv() throws Exception
    {
        final Path csv = dir.resolve("latency.csv");
        final Run run = osu(2, "latency", "-m", "1", "-M", "64", "-i", "50", "-x", "5", "--jit-warmup", "10",
            "--with-raw", "--csv", csv.toString());
        assertEquals(0, run.exit, run.toString());

        final List<String> lines = run.stdout.lines().collect(Collectors.toList());
        final String header = lines.stream().filter(l -> l.startsWith("# Size")).findFirst().orElseThrow();
        assertEquals(List.of("#", "Size", "Latency", "(us)", "Median", "(us)", "P99", "(us)", "Raw", "(us)", "Raw",
            "Median", "(us)", "Ratio"), Arrays.asList(header.trim().split("\\s+")), header);
        assertTrue(lines.stream().anyMatch(l -> l.contains("placement=colocated") && l.contains("tier=local")), run.stdout);
        final List<String[]> rows = dataRows(lines);
        assertEquals(List.of("1", "2", "4", "8", "16", "32", "64"),
            rows.stream().map(r -> r[0]).collect(Collectors.toList()), run.stdout);
        for (final String[] row : rows)
        {
            assertEquals(7, row.length, String.join(" ", row));
            for (int i = 1; i < row.length; i++)
            {
                assertTrue(Double.parseDouble(row[i]) > 0, String.join(" ", row));
            }
        }

        final List<String> csvLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(Results.CSV_HEADER, csvLines.get(0));
        assertEquals(14, csvLines.size() - 1, String.join("\n", csvLines));
        assertTrue(csvLines.get(1).startsWith("latency,raw,colocated,local,2,2,byte,1,"), csvLines.get(1));
        assertTrue(csvLines.get(2).startsWith("latency,colompi,colocated,local,2,2,byte,1,"), csvLines.get(2));
        assertTrue(csvLines.stream().skip(1).allMatch(l -> l.split(",", -1).length == Results.CSV_HEADER.split(",").length));
    }

    @Test
    @Timeout(60)
    void allreduceReportsAverageMinMaxOverRanksAndTheReportReadsIt() throws Exception
    {
        final Path csv = dir.resolve("results.csv");
        final Run run = osu(4, "allreduce", "-m", "8", "-M", "64", "-i", "20", "-x", "2", "--jit-warmup", "5",
            "--csv", csv.toString());
        assertEquals(0, run.exit, run.toString());
        final List<String> lines = run.stdout.lines().collect(Collectors.toList());
        assertTrue(lines.stream().anyMatch(l -> l.matches("# Size\\s+Avg Latency\\(us\\)\\s+Min Latency\\(us\\)\\s+Max Latency\\(us\\)")),
            run.stdout);
        final List<String[]> rows = dataRows(lines);
        assertEquals(List.of("8", "16", "32", "64"), rows.stream().map(r -> r[0]).collect(Collectors.toList()));
        for (final String[] row : rows)
        {
            final double avg = Double.parseDouble(row[1]);
            assertTrue(Double.parseDouble(row[2]) <= avg && avg <= Double.parseDouble(row[3]), String.join(" ", row));
        }

        System.setProperty("java.awt.headless", "true");
        Report.main(new String[] { dir.toString() });
        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## allreduce: average latency (us) by np, colompi colocated, tier local"), summary);
        assertTrue(Files.size(dir.resolve("collectives-np4.png")) > 1000);
    }

    @Test
    @Timeout(90)
    void theRootedVCollectivesRunAcrossJvmsAndTheReportTablesThem() throws Exception
    {
        final Path csv = dir.resolve("results.csv");
        for (final String collective : List.of("gatherv", "iscatterv"))
        {
            final Run run = osu(List.of("--ranks-per-jvm", "2"), 4, collective, "-m", "1", "-M", "4K", "-i", "20", "-x",
                "2", "--jit-warmup", "5", "--csv", csv.toString());
            assertEquals(0, run.exit, run.toString());
            assertEquals(List.of("1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1024", "2048", "4096"),
                dataRows(run.stdout.lines().collect(Collectors.toList())).stream().map(r -> r[0])
                    .collect(Collectors.toList()), collective);
        }
        System.setProperty("java.awt.headless", "true");
        Report.main(new String[] { dir.toString() });
        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## gatherv: average latency (us)") && summary.contains("## iscatterv: average"),
            summary);
    }

    @Test
    @Timeout(120)
    void inTwoJvmsTheRawLimitIsARawRingBetweenTheTwoRanks() throws Exception
    {
        final Path csv = dir.resolve("shm.csv");
        // A 64 KiB ring: records of 8 KiB, so 32 KiB messages travel in several records on both paths.
        final List<String> launcher = List.of("--ranks-per-jvm", "1", "-J-Dcolompi.shm.ringBytes=65536");
        final Run latency = osu(launcher, 2, "latency", "-m", "8", "-M", "32K", "-i", "50", "-x", "5", "--jit-warmup", "10",
            "--with-raw", "--csv", csv.toString());
        assertEquals(0, latency.exit, latency.toString());
        assertTrue(latency.stdout.contains("placement=rpj=1") && latency.stdout.contains("tier=shm") &&
            latency.stdout.contains("raw=ring:m2o/64K/"), latency.stdout);
        final List<String[]> rows = dataRows(latency.stdout.lines().collect(Collectors.toList()));
        assertEquals(13, rows.size(), latency.stdout);
        assertTrue(rows.stream().allMatch(r -> r.length == 7 && Double.parseDouble(r[5]) > 0), latency.stdout);

        final Run bw = osu(launcher, 2, "bibw", "-m", "8", "-M", "32K", "-i", "5", "-x", "1", "--jit-warmup", "5",
            "--with-raw", "--raw-ring", "o2o", "--csv", csv.toString());
        assertEquals(0, bw.exit, bw.toString());
        assertTrue(bw.stdout.contains("raw=ring:o2o/64K/"), bw.stdout);
        assertTrue(dataRows(bw.stdout.lines().collect(Collectors.toList())).stream()
            .allMatch(r -> r.length == 4 && Double.parseDouble(r[2]) > 0), bw.stdout);

        final List<String> csvLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(csvLines.stream().anyMatch(l -> l.startsWith("latency,raw,rpj=1,shm,2,1,byte,8,")), String.join("\n", csvLines));
        assertTrue(csvLines.stream().anyMatch(l -> l.startsWith("bibw,raw,rpj=1,shm,2,1,byte,32768,")), String.join("\n", csvLines));
        assertTrue(rawRingFiles().isEmpty(), "raw ring files left: " + rawRingFiles());
    }

    @Test
    @Timeout(120)
    void onTwoVirtualNodesTheRawLimitIsARawAeronPingPong() throws Exception
    {
        final Path csv = dir.resolve("aeron.csv");
        final List<String> launcher = List.of("--ranks-per-jvm", "1", "--virtual-nodes", "2");
        final Run latency = osu(launcher, 2, "latency", "-m", "8", "-M", "16K", "-i", "50", "-x", "5", "--jit-warmup", "10",
            "--with-raw", "--csv", csv.toString());
        assertEquals(0, latency.exit, latency.toString());
        assertTrue(latency.stdout.contains("placement=rpj=1/nodes=2") && latency.stdout.contains("tier=aeron") &&
            latency.stdout.contains("raw=aeron-loopback"), latency.stdout);
        final List<String[]> rows = dataRows(latency.stdout.lines().collect(Collectors.toList()));
        assertEquals(12, rows.size(), latency.stdout);
        assertTrue(rows.stream().allMatch(r -> r.length == 7 && Double.parseDouble(r[5]) > 0), latency.stdout);

        final Run bw = osu(launcher, 2, "bw", "-m", "8", "-M", "1K", "-i", "5", "-x", "1", "--jit-warmup", "5",
            "--with-raw", "--csv", csv.toString());
        assertEquals(0, bw.exit, bw.toString());
        assertTrue(bw.stdout.contains("raw limit for tier aeron: skipped: its raw limit is a ping-pong"), bw.stdout);

        final List<String> csvLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(csvLines.stream().anyMatch(l -> l.startsWith("latency,raw,rpj=1/nodes=2,aeron,2,1,byte,8,")),
            String.join("\n", csvLines));
        assertTrue(csvLines.stream().anyMatch(l -> l.startsWith("bw,colompi,rpj=1/nodes=2,aeron,2,1,byte,1024,")),
            String.join("\n", csvLines));
    }

    /** raw-ring-* files in /dev/shm and its directories (job directories of other jobs may vanish meanwhile). */
    private static List<Path> rawRingFiles() throws IOException
    {
        final List<Path> found = new ArrayList<>();
        final List<Path> places = new ArrayList<>(List.of(Path.of("/dev/shm")));
        try (var top = Files.list(Path.of("/dev/shm")))
        {
            top.filter(Files::isDirectory).forEach(places::add);
        }
        for (final Path place : places)
        {
            try (var listing = Files.list(place))
            {
                listing.filter(p -> p.getFileName().toString().startsWith("raw-ring-")).forEach(found::add);
            }
            catch (final IOException | java.io.UncheckedIOException gone)
            {
                // another job's directory, removed while we looked
            }
        }
        return found;
    }

    @Test
    @Timeout(60)
    void aBadArgumentExitsWithUsage() throws Exception
    {
        final Run run = osu(2, "latency", "--no-such-option");
        assertEquals(2, run.exit, run.toString());
        assertTrue(run.stderr.contains("Unknown option") && run.stderr.contains("--min-size"), run.stderr);
    }

    /**
     * A {@code /dev/shm} without room for the ranks' rings (a tmpfs of 12 MiB, four rings of 4 MiB): the job ends with
     * a line naming the ring, the room there is and a way out, and leaves nothing there. Its pages are allocated as
     * they are written, and the fault that was (an {@code InternalError}) is not a reason anybody can act on.
     */
    @Test
    @Timeout(120)
    void aSharedMemoryWithoutRoomForTheRingsEndsTheJobSayingSo() throws Exception
    {
        final Run run = onSmallSharedMemory("12m", List.of("--ranks-per-jvm", "1"), 4, "allreduce", "-m", "8", "-M", "8");
        assertEndedSayingSo(run, "no room for the shared-memory ring of rank ", "-J-Dcolompi.shm.ringBytes=1m");
    }

    /**
     * The same for a node arena, made at the first large collective across a node's JVMs (rings of 1 MiB fit in 6 MiB,
     * an arena of four JVMs' 1 MiB slots, 10 MiB, does not): the rank fails there with a line naming it and a way out.
     */
    @Test
    @Timeout(120)
    void aSharedMemoryWithoutRoomForANodeArenaFailsTheCollectiveSayingSo() throws Exception
    {
        final Run run = onSmallSharedMemory("6m", List.of("--ranks-per-jvm", "1", "-J-Dcolompi.shm.ringBytes=1m"), 4,
            "allreduce", "-m", "1048576", "-M", "1048576", "-i", "5", "-x", "1");
        assertEndedSayingSo(run, "no room for the node arena ", "-J-Dcolompi.coll.node.slotBytes=256k");
    }

    /** The same for the Aeron media driver of a JVM with peers on other nodes (two virtual nodes in 10 MiB). */
    @Test
    @Timeout(120)
    void aSharedMemoryWithoutRoomForTheAeronDriverEndsTheJobSayingSo() throws Exception
    {
        final Run run = onSmallSharedMemory("10m", List.of("--virtual-nodes", "2", "-J-Dcolompi.shm.ringBytes=1m"), 2,
            "latency", "-m", "8", "-M", "8");
        assertEndedSayingSo(run, "no room for the Aeron media driver of JVM ");
    }

    /** The job ended with status 1, its stderr says each of {@code words}, and nothing was left in /dev/shm. */
    private static void assertEndedSayingSo(final Run run, final String... words)
    {
        assertEquals(1, run.exit, run.toString());
        for (final String word : words)
        {
            assertTrue(run.stderr.contains(word), run.toString());
        }
        assertTrue(run.stderr.contains("left in /dev/shm: []"), run.toString());
    }

    /**
     * {@code Osu} through {@code bin/colorun} in a mount namespace of its own whose {@code /dev/shm} is a tmpfs of
     * {@code size}, then what is left there; skipped where that is not permitted (not root).
     */
    private Run onSmallSharedMemory(final String size, final List<String> launcher, final int np, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
            "mount -t tmpfs -o size=" + size + " tmpfs /dev/shm || exit 97; \"$@\"; status=$?; " +
            "echo \"left in /dev/shm: [$(ls -A /dev/shm)]\" >&2; exit $status", "sh"));
        command.addAll(List.of(ROOT.resolve("bin/colorun").toString(), "-np", Integer.toString(np), "--no-tag",
            "--timeout", "50"));
        command.addAll(launcher);
        command.addAll(List.of("-cp", programClassPath(), Osu.class.getName()));
        command.addAll(List.of(args));
        final Run run = run(command);
        assumeTrue(run.exit != 97, () -> "a mount namespace with a small /dev/shm needs root: " + run);
        try (var files = Files.list(ROOT))
        {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().startsWith("hs_err")).toList(),
                "no JVM crashed");
        }
        return run;
    }

    /** Data rows of an OSU table: lines that start with a number. */
    private static List<String[]> dataRows(final List<String> lines)
    {
        return lines.stream().filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0)))
            .map(l -> l.trim().split("\\s+")).collect(Collectors.toList());
    }

    @Test
    @Timeout(120)
    void haloComputesTheSameWithEveryExchangeInEveryPlacement() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        final List<String> overlapped = new ArrayList<>();
        for (final String exchange : List.of("sendrecv", "nonblocking", "overlap", "neighbor"))
        {
            for (final String ranksPerJvm : List.of("2", "1"))
            {
                final Run run = colorun(List.of("--ranks-per-jvm", ranksPerJvm), 2, Halo.class, "400", exchange);
                assertEquals(0, run.exit, run.toString());
                final String line = run.stdout.strip();
                assertTrue(line.matches("halo np=2 iterations=400 exchange=" + exchange + ": checksum \\S+, mpi steady " +
                    "[0-9.]+ us, mpi all [0-9.]+ us, mpi best [0-9.]+ us, iteration steady [0-9.]+ us, allocated [0-9]+ " +
                    "B/iteration, [0-9.]+ s"), line);
                (exchange.equals("overlap") ? overlapped : lines).add(checksum(line));
            }
        }
        assertEquals(1, lines.stream().distinct().count(), "one checksum: " + lines);
        // the overlapped sum is the previous iteration's: that of 399 iterations
        final Run fewer = colorun(List.of("--ranks-per-jvm", "2"), 2, Halo.class, "399", "sendrecv");
        assertEquals(0, fewer.exit, fewer.toString());
        assertEquals(List.of(checksum(fewer.stdout.strip())), overlapped.stream().distinct().toList(),
            "overlapped: " + overlapped);
        assertNotEquals(lines.get(0), overlapped.get(0));
        final Run wrong = colorun(List.of(), 1, Halo.class, "10", "sendrecvs");
        assertEquals(1, wrong.exit, wrong.toString());
        assertTrue(wrong.stderr.contains("exchange: sendrecv, nonblocking, overlap or neighbor, not sendrecvs"),
            wrong.toString());
    }

    /**
     * A compiled loop that drops the {@code Status} of its {@code Recv} and {@code Sendrecv} allocates nothing (before:
     * 40-80 B an iteration, whose young collections paused the program now and then): the launcher keeps those calls
     * small enough for C2 to inline them into the loop ({@code JitOptions.EVERY_HOST}).
     */
    @Test
    @Timeout(60)
    void aCompiledLoopThatDropsTheStatusesOfItsReceivesAllocatesNothing() throws Exception
    {
        final Run run = colorun(List.of(), 2, DroppedStatuses.class, "300000", "100000");
        assertEquals(0, run.exit, run.toString());
        final List<String> lines = run.stdout.lines().sorted().toList();
        assertEquals(2, lines.size(), run.toString());
        for (int rank = 0; rank < 2; rank++)
        {
            final String line = lines.get(rank);
            assertTrue(line.matches("rank " + rank + " allocated [0-9.]+ B/iteration"), line);
            // a Status is 40 B: at most a tenth of the measured iterations (a late compile on a loaded machine)
            assertTrue(Double.parseDouble(line.split(" ")[3]) < 4, line);
        }
    }

    private static String checksum(final String line)
    {
        return line.replaceAll(".*(checksum \\S+),.*", "$1");
    }

    private Run osu(final int np, final String... args) throws IOException, InterruptedException
    {
        return osu(List.of(), np, args);
    }

    private Run osu(final List<String> launcher, final int np, final String... args) throws IOException, InterruptedException
    {
        return colorun(launcher, np, Osu.class, args);
    }

    private Run colorun(final List<String> launcher, final int np, final Class<?> program, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/colorun").toString(), "-np",
            Integer.toString(np), "--no-tag", "--timeout", "50"));
        command.addAll(launcher);
        command.addAll(List.of("-cp", programClassPath(), program.getName()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Run run(final List<String> command) throws IOException, InterruptedException
    {
        final Path out = dir.resolve("stdout.txt");
        final Path err = dir.resolve("stderr.txt");
        final Process process = new ProcessBuilder(command).directory(ROOT.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(55, TimeUnit.SECONDS))
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 55 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The benchmark classes, this module's test programs and the two libraries a rank loads itself (picocli,
     * HdrHistogram), from this test's class path.
     */
    private static String programClassPath()
    {
        final List<String> entries = new ArrayList<>();
        entries.add(ROOT.resolve("bench/target/classes").toString());
        entries.add(ROOT.resolve("bench/target/test-classes").toString());
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            final String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("picocli-") || name.startsWith("HdrHistogram-"))
            {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int exit, String stdout, String stderr)
    {
        @Override
        public String toString()
        {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
