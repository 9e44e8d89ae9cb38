package io.colompi.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tarball, unpacked and moved: its scripts run programs with no checkout and no Maven; a user's own Maven project
 * with the one dependency {@code io.colompi:mpi-api} compiles an MPJ Express program (a user-defined {@code Op}
 * included) offline against the artifacts {@code mvn install} put in a (private) local repository.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class InstallTest
{
    /** The repository root (tests run in the module's directory). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path parent;
    static Installed installed;

    @BeforeAll
    static void unpack() throws Exception
    {
        installed = Installed.unpack(parent);
    }

    @Test
    void theMovedTarballHoldsEverythingAndRunsAnExample() throws Exception
    {
        for (final String script : List.of("colorun", "colojava", "colojavac", "mpjrun.sh", "colobench"))
        {
            assertTrue(Files.isExecutable(installed.home.resolve("bin").resolve(script)), script);
        }
        assertTrue(Files.isRegularFile(installed.home.resolve("LICENSE")));
        assertTrue(Files.isRegularFile(installed.home.resolve("README.md")));
        assertTrue(Files.isRegularFile(installed.home.resolve("examples/src/io/colompi/examples/Jacobi.java")));
        final Shell.Result run = Shell.run(List.of(installed.bin("colorun"), "-np", "3", "--ranks-per-jvm", "2",
            "-cp", installed.examplesJar(), "io.colompi.examples.Ring"), Map.of(), parent, Duration.ofSeconds(180));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("[0] ring done: token = 6, expected 6"), run::toString);
    }

    /**
     * {@code colobench jmh} runs the JMH benchmarks of the install, the trace journal's among them: its forks get the
     * trace module and Chronicle's JVM flags from the script (Chronicle's classes refuse to load without them).
     */
    @Test
    void colobenchRunsTheTraceJournalsBenchmark() throws Exception
    {
        final Shell.Result run = Shell.run(List.of(installed.bin("colobench"), "jmh", "TraceRecordBenchmark.record$",
            "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms"), Map.of(), parent, Duration.ofSeconds(180));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().lines().anyMatch(line -> line.matches("TraceRecordBenchmark\\.record +avgt .* ns/op")),
            run::toString);
        assertFalse(run.stdout().contains("Exception"), run::toString);
    }

    /**
     * colorun's and mpjrun.sh's own JVM compiles with C1 alone (it starts the rank hosts and pumps their output, on their
     * cores); a rank host whose node has a core for each rank keeps C2.
     */
    @Test
    void theLaunchersJvmCompilesWithC1AloneAndARankHostWithACoreKeepsC2() throws Exception
    {
        for (final String launcher : List.of("colorun", "mpjrun.sh"))
        {
            final Shell.Result run = Shell.run(List.of(installed.bin(launcher), "-np", "1", "-cp",
                installed.examplesJar(), "io.colompi.examples.Hello"), Map.of("JDK_JAVA_OPTIONS",
                "-XX:+PrintCommandLineFlags"), parent, Duration.ofSeconds(120));
            assertEquals(0, run.exitCode(), run::toString);
            final List<String> flags = run.stdout().lines().filter(line -> line.contains("-XX:+PrintCommandLineFlags"))
                .toList();
            assertEquals(2, flags.size(), "the launcher's JVM, then the rank host: " + run);
            assertTrue(flags.get(0).contains("-XX:TieredStopAtLevel=1"), launcher + ": " + flags.get(0));
            assertFalse(flags.get(1).contains("-XX:TieredStopAtLevel=1"), launcher + ": " + flags.get(1));
            assertTrue(run.stdout().contains("Hello from rank 0 of 1"), run::toString);
        }
    }

    @Test
    void theFirstJobTrainsTheClassDataArchiveAndTheNextStartsFromIt(@TempDir final Path work) throws Exception
    {
        // Where the path has no blank: with one, Java 17 maps the archive but loads none of its classes.
        final Installed plain = Installed.unpack(work, "colompi");
        final Path cache = work.resolve("cache");
        final Map<String, String> env = cacheIn(cache);
        final List<String> hello = hello(plain, "-J-Xlog:class+load=info");
        final Shell.Result first = Shell.run(hello, env, work, Duration.ofSeconds(180));
        assertEquals(0, first.exitCode(), first::toString);
        try (var files = Files.list(cache))
        {
            final List<String> names = files.map(file -> file.getFileName().toString()).toList();
            assertTrue(names.size() == 1 && names.get(0).endsWith(".jsa"),
                "one archive, moved in place, nothing left of the training: " + names);
        }
        assertFalse(first.stdout().contains("io.colompi.core.pt2pt.Engine source: shared objects file"), first::toString);

        final Shell.Result next = Shell.run(hello, env, work, Duration.ofSeconds(180));
        assertEquals(0, next.exitCode(), next::toString);
        assertTrue(next.stdout().contains("io.colompi.core.pt2pt.Engine source: shared objects file"), next::toString);
        assertTrue(next.stdout().contains("Hello from rank 1 of 2"), next::toString);
    }

    /** Java 17 starts no JVM asked to archive classes without the JDK's archive: the first job's JVM 0 failed. */
    @Test
    void aJobWithClassDataSharingOffRunsAndTrainsNoArchive(@TempDir final Path work) throws Exception
    {
        final Installed plain = Installed.unpack(work, "colompi");
        final Path cache = work.resolve("cache");
        final Shell.Result run =
            Shell.run(hello(plain, "-J-Xshare:off"), cacheIn(cache), work, Duration.ofSeconds(180));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("Hello from rank 1 of 2"), run::toString);
        assertFalse(Files.exists(cache), "no archive, no training: not even the cache's directory");
    }

    /** The environment of a launcher whose rank hosts' start-up cache is in {@code cache}. */
    private static Map<String, String> cacheIn(final Path cache)
    {
        return Map.of("JDK_JAVA_OPTIONS", "-Dcolompi.cache.dir=" + cache);
    }

    /** {@code colorun} of the example Hello on two ranks of {@code install}, with {@code jvmOption} for its hosts. */
    private static List<String> hello(final Installed install, final String jvmOption)
    {
        return List.of(install.bin("colorun"), "-np", "2", jvmOption, "-cp", install.examplesJar(),
            "io.colompi.examples.Hello");
    }

    @Test
    void colojavaAloneIsAJobOfItsOwnRanks() throws Exception
    {
        final Shell.Result one = Shell.run(List.of(installed.bin("colojava"), "-cp", installed.examplesJar(),
            "io.colompi.examples.Hello"), Map.of(), parent, Duration.ofSeconds(120));
        assertEquals(0, one.exitCode(), one::toString);
        assertTrue(one.stdout().contains("[0] Hello from rank 0 of 1"), one::toString);
        final Shell.Result three = Shell.run(List.of(installed.bin("colojava"), "--ranks-per-task", "3", "-cp",
            installed.examplesJar(), "io.colompi.examples.Hello"), Map.of(), parent, Duration.ofSeconds(120));
        assertEquals(0, three.exitCode(), three::toString);
        assertTrue(three.stdout().contains("[2] Hello from rank 2 of 3"), three::toString);
        final Shell.Result bad = Shell.run(List.of(installed.bin("colojava"), "--ranks-per-task", "0", "-cp", "x", "Main"),
            Map.of(), parent, Duration.ofSeconds(120));
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("--ranks-per-jvm must be a positive number, got 0"), bad::toString);
    }

    @Test
    void aUsersMavenProjectCompilesAgainstTheInstalledApiOffline(@TempDir final Path work) throws Exception
    {
        final Path repository = privateRepository(work.resolve("repository"));
        // What 'mvn install' puts there: the parent, mpi-core and mpi-api (this build's, just built).
        // Online: a build that ran only to verify may not have fetched the install plugin yet.
        final Shell.Result install = Shell.run(List.of("mvn", "-B", "-ntp", "-q", "install", "-DskipTests",
            "-Dmaven.repo.local=" + repository, "-pl", "mpi-api", "-am"), Map.of(), ROOT, Duration.ofSeconds(400));
        assertEquals(0, install.exitCode(), install::toString);
        assertTrue(Files.isDirectory(repository.resolve("io/colompi/mpi-api/" + Installed.VERSION)));

        final Path project = Files.createDirectories(work.resolve("user-project"));
        Files.writeString(project.resolve("pom.xml"), String.join("\n",
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
            "  <modelVersion>4.0.0</modelVersion>",
            "  <groupId>org.example</groupId><artifactId>user</artifactId><version>1</version>",
            "  <properties><maven.compiler.release>17</maven.compiler.release>",
            "    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>",
            "  <dependencies>",
            "    <dependency><groupId>io.colompi</groupId><artifactId>mpi-api</artifactId><version>" + Installed.VERSION +
                "</version></dependency>",
            "  </dependencies>",
            "  <build><plugins>",
            "    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>",
            "    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>",
            "  </plugins></build>",
            "</project>"));
        final Path sources = Files.createDirectories(project.resolve("src/main/java/org/example"));
        Files.writeString(sources.resolve("MaxLoc.java"), String.join("\n",
            "package org.example;",
            "import mpi.*;",
            "/** An MPJ Express program with a user-defined reduction. */",
            "public class MaxLoc {",
            "  static final class Larger extends User_function {",
            "    @Override public void Call(Object in, int inOffset, Object inout, int inoutOffset, int count, Datatype type) {",
            "      int[] a = (int[]) in, b = (int[]) inout;",
            "      for (int i = 0; i < count; i++) b[inoutOffset + i] = Math.max(a[inOffset + i], b[inoutOffset + i]);",
            "    }",
            "  }",
            "  public static void main(String[] args) throws Exception {",
            "    MPI.Init(args);",
            "    int[] mine = { 10 * MPI.COMM_WORLD.Rank() }, max = new int[1];",
            "    Op larger = new Op(new Larger(), true);",
            "    MPI.COMM_WORLD.Allreduce(mine, 0, max, 0, 1, MPI.INT, larger);",
            "    System.out.println(\"max=\" + max[0] + \" of \" + MPI.COMM_WORLD.Size());",
            "    MPI.Finalize();",
            "  }",
            "}"));
        final Shell.Result build = Shell.run(List.of("mvn", "-B", "-ntp", "-o", "-q", "compile",
            "-Dmaven.repo.local=" + repository), Map.of(), project, Duration.ofSeconds(300));
        assertEquals(0, build.exitCode(), build::toString);
        final Shell.Result run = Shell.run(List.of(installed.bin("colorun"), "-np", "3", "-cp",
            project.resolve("target/classes").toString(), "org.example.MaxLoc"), Map.of(), project, Duration.ofSeconds(180));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("[1] max=20 of 3"), run::toString);
    }

    /**
     * A local repository of its own, so that nothing of this build lands in the one other builds share: a copy of the
     * shared one (its files linked, not copied) without colompi's artifacts.
     */
    private static Path privateRepository(final Path repository) throws IOException, InterruptedException
    {
        final Path shared = Path.of(System.getProperty("maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        final List<String> copy = new ArrayList<>(List.of("cp", "-rs", shared.toAbsolutePath() + "/.", repository.toString()));
        Files.createDirectories(repository);
        final Shell.Result linked = Shell.run(copy, Map.of(), repository, Duration.ofSeconds(120));
        assertEquals(0, linked.exitCode(), linked::toString);
        final Shell.Result removed = Shell.run(List.of("rm", "-rf", repository.resolve("io/colompi").toString()),
            Map.of(), repository, Duration.ofSeconds(60));
        assertEquals(0, removed.exitCode(), removed::toString);
        return repository;
    }
}
