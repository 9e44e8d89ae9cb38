package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(5)
class HostfileTest
{
    private static List<HostSlots> parse(final String... lines)
    {
        return Hostfile.parse("hosts", List.of(lines));
    }

    private static String error(final String... lines)
    {
        return assertThrows(IllegalArgumentException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void openMpiAndMpichSyntaxesCommentsAndBlankLines()
    {
        assertEquals(List.of(
                new HostSlots("node1", 4), new HostSlots("node2", 2), new HostSlots("10.0.0.3", 1),
                new HostSlots("node4", 8), new HostSlots("fe80::1", 1), new HostSlots("::1", 3)),
            parse(
                "# the cluster",
                "node1 slots=4",
                "",
                "node2:2      # MPICH",
                "   10.0.0.3",
                "node4\tslots=8 max_slots=16",
                "fe80::1",
                "[::1]:3"));
    }

    @Test
    void aHostListedTwiceGetsTheSumOfItsSlotsAtItsFirstPlace()
    {
        assertEquals(List.of(new HostSlots("a", 3), new HostSlots("b", 1)), parse("a slots=2", "b", "a"));
    }

    @Test
    void errorsNameTheFileAndLine()
    {
        assertEquals("hosts:2: a host needs at least 1 slot, got 0", error("a", "b slots=0"));
        assertEquals("hosts:1: a host needs at least 1 slot, got 0", error("b:0"));
        assertEquals("hosts:3: not a number of slots: 'four'", error("# x", "", "c slots=four"));
        assertEquals("hosts:1: not a number of slots: ''", error("c:"));
        assertEquals("hosts:1: unexpected 'cpus=2' after host c (expected 'host', 'host slots=N' or 'host:N')",
            error("c cpus=2"));
        assertEquals("hosts:1: slots of c given twice", error("c slots=1 slots=2"));
        assertEquals("hosts:2: no host name before ':'", error("a", ":4"));
        assertEquals("hosts lists no host", error("# nothing", "   "));
        for (final String garbage : new String[]{ ":::", "localhost:2:3", "a::g", "-oProxyCommand=x", "[::1", "h/x:2", "::1::2" })
        {
            assertEquals("hosts:1: '" + garbage + "' is neither a host name nor an IP address " +
                "(an IPv6 address takes slots only in brackets: [::1]:4)", error(garbage), garbage);
        }
    }

    @Test
    void readsAFile(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("hosts"), "n0 slots=2\nn1:3\n");

        assertEquals(List.of(new HostSlots("n0", 2), new HostSlots("n1", 3)), Hostfile.read(file));
        Files.writeString(file, "n0\nn1 slots=-1\n");
        assertEquals(file + ":2: a host needs at least 1 slot, got -1",
            assertThrows(IllegalArgumentException.class, () -> Hostfile.read(file)).getMessage());
    }
}
