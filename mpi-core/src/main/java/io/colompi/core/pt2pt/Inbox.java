package io.colompi.core.pt2pt;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.wait.WakeCondition;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the ranks of this JVM send one rank: an Agrona many-to-one ring in the JVM's memory, which the rank reads and
 * matches on its own thread, as Open MPI's shared-memory fast boxes do. A small message crosses from core to core as
 * the ring's lines, written once and read once, where matching in the receiver's queues under its lock moved 10-15
 * lines one after another (bench/RESULTS.md): it travels in its record ({@link #EAGER}: the sender is done at once).
 * A large or synchronous one travels as a {@link #REFERENCE} to the sender's request, which the receiver matches on
 * its own thread and then copies from straight into its array, once. Everything goes through the one ring, so one
 * sender's messages keep their order; only a message of more than {@link #DIRECT_BYTES} that finds the ring empty is
 * matched by its sender at once.
 */
final class Inbox implements MessageHandler, WakeCondition
{
    /** A message whose bytes follow its envelope in the record. */
    private static final int EAGER = 1;
    /** A message left in the sender's request: the record holds the index of its {@link #references} slot. */
    private static final int REFERENCE = 2;

    private static final int CONTEXT_OFFSET = 0;
    private static final int SOURCE_RANK_OFFSET = 4;
    private static final int TAG_OFFSET = 8;
    private static final int SOURCE_WORLD_OFFSET = 12;
    private static final int ELEMENTS_OFFSET = 16;
    private static final int BASE_TYPE_OFFSET = 20;
    /** An eager record's envelope; its bytes start 8-aligned after it. */
    private static final int HEADER_LENGTH = 24;
    private static final int REFERENCE_LENGTH = 4;
    private static final int REFERENCE_SLOTS = 256;
    /**
     * A larger message is matched by its sender in the receiver's queues when the ring is empty, and copied once
     * from array to array: the crossing of the receiver's matching state costs less than a second copy then (ping-pong
     * in one JVM, 4-16 KiB: 1.4-4.4 us through the ring, 0.9-1.2 matched by the sender).
     */
    private static final int DIRECT_BYTES = 2048;
    private static final int READ_LIMIT = 64;
    private static final int LOCK_TRIES = 64;
    private static final BaseType[] BASE_TYPES = BaseType.values();

    private final Engine engine;
    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    /** The largest message sent in its record. */
    private final int eagerBytes;
    private final int capacity;
    private final int headPositionIndex;
    private final AtomicReferenceArray<SendRequest> references = new AtomicReferenceArray<>(REFERENCE_SLOTS);
    private final ReadingLock reading = new ReadingLock();
    private final Reassembly arrival;

    /** The inbox of {@code engine}'s rank: a ring of {@code capacity} bytes (a power of two). */
    Inbox(final Engine engine, final int capacity, final int eagerLimit)
    {
        this.engine = engine;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacity + RingBufferDescriptor.TRAILER_LENGTH, 64));
        this.ring = new ManyToOneRingBuffer(buffer);
        this.capacity = ring.capacity();
        this.headPositionIndex = capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.eagerBytes = Math.min(eagerLimit, ring.maxMsgLength() - HEADER_LENGTH);
        this.arrival = new Reassembly(engine);
    }

    /**
     * Put {@code send} in this inbox (a thread of the sending rank): its bytes if it is small and not synchronous,
     * else a reference to it. Returns false, having done nothing, if the ring or the reference slots are full.
     */
    boolean offer(final SendRequest send)
    {
        final long bytes = send.payloadBytes();
        if (bytes <= eagerBytes && send.mode != SendMode.SYNCHRONOUS)
        {
            final int index = ring.tryClaim(EAGER, HEADER_LENGTH + (int)bytes);
            if (index < 0)
            {
                return false;
            }
            buffer.putInt(index + CONTEXT_OFFSET, send.context);
            buffer.putInt(index + SOURCE_RANK_OFFSET, send.sourceRank);
            buffer.putInt(index + TAG_OFFSET, send.tag);
            buffer.putInt(index + SOURCE_WORLD_OFFSET, send.owner.worldRank());
            buffer.putInt(index + ELEMENTS_OFFSET, send.elementCount());
            buffer.putByte(index + BASE_TYPE_OFFSET, (byte)send.type.base().ordinal());
            if (send.objectBytes != null)
            {
                buffer.putBytes(index + HEADER_LENGTH, send.objectBytes);
            }
            else if (bytes > 0)
            {
                try
                {
                    Transfer.pack(send.buffer, send.offset, send.type, send.count,
                        null, buffer.addressOffset() + index + HEADER_LENGTH);
                }
                catch (final RuntimeException ex)
                {
                    ring.abort(index);
                    throw ex;
                }
            }
            ring.commit(index);
            send.completeSend();
            return true;
        }
        final int slot = claimSlot(send);
        if (slot < 0)
        {
            return false;
        }
        final int index = ring.tryClaim(REFERENCE, REFERENCE_LENGTH);
        if (index < 0)
        {
            references.set(slot, null);
            return false;
        }
        buffer.putInt(index, slot);
        ring.commit(index);
        return true;
    }

    /**
     * Match {@code send} at once, on the sender's thread, in the receiver's queues, if it is larger than
     * {@link #DIRECT_BYTES} and the ring is empty and no thread reads it: then every earlier message of the sender has
     * been matched or queued, so this one overtakes none. Returns false, having done nothing, otherwise.
     */
    boolean matchDirectly(final SendRequest send)
    {
        if (send.payloadBytes() <= DIRECT_BYTES)
        {
            return false;
        }
        // a receiver polling an empty ring holds the reading lock for a few tens of nanoseconds at a time
        for (int tries = 0; !reading.tryLock(); tries++)
        {
            if (tries == LOCK_TRIES || ring.size() > 0)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        try
        {
            if (ring.size() > 0)
            {
                return false;
            }
            engine.deliverLocal(send);
            return true;
        }
        finally
        {
            reading.unlock();
        }
    }

    /**
     * Match what arrived (a thread of the receiving rank); returns how many messages. 0 if another thread reads. A poll
     * that finds the ring empty writes nothing: it does not take the lock.
     */
    int drain()
    {
        if (!ready() || !reading.tryLock())
        {
            return 0;
        }
        try
        {
            return ring.read(this, READ_LIMIT);
        }
        finally
        {
            reading.unlock();
        }
    }

    /**
     * Whether a record waits to be read: the length of the record at the head, the one line a sender writes last
     * (not the tail, which every sender's claim moves). A thread about to park stays awake while it holds.
     */
    @Override
    public boolean ready()
    {
        final int headIndex = (int)buffer.getLong(headPositionIndex) & (capacity - 1);
        return buffer.getIntVolatile(RecordDescriptor.lengthOffset(headIndex)) > 0;
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer records, final int index, final int length)
    {
        if (type == EAGER)
        {
            final int bytes = length - HEADER_LENGTH;
            engine.beginArrival(arrival,
                records.getInt(index + CONTEXT_OFFSET),
                records.getInt(index + SOURCE_RANK_OFFSET),
                records.getInt(index + TAG_OFFSET),
                records.getInt(index + SOURCE_WORLD_OFFSET),
                BASE_TYPES[records.getByte(index + BASE_TYPE_OFFSET)],
                records.getInt(index + ELEMENTS_OFFSET),
                bytes, 0, false);
            arrival.append(records, index + HEADER_LENGTH, bytes);
        }
        else
        {
            final int slot = records.getInt(index);
            final SendRequest send = references.get(slot);
            references.lazySet(slot, null);
            engine.deliverLocal(send);
        }
    }

    private int claimSlot(final SendRequest send)
    {
        for (int slot = 0; slot < REFERENCE_SLOTS; slot++)
        {
            if (references.get(slot) == null && references.compareAndSet(slot, null, send))
            {
                return slot;
            }
        }
        return -1;
    }
}
