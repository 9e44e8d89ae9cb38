package io.colompi.core.transport;

import io.colompi.core.pt2pt.Engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** For one rank, the transport that carries its messages to each peer: the most exclusive one that reaches it. */
public final class Router
{
    private static final List<TransportFactory> FACTORIES = discover();

    private final Transport[] byPeer;
    private final Transport[] transports;

    private Router(final Transport[] byPeer, final Transport[] transports)
    {
        this.byPeer = byPeer;
        this.transports = transports;
    }

    /** Route every peer of {@code engine}'s rank; fails naming the first peer no transport reaches. */
    public static Router build(final Engine engine, final JobContext job)
    {
        final Placement placement = job.placement();
        final int self = engine.worldRank();
        final Transport[] byPeer = new Transport[placement.size()];
        final List<TransportFactory> used = new ArrayList<>();
        final List<Transport> instances = new ArrayList<>();
        for (int peer = 0; peer < byPeer.length; peer++)
        {
            for (final TransportFactory factory : FACTORIES)
            {
                if (factory.reaches(placement, self, peer))
                {
                    int index = used.indexOf(factory);
                    if (index < 0)
                    {
                        used.add(factory);
                        instances.add(factory.create(engine, job));
                        index = used.size() - 1;
                    }
                    byPeer[peer] = instances.get(index);
                    break;
                }
            }
            if (byPeer[peer] == null)
            {
                throw new IllegalStateException("no transport reaches rank " + peer + " from rank " + self +
                    " (" + placement + "; transports found: " + FACTORIES.stream().map(TransportFactory::name).toList() + ")");
            }
        }
        return new Router(byPeer, instances.toArray(new Transport[0]));
    }

    public Transport route(final int worldRank)
    {
        return byPeer[worldRank];
    }

    /** Poll every transport in use; returns the work done. */
    public int poll()
    {
        int work = 0;
        for (final Transport transport : transports)
        {
            work += transport.poll();
        }
        return work;
    }

    /** Arm every transport's wake-up before a thread of this rank parks; false (nothing armed) if one has traffic. */
    public boolean prepareToSleep()
    {
        for (int i = 0; i < transports.length; i++)
        {
            if (!transports[i].prepareToSleep())
            {
                for (int j = 0; j < i; j++)
                {
                    transports[j].awake();
                }
                return false;
            }
        }
        return true;
    }

    /** The parked thread woke: disarm what {@link #prepareToSleep} armed. */
    public void awake()
    {
        for (final Transport transport : transports)
        {
            transport.awake();
        }
    }

    /** The transports this rank uses, for statistics. */
    public List<Transport> transports()
    {
        return List.of(transports);
    }

    private static List<TransportFactory> discover()
    {
        final List<TransportFactory> factories = new ArrayList<>();
        factories.add(new LocalTransport.Factory());
        ServiceLoader.load(TransportFactory.class, TransportFactory.class.getClassLoader()).forEach(factories::add);
        factories.sort(Comparator.comparingInt(TransportFactory::exclusivity).reversed());
        return List.copyOf(factories);
    }
}
