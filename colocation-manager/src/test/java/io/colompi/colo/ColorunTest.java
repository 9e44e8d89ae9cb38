package io.colompi.colo;

import io.colompi.core.job.RuntimeSettings;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aHostfileSpreadsTheRanksOverItsHostsThroughTheLaunchAgent(@TempDir final Path dir) throws IOException
    {
        final Path hosts = Files.writeString(dir.resolve("hosts"), "ns0 slots=4\nns1:4\n# spare\nns2\n");

        final LaunchSpec spec = parse("-np", "12", "--ranks-per-jvm", "2", "--hostfile", hosts.toString(),
            "--launch-agent", "ip netns exec {host}", "--launcher-address", "10.9.8.254", "Main");

        assertEquals(List.of(new HostSlots("ns0", 4), new HostSlots("ns1", 4), new HostSlots("ns2", 1)), spec.nodes().hosts());
        assertEquals("ip netns exec {host}", spec.nodes().agent().toString());
        assertEquals("10.9.8.254", spec.nodes().launcherAddress().getHostAddress());
        // 9 slots, 12 ranks: 3 extra go round the hosts, one each: 5, 5 and 2 ranks.
        assertEquals("0,0,1,1,2,3,3,4,4,5,6,6;0,0,0,1,1,1,2", spec.layout().encode());
        assertEquals(java.util.Optional.of("ns2"), spec.nodes().agentHost(2));

        final LaunchSpec byDefault = parse("-np", "2", "--hostfile", hosts.toString(), "Main");
        assertTrue(byDefault.nodes().agent().remoteShell(), "ssh by default");
        assertEquals(1, byDefault.layout().jvmCount(), "K = N by default: a JVM per host");
    }

    @Test
    void virtualNodesSplitTheRanksIntoContiguousBlocks() throws IOException
    {
        final LaunchSpec spec = parse("-np", "12", "--ranks-per-jvm", "2", "--virtual-nodes", "3", "Main");

        assertEquals(JobLayout.virtualNodes(12, 3, 2), spec.layout());
        assertTrue(spec.nodes().agentHost(1).isEmpty(), "pretend nodes need no agent");
        assertEquals(JobNodes.THIS_MACHINE, parse("-np", "2", "Main").nodes());
    }

    @Test
    void badNodeOptionsAreUsageErrors(@TempDir final Path dir) throws IOException
    {
        final Path hosts = Files.writeString(dir.resolve("hosts"), "a\nb slots=0\n");
        final Path good = Files.writeString(dir.resolve("good"), "a\n");

        assertEquals(2, reject("-np", "2", "--hostfile", dir.resolve("missing").toString(), "Main"));
        assertTrue(errors().contains("no such host file: " + dir.resolve("missing")), errors());
        assertEquals(2, reject("-np", "2", "--hostfile", hosts.toString(), "Main"));
        assertTrue(errors().contains(hosts + ":2: a host needs at least 1 slot, got 0"), errors());
        assertEquals(2, reject("-np", "2", "--virtual-nodes", "0", "Main"));
        assertTrue(errors().contains("--virtual-nodes must be 1 .. N (2: each node needs a rank), got 0"), errors());
        assertEquals(2, reject("-np", "2", "--virtual-nodes", "3", "Main"));
        assertTrue(errors().contains("got 3"), errors());
        assertEquals(2, reject("-np", "2", "--hostfile", good.toString(), "--virtual-nodes", "2", "Main"));
        assertTrue(errors().contains("--hostfile and --virtual-nodes exclude each other"), errors());
        assertEquals(2, reject("-np", "2", "--launch-agent", "ssh", "Main"));
        assertTrue(errors().contains("--launch-agent applies to the hosts of a --hostfile; there is none"), errors());
        assertEquals(2, reject("-np", "2", "--hostfile", good.toString(), "--launch-agent", "ssh 'x", "Main"));
        assertTrue(errors().contains("unclosed ' in the launch agent"), errors());
        assertEquals(2, reject("-np", "2", "--hostfile", good.toString(), "--launcher-address", "[::1", "Main"));
        assertTrue(errors().contains("--launcher-address: unknown host [::1"), errors());
    }

    @Test
    void helpIsNotAnError()
    {
        final ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(0, Colorun.execute(new String[]{ "--help" }, new PrintStream(help, true, StandardCharsets.UTF_8), err));
        for (final String option : List.of("--ranks-per-jvm", "--hostfile", "--launch-agent", "--launcher-address", "--virtual-nodes"))
        {
            assertTrue(help.toString(StandardCharsets.UTF_8).contains(option), option);
        }
    }

    @Test
    void virtualNodesTellTheirRanksTheirShareOfThisMachinesCpusUnlessTheUserDoes() throws IOException
    {
        final String share = "-D" + RuntimeSettings.NODE_CPUS + "=" + Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        final List<String> virtual = JobLauncher.forCommandLine(parse("-np", "4", "--virtual-nodes", "2", "-cp", "x", "Main"),
            out, err).hostCommand(false, false, 0);
        assertTrue(virtual.contains(share), virtual.toString());
        final List<String> user = JobLauncher.forCommandLine(
            parse("-np", "4", "--virtual-nodes", "2", "-J-Dcolompi.node.cpus=7", "-cp", "x", "Main"), out, err)
            .hostCommand(false, false, 0);
        assertTrue(user.indexOf(share) < user.indexOf("-Dcolompi.node.cpus=7"), "a JVM takes the last -D: " + user);
        final List<String> plain = JobLauncher.forCommandLine(parse("-np", "4", "-cp", "x", "Main"), out, err)
            .hostCommand(false, false, 0);
        assertTrue(plain.stream().noneMatch(arg -> arg.startsWith("-D" + RuntimeSettings.NODE_CPUS)), plain.toString());
    }

    @Test
    void theHostsOfAnOversubscribedNodeCompileWithC1AloneUnlessTheUserSaysOtherwise() throws IOException
    {
        final int share = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        final String np = Integer.toString(2 * share + 1);
        final JobLauncher launcher = JobLauncher.forCommandLine(
            parse("-np", np, "--virtual-nodes", "2", "--ranks-per-jvm", "1", "-cp", "x", "Main"), out, err);
        assertTrue(launcher.hostCommand(false, false, 0).contains("-XX:TieredStopAtLevel=1"), "node 0 has a rank too many");
        assertFalse(launcher.hostCommand(false, false, 2 * share).contains("-XX:TieredStopAtLevel=1"), "node 1 has a CPU per rank");
        final List<String> user = JobLauncher.forCommandLine(
            parse("-np", np, "--virtual-nodes", "2", "--ranks-per-jvm", "1", "-J-XX:TieredStopAtLevel=4", "-cp", "x", "Main"),
            out, err).hostCommand(false, false, 0);
        assertTrue(user.indexOf("-XX:TieredStopAtLevel=1") < user.indexOf("-XX:TieredStopAtLevel=4"), "a JVM takes the last: " + user);
        final List<String> counted = JobLauncher.forCommandLine(
            parse("-np", np, "--virtual-nodes", "2", "--ranks-per-jvm", "1", "-J-Dcolompi.node.cpus=" + np, "-cp", "x", "Main"),
            out, err).hostCommand(false, false, 0);
        assertFalse(counted.contains("-XX:TieredStopAtLevel=1"), "the user says the node has a CPU per rank: " + counted);
    }

    @Test
    void withColompiJitProgramTheHostsOfEveryNodeKeepC2ForTheProgramAndABadModeIsRefused() throws IOException
    {
        final int share = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        final String np = Integer.toString(2 * share + 1);
        final JobLauncher launcher = JobLauncher.forCommandLine(parse("-np", np, "--virtual-nodes", "2", "--ranks-per-jvm",
            "1", "-J-Dcolompi.jit=program", "-cp", "x", "Main"), out, err);
        final List<String> oversubscribed = launcher.hostCommand(false, false, 0);
        assertTrue(oversubscribed.containsAll(JitOptions.PROGRAM_ONLY), oversubscribed.toString());
        assertFalse(oversubscribed.contains("-XX:TieredStopAtLevel=1"), oversubscribed.toString());
        final List<String> aCpuPerRank = launcher.hostCommand(false, false, 2 * share);
        assertTrue(aCpuPerRank.containsAll(JitOptions.PROGRAM_ONLY), "node 1 has a CPU per rank: " + aCpuPerRank);
        assertFalse(aCpuPerRank.contains("-XX:TieredStopAtLevel=1"), aCpuPerRank.toString());

        assertEquals(2, reject("-np", "2", "-J-Dcolompi.jit=fast", "-cp", "x", "Main"));
        assertTrue(errors().contains("colompi.jit must be auto or program, got 'fast'"), errors());
    }

    @Test
    void theRankHostGetsTheJvmOptionsAfterTheForwardedPropertiesAndTheJobAfterDashDash() throws IOException
    {
        final LaunchSpec spec = parse("-np", "3", "-J-Dcolompi.wait=spin", "--stats", "-cp", "x", "Main", "-a", "b");
        final List<String> command = JobLauncher.forCommandLine(spec, out, err).hostCommand(false, false, 0);

        assertTrue(command.get(0).endsWith(Path.of("bin", "java").toString()), command.get(0));
        assertEquals(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"), command.subList(1, 3));
        final int host = command.indexOf(HostMain.class.getName());
        assertTrue(command.indexOf("-Dcolompi.wait=spin") < host);
        assertTrue(command.indexOf("-XX:FreqInlineSize=100") < command.indexOf("-Dcolompi.wait=spin"),
            "the defaults come first: a user's -J option overrides them");
        assertEquals(List.of("--stats", "--class-path", Path.of("x").toAbsolutePath().toString(), "--", "Main", "-a", "b"),
            command.subList(host + 1, command.size()));
        assertTrue(command.stream().noneMatch(arg -> arg.contains("SECRET") || arg.contains("COLOMPI_")),
            "the job's identity and secret travel in the environment: " + command);
    }
}
