package io.colompi.core.transport;

import io.colompi.core.pt2pt.SendRequest;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;

/**
 * One rank's bookkeeping of synchronous-send acknowledgements, for a transport that carries them as frames: the
 * sends of this rank that wait for their receiver's ACK, by message id, and the ACKs this rank owes to senders
 * but could not write yet (a full ring, a back-pressured publication), written in order on later polls.
 */
public final class Acknowledgements
{
    /** Writes one ACK frame to {@code senderWorld}; false when the channel cannot take it now. */
    @FunctionalInterface
    public interface Writer
    {
        boolean write(int senderWorld, long messageId);
    }

    private final Writer writer;
    private final Long2ObjectHashMap<SendRequest> awaiting = new Long2ObjectHashMap<>();
    private final LongArrayQueue owedRanks = new LongArrayQueue();
    private final LongArrayQueue owedIds = new LongArrayQueue();
    private long nextMessageId = 1;
    /** ACKs queued; read without the lock by {@link #owesAny}. */
    private volatile int owed;

    public Acknowledgements(final Writer writer)
    {
        this.writer = writer;
    }

    /** Number synchronous send {@code send}, whose completion waits for the receiver's ACK of that number. */
    public long await(final SendRequest send)
    {
        synchronized (awaiting)
        {
            final long id = nextMessageId++;
            awaiting.put(id, send);
            return id;
        }
    }

    /** The send that ACK {@code messageId} answers, no longer awaited; null if none waits for it (a stray). */
    public SendRequest acknowledged(final long messageId)
    {
        synchronized (awaiting)
        {
            return awaiting.remove(messageId);
        }
    }

    /** Owe {@code senderWorld} the ACK of {@code messageId}: written at once unless earlier ones still wait. */
    public synchronized void owe(final int senderWorld, final long messageId)
    {
        if (owed == 0 && writer.write(senderWorld, messageId))
        {
            return;
        }
        owedRanks.addLong(senderWorld);
        owedIds.addLong(messageId);
        owed++;
    }

    /** Whether ACKs wait to be written. */
    public boolean owesAny()
    {
        return owed != 0;
    }

    /** Write the owed ACKs the channels take now, in order; returns how many. */
    public synchronized int flush()
    {
        int written = 0;
        while (owed != 0 && writer.write((int)owedRanks.peekLong(), owedIds.peekLong()))
        {
            owedRanks.pollLong();
            owedIds.pollLong();
            owed--;
            written++;
        }
        return written;
    }
}
