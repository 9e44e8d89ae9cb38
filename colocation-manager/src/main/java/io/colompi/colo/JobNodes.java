package io.colompi.colo;

import io.colompi.core.job.RuntimeSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The nodes a job runs on: this machine as one node (the default), {@code M} pretend nodes of this machine
 * ({@code --virtual-nodes M}: ranks on different pretend nodes talk over the network transport, on loopback), or the
 * hosts of a host file ({@code --hostfile}), whose JVMs the launcher starts through a {@link LaunchAgent} — except on
 * a host that is this machine ({@code localhost}, its host name or one of its addresses), started directly.
 *
 * @param virtualNodes    pretend nodes of this machine, 1 for a plain job; 1 with hosts.
 * @param hosts           the host file's hosts in order (node {@code n} is {@code hosts.get(n)}); empty: this machine.
 * @param agent           how to start JVMs on the hosts; null without hosts.
 * @param launcherAddress the one address remote JVMs reach the launcher at; null: try every candidate
 *                        ({@link LauncherAddresses}).
 */
record JobNodes(int virtualNodes, List<HostSlots> hosts, LaunchAgent agent, InetAddress launcherAddress)
{
    /** Every rank on this machine, as one node. */
    static final JobNodes THIS_MACHINE = new JobNodes(1, List.of(), null, null);

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    JobNodes
    {
        hosts = List.copyOf(hosts);
        if (virtualNodes < 1)
        {
            throw new IllegalArgumentException("virtual nodes must be at least 1, got " + virtualNodes);
        }
        if (!hosts.isEmpty() && virtualNodes != 1)
        {
            throw new IllegalArgumentException("a job runs on hosts or on virtual nodes, not both");
        }
        if (!hosts.isEmpty())
        {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /** {@code count} pretend nodes of this machine. */
    static JobNodes virtual(final int count)
    {
        return new JobNodes(count, List.of(), null, null);
    }

    /** The hosts of a host file, started through {@code agent}; {@code launcherAddress} may be null. */
    static JobNodes hosts(final List<HostSlots> hosts, final LaunchAgent agent, final InetAddress launcherAddress)
    {
        if (hosts.isEmpty())
        {
            throw new IllegalArgumentException("no hosts");
        }
        return new JobNodes(1, hosts, agent, launcherAddress);
    }

    /** Where {@code np} ranks run, {@code ranksPerJvm} per JVM, on these nodes. */
    JobLayout layout(final int np, final int ranksPerJvm)
    {
        if (!hosts.isEmpty())
        {
            return JobLayout.onHosts(np, hosts.stream().mapToInt(HostSlots::slots).toArray(), ranksPerJvm);
        }
        return JobLayout.virtualNodes(np, virtualNodes, ranksPerJvm);
    }

    /**
     * The CPUs each node's ranks may count on where that is not what their JVM sees: virtual nodes share this
     * machine's, so each gets its share (at least one); empty for real nodes and for this machine alone.
     */
    OptionalInt sharedCpus()
    {
        return virtualNodes > 1 ? OptionalInt.of(Math.max(1, Runtime.getRuntime().availableProcessors() / virtualNodes)) :
            OptionalInt.empty();
    }

    /**
     * The CPUs node {@code node}'s ranks count on, as their wait policy does: a host's slots, a virtual node's share of
     * this machine's, or this machine's; a {@code colompi.node.cpus} of the launcher, forwarded to every rank host,
     * wins.
     */
    int cpus(final int node)
    {
        final int set = Integer.getInteger(RuntimeSettings.NODE_CPUS, 0);
        if (set > 0)
        {
            return set;
        }
        return hosts.isEmpty() ? sharedCpus().orElse(Runtime.getRuntime().availableProcessors()) : hosts.get(node).slots();
    }

    /** How many nodes: the hosts, or the virtual nodes (1 for this machine alone). */
    int count()
    {
        return hosts.isEmpty() ? virtualNodes : hosts.size();
    }

    /** The host to start {@code node}'s JVMs on through the agent; empty where they start on this machine. */
    Optional<String> agentHost(final int node)
    {
        if (hosts.isEmpty())
        {
            return Optional.empty();
        }
        final String host = hosts.get(node).host();
        return isThisMachine(host) && !agent.scheduler() ? Optional.empty() : Optional.of(host);
    }

    /** Whether some JVM of {@code layout} starts through the agent (on another node). */
    boolean usesAgent(final JobLayout layout)
    {
        for (int jvm = 0; jvm < layout.jvmCount(); jvm++)
        {
            if (agentHost(layout.nodeOfJvm(jvm)).isPresent())
            {
                return true;
            }
        }
        return false;
    }

    /** {@code node} for people: {@code host node1}, {@code virtual node 2}; empty for a job on this machine alone. */
    String describe(final int node)
    {
        if (!hosts.isEmpty())
        {
            return "host " + hosts.get(node).host();
        }
        return virtualNodes > 1 ? "virtual node " + node : "";
    }

    /**
     * Whether {@code host} names this machine: {@code localhost}, a loopback address, this machine's host name
     * (full or short), or an address of one of its interfaces. Names are compared, never looked up in DNS.
     */
    static boolean isThisMachine(final String host)
    {
        final String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.startsWith("localhost."))
        {
            return true;
        }
        if (IPV4_LITERAL.matcher(name).matches() || name.contains(":"))
        {
            try
            {
                final InetAddress address = InetAddress.getByName(name);
                return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
            }
            catch (final IOException ex)
            {
                return false;
            }
        }
        final String own = kernelHostName().toLowerCase(Locale.ROOT);
        // node1 and node1.cluster.org are the same machine; node1.a and node1.b are not.
        return name.equals(own) ||
            (!name.contains(".") || !own.contains(".")) && shortName(name).equals(shortName(own)) && !own.isEmpty();
    }

    private static String shortName(final String host)
    {
        final int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    private static String kernelHostName()
    {
        try
        {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                return InetAddress.getLocalHost().getHostName();
            }
            catch (final IOException unknown)
            {
                return "";
            }
        }
    }
}
