package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ColorunTest
{
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(OutputStream.nullOutputStream());
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private LaunchSpec parse(final String... args) throws IOException
    {
        final Colorun colorun = new Colorun(out, err);
        Colorun.commandLine(colorun).parseArgs(args);
        return colorun.launchSpec();
    }

    /** Runs colorun on a command line that must be rejected before anything is launched. */
    private int reject(final String... args)
    {
        return Colorun.execute(args, out, err);
    }

    private String errors()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void argumentsAfterTheMainClassGoToTheProgramUnchanged() throws IOException
    {
        final LaunchSpec spec = parse("-np", "4", "-cp", "a.jar:lib", "--stats", "app.Main", "-x", "--stats", "-np", "2", "--", "@file");

        assertEquals(4, spec.np());
        assertEquals(4, spec.ranksPerJvm());
        assertTrue(spec.stats());
        assertTrue(spec.tagOutput());
        assertEquals("app.Main", spec.mainClass());
        assertEquals(List.of("-x", "--stats", "-np", "2", "--", "@file"), spec.args());
        assertEquals(List.of(Path.of("a.jar").toAbsolutePath(), Path.of("lib").toAbsolutePath()), spec.classPath());
    }

    @Test
    void shortAliasJvmOptionsTimeoutAndNoTag() throws IOException
    {
        final LaunchSpec spec = parse("-n", "2", "--ranks-per-jvm", "2", "-J-Xmx64m", "-J", "-Dk=v", "--no-tag",
            "--timeout", "30", "-classpath", "x", "Main");

        assertEquals(2, spec.np());
        assertEquals(List.of("-Xmx64m", "-Dk=v"), spec.jvmOptions());
        assertEquals(false, spec.tagOutput());
        assertEquals(Duration.ofSeconds(30), spec.timeout());
        assertEquals(List.of(), spec.args());
        assertNull(spec.workDir());
    }

    @Test
    void withJarTheMainClassComesFromTheManifestAndEveryArgumentAfterTheJarIsTheProgramsOne(@TempDir final Path dir)
        throws IOException
    {
        final Path jar = dir.resolve("app.jar");
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/dep.jar ../other/");
        new JarOutputStream(Files.newOutputStream(jar), manifest).close();

        final LaunchSpec spec = parse("-np", "2", "-jar", jar.toString(), "-np", "3", "x");

        assertEquals("app.Main", spec.mainClass());
        assertEquals(List.of("-np", "3", "x"), spec.args());
        assertEquals(List.of(jar, dir.resolve("lib/dep.jar"), dir.getParent().resolve("other")), spec.classPath());
    }

    @Test
    void ranksPerJvmSplitsTheJobIntoJvmsAndIsCappedAtNp() throws IOException
    {
        assertEquals(2, parse("-np", "4", "--ranks-per-jvm", "2", "Main").ranksPerJvm());
        assertEquals(1, parse("-np", "4", "--ranks-per-jvm", "1", "Main").ranksPerJvm());
        assertEquals(4, parse("-np", "4", "--ranks-per-jvm", "9", "Main").ranksPerJvm());

        assertEquals(2, reject("-np", "4", "--ranks-per-jvm", "0", "Main"));
        assertTrue(errors().contains("--ranks-per-jvm must be at least 1, got 0"), errors());
    }

    @Test
    void badCommandLinesGiveAMessageAndUsageWithStatusTwo()
    {
        assertEquals(2, reject("-np", "zero", "Main"));
        assertTrue(errors().contains("-np"), errors());
        assertTrue(errors().contains("Usage: colorun"), errors());

        assertEquals(2, reject("-np", "0", "Main"));
        assertTrue(errors().contains("-np must be at least 1, got 0"), errors());

        assertEquals(2, reject("Main"));
        assertTrue(errors().contains("Missing required option: '-np N'"), errors());

        assertEquals(2, reject("-np", "2"));
        assertTrue(errors().contains("missing MainClass"), errors());

        assertEquals(2, reject("-np", "2", "-bogus", "Main"));
        assertTrue(errors().contains("Unknown option: '-bogus'"), errors());

        assertEquals(2, reject("-np", "2", "-cp", "x", "-jar", "app.jar"));
        assertTrue(errors().contains("no such jar file: app.jar") || errors().contains("exclude"), errors());
    }

    @Test
    void helpIsNotAnError()
    {
        final ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(0, Colorun.execute(new String[]{ "--help" }, new PrintStream(help, true, StandardCharsets.UTF_8), err));
        assertTrue(help.toString(StandardCharsets.UTF_8).contains("--ranks-per-jvm"));
    }

    @Test
    void theRankHostGetsTheJvmOptionsAfterTheForwardedPropertiesAndTheJobAfterDashDash() throws IOException
    {
        final LaunchSpec spec = parse("-np", "3", "-J-Dcolompi.wait=spin", "--stats", "-cp", "x", "Main", "-a", "b");
        final List<String> command = JobLauncher.forCommandLine(spec, out, err).hostCommand();

        assertTrue(command.get(0).endsWith(Path.of("bin", "java").toString()), command.get(0));
        assertEquals(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"), command.subList(1, 3));
        final int host = command.indexOf(HostMain.class.getName());
        assertTrue(command.indexOf("-Dcolompi.wait=spin") < host);
        assertEquals(List.of("--stats", "--class-path", Path.of("x").toAbsolutePath().toString(), "--", "Main", "-a", "b"),
            command.subList(host + 1, command.size()));
        assertTrue(command.stream().noneMatch(arg -> arg.contains("SECRET") || arg.contains("COLOMPI_")),
            "the job's identity and secret travel in the environment: " + command);
    }
}
