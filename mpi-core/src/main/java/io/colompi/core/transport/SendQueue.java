package io.colompi.core.transport;

import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;

import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * The sends of one rank to one peer, for a transport that writes a message in pieces: the head message is written
 * piece by piece before the next one starts, so the peer sees the sender's messages one after another and MPI's
 * non-overtaking order holds; a synchronous send completes once it is both written and acknowledged. Not
 * thread-safe: the transport's outbox that owns it synchronizes.
 */
public final class SendQueue
{
    private final ArrayDeque<SendRequest> queue = new ArrayDeque<>();
    private SendRequest head;
    /** Bytes of the head written so far; -1 before its first piece. */
    private long headBytesWritten;
    private boolean headAcked;

    /** Queue {@code send} behind the others. */
    public void add(final SendRequest send)
    {
        queue.addLast(send);
    }

    /** Whether a message is in progress or queued. */
    public boolean hasWork()
    {
        return head != null || !queue.isEmpty();
    }

    /** The message to write now, taking the next queued one when none is in progress; null when none is left. */
    public SendRequest head()
    {
        if (head == null)
        {
            head = queue.pollFirst();
            headBytesWritten = -1;
            headAcked = false;
        }
        return head;
    }

    /** Whether the head's first piece (the one with the envelope) has been written. */
    public boolean headStarted()
    {
        return headBytesWritten >= 0;
    }

    /** Payload bytes of the head written so far. */
    public long headBytesWritten()
    {
        return Math.max(0, headBytesWritten);
    }

    /** A piece of {@code bytes} payload bytes of the head was written; the head is finished once all are. */
    public void wrote(final long bytes)
    {
        headBytesWritten = headBytesWritten() + bytes;
        if (headBytesWritten == head.payloadBytes())
        {
            final SendRequest done = head;
            head = null;
            if (done.mode() != SendMode.SYNCHRONOUS || headAcked)
            {
                done.completeSend();
            }
        }
    }

    /** The peer matched synchronous {@code send}: complete it if it is fully written, else when it is. */
    public void acknowledged(final SendRequest send)
    {
        if (send == head)
        {
            headAcked = true;
        }
        else
        {
            send.completeSend();
        }
    }

    /** Fail the head and every queued send with the error {@code why} gives for it; returns how many failed. */
    public int failAll(final Function<SendRequest, MpiError> why)
    {
        int failed = 0;
        if (head != null)
        {
            head.failSend(why.apply(head));
            head = null;
            failed++;
        }
        for (SendRequest send = queue.pollFirst(); send != null; send = queue.pollFirst())
        {
            send.failSend(why.apply(send));
            failed++;
        }
        return failed;
    }
}
