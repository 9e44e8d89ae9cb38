package io.colompi.colo;

import io.colompi.core.job.Placement;
import io.colompi.core.transport.TransportFactory;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** For jobs across nodes: the network transport's presence, and the traffic {@code --stats} shows per transport. */
final class NodeTraffic
{
    private static final Pattern STATS = Pattern.compile("colompi stats: rank (\\d+) (\\S+) messages=(\\d+) bytes=\\d+");

    private NodeTraffic()
    {
    }

    /** Abort the test unless the {@code aeron} transport (module transport-rdma) is on the class path. */
    static void assumeNetworkTransport()
    {
        final boolean found = StreamSupport.stream(ServiceLoader.load(TransportFactory.class).spliterator(), false)
            .anyMatch(factory -> factory.name().equals("aeron"));
        Assumptions.assumeTrue(found, "the aeron transport (transport-rdma) is not on the class path: ranks on " +
            "different nodes cannot talk");
    }

    /** Messages sent per rank and transport, from {@code --stats} lines; transports that sent none are left out. */
    static Map<Integer, Map<String, Long>> sent(final List<String> stderr)
    {
        final Map<Integer, Map<String, Long>> sent = new TreeMap<>();
        for (final String line : stderr)
        {
            final Matcher stats = STATS.matcher(line);
            if (stats.matches() && Long.parseLong(stats.group(3)) > 0)
            {
                sent.computeIfAbsent(Integer.parseInt(stats.group(1)), rank -> new TreeMap<>())
                    .put(stats.group(2), Long.parseLong(stats.group(3)));
            }
        }
        return sent;
    }

    /**
     * What each rank sends when it sends one message to every other rank: {@code local} to the ranks of its JVM,
     * {@code shm} to the other JVMs of its node, {@code aeron} to other nodes.
     */
    static Map<Integer, Map<String, Long>> oneToEveryPeer(final Placement placement)
    {
        final Map<Integer, Map<String, Long>> expected = new TreeMap<>();
        for (int rank = 0; rank < placement.size(); rank++)
        {
            final Map<String, Long> byTransport = new TreeMap<>();
            for (int peer = 0; peer < placement.size(); peer++)
            {
                if (peer != rank)
                {
                    final String transport = placement.sameJvm(rank, peer) ? "local" :
                        placement.sameNode(rank, peer) ? "shm" : "aeron";
                    byTransport.merge(transport, 1L, Long::sum);
                }
            }
            expected.put(rank, byTransport);
        }
        return expected;
    }
}
