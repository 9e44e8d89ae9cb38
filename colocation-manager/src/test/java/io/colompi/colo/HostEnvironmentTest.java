package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(5)
class HostEnvironmentTest
{
    private static final byte[] SECRET = RendezvousProtocol.newSecret();
    private static final List<InetSocketAddress> LAUNCHER = List.of(
        new InetSocketAddress("192.0.2.2", 40123), new InetSocketAddress("10.1.2.254", 40123));

    private static HostEnvironment wiring(final int jvm)
    {
        return new HostEnvironment(0xfedc_ba98_7654_3210L, SECRET, Path.of("/dev/shm/colompi-fedcba9876543210"), jvm,
            JobLayout.onHosts(8, new int[]{ 4, 4 }, 2), LAUNCHER);
    }

    private static void assertSameWiring(final HostEnvironment expected, final HostEnvironment actual)
    {
        assertEquals(expected.jobId(), actual.jobId());
        assertArrayEquals(expected.secret(), actual.secret());
        assertEquals(expected.jobDir(), actual.jobDir());
        assertEquals(expected.jvm(), actual.jvm());
        assertEquals(expected.layout(), actual.layout());
        assertEquals(expected.rendezvous(), actual.rendezvous());
    }

    @Test
    void theWiringTravelsOnStdinAndLeavesWhatFollowsToTheProgram() throws IOException
    {
        final HostEnvironment sent = wiring(3);
        final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        sent.writeLines(stdin);
        stdin.write("the program's input\n".getBytes(StandardCharsets.UTF_8));
        final InputStream in = new ByteArrayInputStream(stdin.toByteArray());

        assertSameWiring(sent, HostEnvironment.readLines(in));
        assertEquals("the program's input\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theEnvironmentRouteCarriesTheSameAndSeveralLauncherAddressesAndTheSecretInAFileReadOnce(@TempDir final Path dir)
        throws IOException
    {
        final HostEnvironment sent = new HostEnvironment(0xfedc_ba98_7654_3210L, SECRET, dir, 1,
            JobLayout.onHosts(8, new int[]{ 4, 4 }, 2), LAUNCHER);
        final Map<String, String> env = new HashMap<>(Map.of(HostEnvironment.SECRET, "the launcher's own, inherited"));
        sent.writeTo(env);

        assertEquals("192.0.2.2:40123,10.1.2.254:40123", env.get(HostEnvironment.RENDEZVOUS));
        assertFalse(env.containsKey(HostEnvironment.SECRET), env::toString);
        assertFalse(env.values().stream().anyMatch(value -> value.contains(RendezvousProtocol.hex(SECRET))), env::toString);
        final Path file = Path.of(env.get(HostEnvironment.SECRET_FILE));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertSameWiring(sent, HostEnvironment.read(env).orElseThrow());
        assertFalse(Files.exists(file), "the JVM deletes the file once it has the secret");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostEnvironment.read(env)).getMessage()
            .startsWith("cannot take the job's secret from COLOMPI_JOB_SECRET_FILE=" + file));
        assertTrue(HostEnvironment.read(Map.of()).isEmpty(), "not started by a launcher");
    }

    @Test
    void theSecretIsNeverOnTheCommandLineOfAnAgentStartedJvmNorInItsDescription() throws IOException
    {
        final LaunchSpec spec = new LaunchSpec(2, 1, false, true, java.time.Duration.ZERO, List.of(Path.of("/app")),
            "Main", List.of("x"), List.of(), null,
            JobNodes.hosts(List.of(new HostSlots("n1", 2)), LaunchAgent.parse("ssh"), null));
        final JobLauncher launcher = JobLauncher.forCommandLine(spec, System.out, System.err);
        final List<String> command = spec.nodes().agent().command("n1", launcher.hostCommand(true, false, 0), Path.of("/w"));
        final String secret = RendezvousProtocol.hex(SECRET);

        assertTrue(command.get(2).contains(HostMain.WIRING_STDIN), command::toString);
        assertTrue(command.stream().noneMatch(word -> word.contains(secret) || word.contains("COLOMPI_")), command::toString);
        assertFalse(wiring(0).toString().contains(secret));
        final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        wiring(0).writeLines(stdin);
        assertTrue(stdin.toString(StandardCharsets.UTF_8).contains(HostEnvironment.SECRET + "=" + secret + "\n"));
    }

    @Test
    void aTruncatedOrForeignStdinIsRefused()
    {
        final IOException cut = assertThrows(IOException.class, () -> HostEnvironment.readLines(
            new ByteArrayInputStream("COLOMPI_JOB_ID=0123456789abcdef\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(cut.getMessage().contains("stdin ended before the launcher's wiring did"), cut.getMessage());

        final IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> HostEnvironment.readLines(
            new ByteArrayInputStream("hello world\n\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(foreign.getMessage().contains("not a KEY=VALUE line"), foreign.getMessage());

        final IllegalArgumentException partial = assertThrows(IllegalArgumentException.class, () -> HostEnvironment.readLines(
            new ByteArrayInputStream("COLOMPI_RENDEZVOUS=127.0.0.1:1\n\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(partial.getMessage().contains("is not set"), partial.getMessage());
    }
}
