package io.colompi.core.pt2pt;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.ObjectCodec;
import io.colompi.core.type.Transfer;
import io.colompi.core.wait.CacheLinePadding;

/**
 * One rank's matching state: the posted-receive queue and the unexpected-message queue, both in arrival order,
 * which is what gives MPI's non-overtaking order. Used by the rank's own threads: a message of a rank of this JVM
 * comes out of the rank's {@link Inbox} (its bytes, or its sender's request, whose data is then copied outside the
 * lock, once, from the sender's array into the receiver's), one of another JVM's out of its transport.
 */
final class Matcher extends CacheLinePadding
{
    private final Engine engine;
    private final int eagerLimit;
    private RecvRequest postedHead;
    private RecvRequest postedTail;
    private Incoming unexpectedHead;
    private Incoming unexpectedTail;
    private Incoming free;
    private final BufferPool pool = new BufferPool();

    /** The line after the fields: references, which the JVM lays out after the primitives ({@link CacheLinePadding}). */
    private Object q00, q01, q02, q03;
    private Object q04, q05, q06, q07;
    private Object q08, q09, q10, q11;
    private Object q12, q13, q14, q15;

    Matcher(final Engine engine, final int eagerLimit)
    {
        this.engine = engine;
        this.eagerLimit = eagerLimit;
    }

    /** Match a send of this rank to itself, or one that a rank of this JVM left in the inbox by reference. */
    void deliver(final SendRequest send)
    {
        final RecvRequest receive;
        boolean buffered = false;
        synchronized (this)
        {
            receive = removePosted(send.context, send.sourceRank, send.tag);
            if (receive == null)
            {
                final Incoming message = obtain();
                message.envelope(send);
                buffered = send.mode != SendMode.SYNCHRONOUS &&
                    (send.objectBytes != null || send.payloadBytes() <= eagerLimit);
                if (buffered)
                {
                    message.copyOf(send);
                }
                else
                {
                    message.rendezvous = send;
                }
                appendUnexpected(message);
            }
        }
        if (receive != null)
        {
            handOff(send, receive);
            send.completeSend();
        }
        else
        {
            if (buffered)
            {
                send.completeSend();
            }
            engine.doorbell().ring();
        }
    }

    /**
     * Both halves of a {@code Sendrecv} of this rank to itself (owner's thread): as {@link #post} of {@code receive}
     * then {@link #deliver} of {@code send}, but with one pass under the lock when no message waits unexpected (a
     * loop's steady state): the receive is queued, and the send takes the first posted receive it matches (its own
     * receive unless an earlier one matches too), copied once into it.
     */
    void postAndDeliver(final RecvRequest receive, final SendRequest send)
    {
        final boolean posted;
        RecvRequest matched = null;
        synchronized (this)
        {
            posted = unexpectedHead == null;
            if (posted)
            {
                appendPosted(receive);
                matched = removePosted(send.context, send.sourceRank, send.tag);
            }
        }
        if (!posted)
        {
            post(receive);
            deliver(send);
        }
        else if (matched == null)
        {
            deliver(send);
        }
        else
        {
            handOff(send, matched);
            send.completeSend();
        }
    }

    /** Post a receive (owner's thread): take the first matching unexpected message, or queue the receive. */
    void post(final RecvRequest receive)
    {
        final Incoming message;
        final boolean stillArriving;
        final boolean synchronous;
        final int sourceWorld;
        final long messageId;
        synchronized (this)
        {
            message = removeUnexpected(receive);
            if (message == null)
            {
                appendPosted(receive);
                return;
            }
            // Read under the lock: once claimed, the thread that delivers the last fragment completes this
            // receive and recycles the message, which another arrival may then reuse at once.
            stillArriving = !message.complete;
            synchronous = message.synchronous;
            sourceWorld = message.sourceWorld;
            messageId = message.messageId;
            if (stillArriving)
            {
                message.claimedBy = receive;
            }
        }
        if (synchronous)
        {
            engine.acknowledge(sourceWorld, messageId);
        }
        if (stillArriving)
        {
            return;
        }
        final SendRequest send = message.rendezvous;
        if (send != null)
        {
            release(message);
            handOff(send, receive);
            send.completeSend();
        }
        else
        {
            unpack(message, receive);
            release(message);
        }
    }

    /**
     * The first fragment of a message from another JVM: match it and tell {@code arrival} where bytes go. Returns
     * whether the sender must be acknowledged now (a synchronous message that matched a posted receive).
     */
    boolean arrive(final Reassembly arrival)
    {
        final RecvRequest receive;
        synchronized (this)
        {
            receive = removePosted(arrival.context, arrival.source, arrival.tag);
            if (receive == null || arrival.base == BaseType.OBJECT)
            {
                final Incoming message = obtain();
                message.arriving(arrival, eagerLimit, pool);
                if (receive == null)
                {
                    appendUnexpected(message);
                }
                else
                {
                    message.claimedBy = receive;
                }
                arrival.target(message);
            }
            else
            {
                arrival.target(receive, unfit(arrival.base, arrival.elements, arrival.source, arrival.tag, receive));
            }
        }
        if (receive == null)
        {
            engine.doorbell().ring();
        }
        if (arrival.totalBytes == 0)
        {
            arrival.finish();
        }
        return receive != null && arrival.synchronous;
    }

    /** The last fragment of a buffered message from another JVM has arrived. */
    void arrivalComplete(final Incoming message)
    {
        final RecvRequest claimer;
        synchronized (this)
        {
            message.complete = true;
            claimer = message.claimedBy;
        }
        if (claimer != null)
        {
            unpack(message, claimer);
            release(message);
        }
        else
        {
            engine.doorbell().ring();
        }
    }

