package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(5)
class JobNodesTest
{
    @Test
    void aHostThatIsThisMachineStartsWithoutTheAgent() throws Exception
    {
        final String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        final String ownAddress = LauncherAddresses.candidates().get(0).getHostAddress();
        for (final String local : List.of("localhost", "LOCALHOST", "127.0.0.1", "127.0.1.1", "::1", hostName, ownAddress))
        {
            assertTrue(JobNodes.isThisMachine(local), local);
        }
        for (final String remote : List.of("node1", hostName + "x", "10.255.255.77", "fe80::abcd:1"))
        {
            assertFalse(JobNodes.isThisMachine(remote), remote);
        }

        final JobNodes nodes = JobNodes.hosts(
            List.of(new HostSlots("localhost", 2), new HostSlots("node1", 2)), LaunchAgent.parse("ssh"), null);
        assertEquals(Optional.empty(), nodes.agentHost(0));
        assertEquals(Optional.of("node1"), nodes.agentHost(1));
        assertFalse(nodes.usesAgent(nodes.layout(2, 2)), "2 ranks fill the first host's slots");
        assertTrue(nodes.usesAgent(nodes.layout(3, 2)));
        assertEquals("host node1", nodes.describe(1));
        assertEquals("virtual node 2", JobNodes.virtual(3).describe(2));
        assertEquals("", JobNodes.THIS_MACHINE.describe(0));
    }

    @Test
    void virtualNodesShareThisMachinesCpus()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(OptionalInt.of(Math.max(1, cpus / 2)), JobNodes.virtual(2).sharedCpus());
        assertEquals(OptionalInt.of(1), JobNodes.virtual(cpus + 1).sharedCpus());
        assertEquals(OptionalInt.empty(), JobNodes.THIS_MACHINE.sharedCpus());
        assertEquals(OptionalInt.empty(), JobNodes.hosts(List.of(new HostSlots("node1", 2)), LaunchAgent.parse("ssh"), null)
            .sharedCpus());
    }

    @Test
    void aNodesCpusAreAHostsSlotsAVirtualNodesShareOrThisMachines()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(cpus, JobNodes.THIS_MACHINE.cpus(0));
        assertEquals(Math.max(1, cpus / 2), JobNodes.virtual(2).cpus(1));
        final JobNodes hosts = JobNodes.hosts(List.of(new HostSlots("node1", 2), new HostSlots("node2", 5)),
            LaunchAgent.parse("ssh"), null);
        assertEquals(2, hosts.cpus(0));
        assertEquals(5, hosts.cpus(1));
    }
}
