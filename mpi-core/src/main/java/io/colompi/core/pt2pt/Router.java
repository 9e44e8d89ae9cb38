package io.colompi.core.pt2pt;

import io.colompi.core.job.Placement;
import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * For one rank, what carries its messages to each peer (Open MPI's BML): the peer's inbox for a peer in the same JVM,
 * else the protocol layer over the most exclusive transport that reaches the peer.
 */
final class Router
{
    private static final List<TransportFactory> FACTORIES = discover();

    private final Route[] byPeer;
    private final LocalTransport local;
    private final Protocol[] protocols;
    private final List<Transport> transports;

    private Router(
        final Route[] byPeer, final LocalTransport local, final Protocol[] protocols, final List<Transport> transports)
    {
        this.byPeer = byPeer;
        this.local = local;
        this.protocols = protocols;
        this.transports = transports;
    }

    /** The transports found with {@link ServiceLoader}, most exclusive first. */
    static List<TransportFactory> discovered()
    {
        return FACTORIES;
    }

    /**
     * Route every peer of {@code engine}'s rank, with the first of {@code factories} (most exclusive first) that
     * reaches a peer in another JVM; fails naming the first peer none reaches.
     */
    static Router build(final Engine engine, final List<TransportFactory> factories)
    {
        final Placement placement = engine.job().placement();
        final int self = engine.worldRank();
        final Route[] byPeer = new Route[placement.size()];
        final LocalTransport local = new LocalTransport(engine);
        final List<TransportFactory> used = new ArrayList<>();
        final List<Protocol> protocols = new ArrayList<>();
        final List<Transport> transports = new ArrayList<>();
        try
        {
            for (int peer = 0; peer < byPeer.length; peer++)
            {
                if (placement.sameJvm(self, peer))
                {
                    if (!transports.contains(local))
                    {
                        transports.add(local);
                    }
                    byPeer[peer] = local;
                    continue;
                }
                for (final TransportFactory factory : factories)
                {
                    if (factory.reaches(placement, self, peer))
                    {
                        int index = used.indexOf(factory);
                        if (index < 0)
                        {
                            final Protocol protocol = new Protocol(engine, factory);
                            used.add(factory);
                            protocols.add(protocol);
                            transports.add(protocol.transport());
                            index = used.size() - 1;
                        }
                        byPeer[peer] = protocols.get(index);
                        break;
                    }
                }
                if (byPeer[peer] == null)
                {
                    throw new IllegalStateException("no transport reaches rank " + peer + " from rank " + self + " (" +
                        placement + "; transports found: local, " + factories.stream().map(TransportFactory::name).toList() + ")");
                }
            }
        }
        catch (final RuntimeException ex)
        {
            protocols.forEach(protocol -> protocol.transport().close());
            throw ex;
        }
        return new Router(byPeer, local, protocols.toArray(new Protocol[0]), List.copyOf(transports));
    }

    Route route(final int worldRank)
    {
        return byPeer[worldRank];
    }

    /** The protocol that reaches {@code worldRank}, a rank of another JVM. */
    Protocol protocol(final int worldRank)
    {
        return (Protocol)byPeer[worldRank];
    }

    /** Poll the local tier and every transport in use, and write what waits; returns the work done. */
    int poll()
    {
        int work = local.poll();
        for (final Protocol protocol : protocols)
        {
            work += protocol.poll();
        }
        return work;
    }

    /** Whether every transport in use has connected to the peers it reaches ({@link FrameTransport#connectAll}). */
    boolean connectAll()
    {
        boolean all = true;
        for (final Protocol protocol : protocols)
        {
            all &= protocol.transport().connectAll();
        }
        return all;
    }

    /**
     * Send what the transports hold of this rank's frames where they send on their poll ({@link Protocol#flush}): a
     * call that wrote frames does this before it returns without polling.
     */
    void flush()
    {
        for (final Protocol protocol : protocols)
        {
            protocol.flush();
        }
    }

    /** Arm every transport's wake-up before a thread of this rank parks; false (nothing armed) if one has traffic. */
    boolean prepareToSleep()
    {
        for (int i = 0; i < protocols.length; i++)
        {
            if (!protocols[i].transport().prepareToSleep())
            {
                for (int j = 0; j < i; j++)
                {
                    protocols[j].transport().awake();
                }
                return false;
            }
        }
        return true;
    }

    /** The parked thread woke: disarm what {@link #prepareToSleep} armed. */
    void awake()
    {
        for (final Protocol protocol : protocols)
        {
            protocol.transport().awake();
        }
    }

    /** The tiers this rank uses, in the order of the first peer each reaches, for statistics. */
    List<Transport> transports()
    {
        return transports;
    }

    /** Close every transport in use. */
    void close()
    {
        for (final Protocol protocol : protocols)
        {
            protocol.transport().close();
        }
    }

    private static List<TransportFactory> discover()
    {
        final List<TransportFactory> factories = new ArrayList<>();
        ServiceLoader.load(TransportFactory.class, TransportFactory.class.getClassLoader()).forEach(factories::add);
        factories.sort(Comparator.comparingInt(TransportFactory::exclusivity).reversed());
        return List.copyOf(factories);
    }
}
