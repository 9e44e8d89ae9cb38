package io.colompi.transport.rdma;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM's {@code /dev/shm} footprint once it has a publication to and an image from every other node: its aeron
 * directory measured with {@code du}, allocated and apparent, must stay within 64 MiB up to 16 nodes; the logs'
 * pages are all allocated by then (made when the driver makes the logs, not by the first pass of traffic).
 */
class FootprintTest
{
    private static final long LIMIT_KIB = 64 * 1024;

    @Test
    @Timeout(30)
    void twoNodes() throws Exception
    {
        measure(2);
    }

    @Test
    @Timeout(30)
    void threeNodes() throws Exception
    {
        measure(3);
    }

    @Test
    @Timeout(60)
    void sixteenNodesOfOneRankEachExchangingAllToAll() throws Exception
    {
        measure(16);
    }

    private static void measure(final int nodes) throws Exception
    {
        final int[] nodeOf = new int[nodes];
        for (int r = 0; r < nodes; r++)
        {
            nodeOf[r] = r;
        }
        NodeJob.run(nodeOf, world ->
        {
            exchangeWithEveryone(world);
            Collectives.barrier(world);
            if (world.rank() == 0)
            {
                final AeronNode node = NodeJob.aeron(world).node();
                final Path jvm0 = Path.of(node.aeronDirectory());
                final List<String> dirs = new ArrayList<>();
                for (int jvm = 0; jvm < nodes; jvm++)
                {
                    dirs.add(jvm0.resolveSibling("aeron-jvm" + jvm).toString());
                }
                final long[] allocated = du(dirs, false);
                final long[] apparent = du(dirs, true);
                long maxAllocated = 0;
                long maxApparent = 0;
                for (int jvm = 0; jvm < nodes; jvm++)
                {
                    maxAllocated = Math.max(maxAllocated, allocated[jvm]);
                    maxApparent = Math.max(maxApparent, apparent[jvm]);
                }
                System.out.printf("aeron footprint: nodes=%d term=%d KiB per JVM: allocated max %d KiB, apparent max %d KiB " +
                    "(JVM 0: %d / %d KiB)%n", nodes, node.termLength() / 1024, maxAllocated, maxApparent, allocated[0], apparent[0]);
                assertTrue(maxAllocated <= LIMIT_KIB, "allocated " + maxAllocated + " KiB");
                assertTrue(maxApparent <= LIMIT_KIB, "apparent " + maxApparent + " KiB");
                final long logsKib = (long)AeronSettings.TERMS_PER_REMOTE_JVM * (nodes - 1) * node.termLength() / 1024;
                assertTrue(allocated[0] >= logsKib, "allocated " + allocated[0] + " KiB, logs " + logsKib + " KiB");
            }
            Collectives.barrier(world);
        });
    }

    /** Every rank sends to and receives from every other, so each JVM has all its publications and images. */
    private static void exchangeWithEveryone(final Communicator world)
    {
        final int np = world.size();
        final TypeMap intType = TypeMap.basic(BaseType.INT);
        final int[] recv = new int[np];
        final Request[] requests = new Request[2 * np];
        for (int peer = 0; peer < np; peer++)
        {
            requests[peer] = world.irecv(recv, peer, 1, intType, peer, 0);
            requests[np + peer] = world.isend(new int[]{ world.rank() * 1000 + peer }, 0, 1, intType, peer, 0);
        }
        for (final Request request : requests)
        {
            world.engine().awaitRequest(request);
        }
        for (int peer = 0; peer < np; peer++)
        {
            assertEquals(peer * 1000 + world.rank(), recv[peer]);
        }
    }

    /** KiB of each directory as {@code du -sk} counts them: allocated blocks, or apparent sizes. */
    private static long[] du(final List<String> dirs, final boolean apparent) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("du", "-sk"));
        if (apparent)
        {
            command.add("--apparent-size");
        }
        command.addAll(dirs);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        final long[] kib = new long[dirs.size()];
        for (final String line : output.split("\n"))
        {
            final String[] fields = line.split("\t");
            kib[dirs.indexOf(fields[1])] = Long.parseLong(fields[0]);
        }
        return kib;
    }
}
