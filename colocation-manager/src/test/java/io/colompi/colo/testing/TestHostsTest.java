package io.colompi.colo.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in hosts themselves: made, reachable both ways, and gone afterwards, also after a failed setup. */
@Timeout(60)
class TestHostsTest
{
    private static String sh(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), List.of(command) + " finished");
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void threeHostsReachTheLauncherAndEachOtherAndAreGoneAfterClose(@TempDir final Path dir) throws Exception
    {
        final List<String> names;
        final String bridge;
        try (TestHosts hosts = TestHosts.create(3);
             ServerSocket launcher = new ServerSocket())
        {
            names = hosts.names();
            bridge = hosts.toString().substring(hosts.toString().lastIndexOf(' ') + 1);
            assertEquals(3, names.size());
            assertTrue(sh("ip", "netns", "list").contains(names.get(2)));
            assertTrue(sh("ip", "-n", names.get(1), "-br", "link", "show", "lo").contains("UNKNOWN"), "lo is up");

            launcher.bind(new InetSocketAddress(InetAddress.getByName(hosts.launcherAddress()), 0));
            final int port = launcher.getLocalPort();
            // A host connects to the launcher's address on the bridge (bash's /dev/tcp: no tool to install).
            final Process client = new ProcessBuilder("ip", "netns", "exec", hosts.name(1), "bash", "-c",
                "exec 3<>/dev/tcp/" + hosts.launcherAddress() + "/" + port + " && echo hello >&3").start();
            try (Socket accepted = launcher.accept())
            {
                assertEquals(hosts.address(1), accepted.getInetAddress().getHostAddress());
            }
            assertTrue(client.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue());
            // Host 0 reaches host 2 (bash listens nowhere: a refused connection still proves the route).
            final String reach = sh("ip", "netns", "exec", hosts.name(0), "bash", "-c",
                "exec 3<>/dev/tcp/" + hosts.address(2) + "/9 2>&1; echo status=$?");
            assertTrue(reach.contains("Connection refused"), reach);

            final Path hostfile = hosts.hostfile(dir.resolve("hosts"), 4);
            assertTrue(Files.readString(hostfile).contains(names.get(0) + " slots=4\n"));
            assertEquals(List.of(), hosts.pids(0));
        }
        final String left = sh("ip", "netns", "list") + sh("ip", "-o", "link", "show");
        for (final String name : names)
        {
            assertFalse(left.contains(name), name + " is left behind");
        }
        assertFalse(left.contains(bridge + ":"), bridge + " is left behind");
    }

    @Test
    void aSetupThatFailsHalfWayRemovesWhatItMade() throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        TestHosts.assumeNamespacesArePermitted();
        final String taken = "colompi" + pid + "-z9-h1";
        try
        {
            assertEquals("", sh("ip", "netns", "add", taken).strip());
            final IOException failed = assertThrows(IOException.class, () -> TestHosts.create(3, "z9"));
            assertTrue(failed.getMessage().contains("netns add " + taken), failed.getMessage());

            final String left = sh("ip", "netns", "list") + sh("ip", "-o", "link", "show");
            assertFalse(left.contains("colompi" + pid + "-z9-h0"), left);
            assertFalse(left.contains("cmb" + pid + "-z9"), left);
            assertFalse(left.contains("cmv" + pid + "-z9"), left);
        }
        finally
        {
            sh("ip", "netns", "del", taken);
        }
    }
}