    synchronized boolean probe(final int context, final int source, final int tag, final ProbeStatus out)
    {
        for (Incoming m = unexpectedHead; m != null; m = m.next)
        {
            if (m.context == context && (source == Peers.ANY_SOURCE || source == m.source) &&
                (tag == Peers.ANY_TAG || tag == m.tag))
            {
                out.source = m.source;
                out.tag = m.tag;
                out.elements = m.elements;
                out.base = m.base;
                return true;
            }
        }
        return false;
    }

    /** Withdraw a receive that has not matched yet; false if it already matched. */
    synchronized boolean cancel(final RecvRequest receive)
    {
        RecvRequest prev = null;
        for (RecvRequest r = postedHead; r != null; prev = r, r = r.next)
        {
            if (r == receive)
            {
                unlinkPosted(prev, r);
                return true;
            }
        }
        return false;
    }

    private static void handOff(final SendRequest send, final RecvRequest receive)
    {
        receive.sourceWorld = send.owner.worldRank();
        final int elements = send.elementCount();
        if (!checkFits(send.type.base(), elements, send.sourceRank, send.tag, receive))
        {
            return;
        }
        if (send.objectBytes != null)
        {
            deserialize(send.objectBytes, send.objectBytes.length, elements, send.sourceRank, send.tag, receive);
            return;
        }
        Transfer.copy(send.buffer, send.offset, send.type, receive.buffer, receive.offset, receive.type, elements);
        receive.complete(send.sourceRank, send.tag, elements);
    }

    private static void unpack(final Incoming message, final RecvRequest receive)
    {
        receive.sourceWorld = message.sourceWorld;
        if (!checkFits(message.base, message.elements, message.source, message.tag, receive))
        {
            return;
        }
        if (message.objects)
        {
            deserialize(message.data, message.length, message.elements, message.source, message.tag, receive);
            return;
        }
        Transfer.unpack(message.data, Transfer.BYTE_ARRAY_BASE, message.elements,
            receive.buffer, receive.offset, receive.type);
        receive.complete(message.source, message.tag, message.elements);
    }

    private static void deserialize(
        final byte[] data, final int length, final int elements, final int source, final int tag,
        final RecvRequest receive)
    {
        try
        {
            ObjectCodec.deserialize(data, length, elements, (Object[])receive.buffer, receive.offset, receive.type,
                receive.owner.classLoader(), receive.owner.objectFilter());
            receive.complete(source, tag, elements);
        }
        catch (final MpiError ex)
        {
            receive.fail(ex, source, tag);
        }
    }

    private static boolean checkFits(
        final BaseType sent, final int elements, final int source, final int tag,
        final RecvRequest receive)
    {
        final MpiError unfit = unfit(sent, elements, source, tag, receive);
        if (unfit != null)
        {
            receive.fail(unfit, source, tag);
            return false;
        }
        return true;
    }

    /** Why a message cannot go into {@code receive} (type mismatch, truncation), or null if it fits. */
    private static MpiError unfit(
        final BaseType sent, final int elements, final int source, final int tag, final RecvRequest receive)
    {
        if (!receive.type.base().accepts(sent))
        {
            return new MpiError(ErrorClass.TYPE, "message from rank " + source + " with tag " + tag +
                " carries " + sent + " but the receive expects " + receive.type.base());
        }
        final long capacity = (long)receive.count * receive.type.size();
        if (elements > capacity)
        {
            return new MpiError(ErrorClass.TRUNCATE, "message truncated: rank " + source + " sent " +
                elements + " elements with tag " + tag + " but the receive has room for " + capacity);
        }
        return null;
    }

    private RecvRequest removePosted(final int context, final int source, final int tag)
    {
        RecvRequest prev = null;
        for (RecvRequest r = postedHead; r != null; prev = r, r = r.next)
        {
            if (r.matches(context, source, tag))
            {
                unlinkPosted(prev, r);
                return r;
            }
        }
        return null;
    }

    private void unlinkPosted(final RecvRequest prev, final RecvRequest r)
    {
        if (prev == null)
        {
            postedHead = r.next;
        }
        else
        {
            prev.next = r.next;
        }
        if (postedTail == r)
        {
            postedTail = prev;
        }
        r.next = null;
    }

    private void appendPosted(final RecvRequest receive)
    {
        if (postedTail == null)
        {
            postedHead = receive;
        }
        else
        {
            postedTail.next = receive;
        }
        postedTail = receive;
    }

    private Incoming removeUnexpected(final RecvRequest receive)
    {
        Incoming prev = null;
        for (Incoming m = unexpectedHead; m != null; prev = m, m = m.next)
        {
            if (m.matchedBy(receive))
            {
                if (prev == null)
                {
                    unexpectedHead = m.next;
                }
                else
                {
                    prev.next = m.next;
                }
                if (unexpectedTail == m)
                {
                    unexpectedTail = prev;
                }
                m.next = null;
                return m;
            }
        }
        return null;
    }

    private void appendUnexpected(final Incoming message)
    {
        if (unexpectedTail == null)
        {
            unexpectedHead = message;
        }
        else
        {
            unexpectedTail.next = message;
        }
        unexpectedTail = message;
    }

    private Incoming obtain()
    {
        final Incoming message = free;
        if (message == null)
        {
            return new Incoming();
        }
        free = message.next;
        message.next = null;
        return message;
    }

    private synchronized void release(final Incoming message)
    {
        message.clear(pool);
        message.next = free;
        free = message;
    }
}
