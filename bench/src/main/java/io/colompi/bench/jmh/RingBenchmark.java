package io.colompi.bench.jmh;

import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The shm tier's ring, single-threaded (no other core involved): one message written into an Agrona ring (claim,
 * one copy in from a byte array, commit) and read back out (one copy into a byte array), as colompi's shm
 * transport and the raw ring of {@code Osu --with-raw} do per message. {@code writeRead} has no envelope at all;
 * {@code writeReadWithEnvelope} adds the 48-byte header colompi writes and reads per message (job id, source,
 * context, tag, count, type, total bytes, message id), to show what the header alone costs. 4 MiB rings, off-heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class RingBenchmark implements MessageHandler
{
    private static final int CAPACITY = 4 << 20;
    private static final int HEADER = 48;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    @Param({ "m2o", "o2o" })
    public String ring;

    @Param({ "8", "65536" })
    public int bytes;

    private RingBuffer buffer;
    private byte[] send;
    private byte[] recv;
    private long sink;

    @Setup(Level.Trial)
    public void setUp()
    {
        final UnsafeBuffer memory = new UnsafeBuffer(
            ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
        buffer = ring.equals("m2o") ? new ManyToOneRingBuffer(memory) : new OneToOneRingBuffer(memory);
        send = new byte[bytes];
        recv = new byte[bytes];
        for (int i = 0; i < bytes; i++)
        {
            send[i] = (byte)i;
        }
    }

    @Benchmark
    public long writeRead()
    {
        final int index = buffer.tryClaim(1, bytes);
        final MutableDirectBuffer b = buffer.buffer();
        UnsafeApi.copyMemory(send, BYTE_ARRAY_BASE, b.byteArray(), b.addressOffset() + index, bytes);
        buffer.commit(index);
        buffer.read(this, 64);
        return sink;
    }

    @Benchmark
    public long writeReadWithEnvelope()
    {
        final int index = buffer.tryClaim(1, HEADER + bytes);
        final MutableDirectBuffer b = buffer.buffer();
        b.putLong(index, 42L);
        b.putInt(index + 8, 1);
        b.putInt(index + 12, 3);
        b.putInt(index + 16, 1);
        b.putInt(index + 20, 7);
        b.putInt(index + 24, bytes);
        b.putByte(index + 28, (byte)0);
        b.putByte(index + 29, (byte)0);
        b.putLong(index + 32, bytes);
        b.putLong(index + 40, 0L);
        UnsafeApi.copyMemory(send, BYTE_ARRAY_BASE, b.byteArray(), b.addressOffset() + index + HEADER, bytes);
        buffer.commit(index);
        buffer.read(this, 64);
        return sink;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer b, final int index, final int length)
    {
        final int payload = Math.min(length, bytes);
        final int at = index + length - payload;
        if (length > bytes)
        {
            // envelope: read the fields a receiver matches on
            sink += b.getLong(index) + b.getInt(index + 8) + b.getInt(index + 16) + b.getInt(index + 20) + b.getLong(index + 32);
        }
        UnsafeApi.copyMemory(b.byteArray(), b.addressOffset() + at, recv, BYTE_ARRAY_BASE, payload);
        sink += recv[0];
    }
}
