package io.colompi.core.pt2pt;

import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportStats;

import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * Ranks in the same JVM: a send goes into the receiver's {@link Inbox} (which may match a larger one at once), and
 * the receiver's doorbell is rung; a send to the rank itself is matched at once. A full inbox is back-pressure: the
 * send waits in a backlog of its receiver, written by this rank's next polls, and every later send to that receiver
 * queues behind it, so none overtakes.
 */
public final class LocalTransport implements Transport, Route
{
    public static final String NAME = "local";

    private final Engine engine;
    private final int worldRank;
    private final TransportStats stats = new TransportStats();
    /** Sends that found their receiver's inbox full, by receiver; guarded by this transport's lock. */
    private final ArrayDeque<SendRequest>[] backlogs;
    /** How many sends wait in the backlogs: read without the lock by every send and poll. */
    private volatile int backlogged;

    @SuppressWarnings("unchecked")
    LocalTransport(final Engine engine)
    {
        this.engine = engine;
        this.worldRank = engine.worldRank();
        this.backlogs = new ArrayDeque[engine.worldSize()];
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void send(final SendRequest send)
    {
        stats.recordSend(send.payloadBytes());
        if (send.destWorld == worldRank)
        {
            engine.deliverLocal(send);
        }
        else if (backlogged != 0 || !deliver(send))
        {
            synchronized (this)
            {
                final ArrayDeque<SendRequest> backlog = backlog(send.destWorld);
                if (!backlog.isEmpty() || !deliver(send))
                {
                    backlog.addLast(send);
                    backlogged++;
                }
            }
        }
    }

    /** Match what arrived in this rank's inbox, then write what waits in the backlogs; returns the work done. */
    int poll()
    {
        return engine.inbox().drain() + pump();
    }

    /** Write what waits in the backlogs, as far as the inboxes take it; returns how many sends were written. */
    private int pump()
    {
        if (backlogged == 0)
        {
            return 0;
        }
        int written = 0;
        synchronized (this)
        {
            for (final ArrayDeque<SendRequest> backlog : backlogs)
            {
                while (backlog != null && !backlog.isEmpty() && deliver(backlog.peekFirst()))
                {
                    backlog.pollFirst();
                    backlogged--;
                    written++;
                }
            }
        }
        return written;
    }

    private boolean deliver(final SendRequest send)
    {
        final Engine receiver = engine.localPeer(send.destWorld);
        final Inbox inbox = receiver.inbox();
        if (inbox.matchDirectly(send))
        {
            return true; // matched in the receiver's queues, which rang its doorbell
        }
        if (!inbox.offer(send))
        {
            return false;
        }
        // the record's commit is a release store: it must be visible before the doorbell's sleeper count is read,
        // or a receiver that registers to sleep between the two reads an empty inbox and sleeps through it
        VarHandle.fullFence();
        receiver.doorbell().ring();
        return true;
    }

    private ArrayDeque<SendRequest> backlog(final int receiver)
    {
        ArrayDeque<SendRequest> backlog = backlogs[receiver];
        if (backlog == null)
        {
            backlog = new ArrayDeque<>();
            backlogs[receiver] = backlog;
        }
        return backlog;
    }

    @Override
    public Transport transport()
    {
        return this;
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }
}
