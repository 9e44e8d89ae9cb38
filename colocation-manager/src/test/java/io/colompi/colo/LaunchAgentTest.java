package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class LaunchAgentTest
{
    private static final Path WORK_DIR = Path.of("/home/my user/job's dir");
    private static final List<String> COMMAND = List.of(
        "/usr/bin/java", "-Dcolompi.wait=spin", "-cp", "/a b/x.jar:/c", "io.colompi.colo.HostMain", "--wiring-stdin",
        "--", "Main", "it's", "a \"quoted\" $HOME `x` \\ arg", "", "*");

    @Test
    void sshGetsOneShellCommandLineThatCdsToTheWorkingDirectoryAndExecsTheJvm()
    {
        final LaunchAgent ssh = LaunchAgent.parse(LaunchAgent.DEFAULT);
        final List<String> command = ssh.command("node1", COMMAND, WORK_DIR);

        assertTrue(ssh.remoteShell());
        assertEquals(3, command.size(), command::toString);
        assertEquals(List.of("ssh", "node1"), command.subList(0, 2));
        assertEquals("cd '/home/my user/job'\\''s dir' && exec /usr/bin/java -Dcolompi.wait=spin -cp '/a b/x.jar:/c' " +
            "io.colompi.colo.HostMain --wiring-stdin -- Main 'it'\\''s' 'a \"quoted\" $HOME `x` \\ arg' '' '*'",
            command.get(2));
    }

    @Test
    void aShellGivesTheQuotedWordsBackUnchanged() throws Exception
    {
        final List<String> echoed = new ArrayList<>();
        final List<String> words = COMMAND.subList(7, COMMAND.size());
        final Process shell = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + LaunchAgent.shellLine(words)).start();
        assertTrue(shell.waitFor(5, TimeUnit.SECONDS));
        new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().forEach(echoed::add);

        assertEquals(words, echoed);
    }

    @Test
    void otherAgentsGetTheCommandAsSeparateWords()
    {
        final LaunchAgent netns = LaunchAgent.parse("ip netns exec {host}");
        assertFalse(netns.remoteShell());
        final List<String> expected = new ArrayList<>(List.of("ip", "netns", "exec", "ns1"));
        expected.addAll(COMMAND);
        assertEquals(expected, netns.command("ns1", COMMAND, WORK_DIR));

        final LaunchAgent kubectl = LaunchAgent.parse("kubectl exec -i {host} --");
        assertEquals(List.of("kubectl", "exec", "-i", "pod-3", "--", "java"), kubectl.command("pod-3", List.of("java"), WORK_DIR));
    }

    @Test
    void theTemplateSplitsLikeAShellAndTheHostGoesLastWithoutAPlaceholder()
    {
        assertEquals(List.of("/usr/bin/ssh", "-o", "ProxyJump=gate way", "-p", "2222", "n2", "cd /w && exec x"),
            LaunchAgent.parse("/usr/bin/ssh -o 'ProxyJump=gate way' -p \"2222\"").command("n2", List.of("x"), Path.of("/w")));
        assertTrue(LaunchAgent.parse("/usr/bin/ssh -p 2222").remoteShell());
        assertEquals(List.of("docker", "exec", "-i", "box-n2", "x"),
            LaunchAgent.parse("docker exec -i box-{host}").command("n2", List.of("x"), WORK_DIR));
        assertThrows(IllegalArgumentException.class, () -> LaunchAgent.parse("   "));
        assertThrows(IllegalArgumentException.class, () -> LaunchAgent.parse("ssh 'unclosed {host}"));
    }

    @Test
    void theDirectoryIsRemovedThroughTheAgentToo()
    {
        final Path dir = Path.of("/dev/shm/colompi-0123456789abcdef");

        assertEquals(List.of("ssh", "n1", "rm -rf -- /dev/shm/colompi-0123456789abcdef"),
            LaunchAgent.parse("ssh").removeCommand("n1", dir));
        assertEquals(List.of("ip", "netns", "exec", "n1", "rm", "-rf", "--", dir.toString()),
            LaunchAgent.parse("ip netns exec {host}").removeCommand("n1", dir));
    }

    @Test
    void quotingLeavesPlainWordsAlone()
    {
        assertEquals("-Dcolompi.x=1,2:3/4@5%6+7", LaunchAgent.shellQuote("-Dcolompi.x=1,2:3/4@5%6+7"));
        assertEquals("'a b'", LaunchAgent.shellQuote("a b"));
        assertEquals("''", LaunchAgent.shellQuote(""));
    }
}
