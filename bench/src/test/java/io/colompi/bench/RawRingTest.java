package io.colompi.bench;

import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw ring moves the data it claims to, in records of at most an eighth of the ring, under back-pressure and in
 * both directions at once. Both sides live in this JVM here (two mappings of one file, two threads); in Osu they
 * are two rank JVMs.
 */
class RawRingTest
{
    /** A small ring, so records are 8 KiB and messages of several records and full rings are cheap to reach. */
    private static final int CAPACITY = 64 * 1024;
    private static final Signal.Policy WAIT = new Signal.Policy("test", 100, 10, 1_000, 100_000);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RawRing.Kind.class)
    @Timeout(30)
    void pingPongDeliversEverySizeBothWays(final RawRing.Kind kind) throws Exception
    {
        final int max = 3 * CAPACITY + 24;    // several records and more than the ring holds
        final byte[] send0 = (byte[])Element.BYTE.allocate(max, 1);
        final byte[] recv0 = new byte[max];
        final byte[] send1 = (byte[])Element.BYTE.allocate(max, 7);
        final byte[] recv1 = new byte[max];
        pair(kind, Element.BYTE, send0, recv0, send1, recv1, (sides) ->
        {
            assertEquals(CAPACITY / 8, sides[0].maxRecord());
            for (final int bytes : new int[] { 0, 1, 8, 8191, 8192, 8193, 20_000, max - 1 })
            {
                // A sentinel after the message that neither sender has there: nothing may be copied beyond the message.
                Arrays.fill(recv0, (byte)(send1[bytes] + 1));
                Arrays.fill(recv1, (byte)(send0[bytes] + 1));
                final long[] samples = new long[3];
                final CompletableFuture<Void> pong = CompletableFuture.runAsync(() -> sides[1].pong(bytes, 3));
                assertTrue(sides[0].pingPong(bytes, 3, samples) > 0);
                join(pong);
                assertTrue(Arrays.stream(samples).allMatch(s -> s > 0));
                assertArrayEquals(Arrays.copyOf(send1, bytes), Arrays.copyOf(recv0, bytes), "to ping, " + bytes + " B");
                assertArrayEquals(Arrays.copyOf(send0, bytes), Arrays.copyOf(recv1, bytes), "to pong, " + bytes + " B");
                assertEquals((byte)(send1[bytes] + 1), recv0[bytes], "copied beyond the message, " + bytes + " B");
                assertEquals((byte)(send0[bytes] + 1), recv1[bytes], "copied beyond the message, " + bytes + " B");
            }
        });
    }

    @Test
    @Timeout(30)
    void streamOfDoublesUnderBackPressureArrives() throws Exception
    {
        final int count = 2_600;              // 20800 B: 3 records each; a window of 64 is 20 times the ring
        final double[] send0 = (double[])Element.DOUBLE.allocate(count, 3);
        final double[] recv0 = new double[count];
        final double[] send1 = (double[])Element.DOUBLE.allocate(count, 5);
        final double[] recv1 = new double[count];
        pair(RawRing.Kind.M2O, Element.DOUBLE, send0, recv0, send1, recv1, (sides) ->
        {
            final CompletableFuture<Void> sink = CompletableFuture.runAsync(() -> sides[1].sink(count, 64, 5));
            assertTrue(sides[0].stream(count, 64, 5) > 0);
            join(sink);
            assertArrayEquals(send0, recv1);
        });
    }

    @Test
    @Timeout(30)
    void bothDirectionsAtOnceWithFullRingsDoNotDeadlock() throws Exception
    {
        final int count = 40_000;             // larger than the ring: each side must read while it writes
        final int[] send0 = (int[])Element.INT.allocate(count, 11);
        final int[] recv0 = new int[count];
        final int[] send1 = (int[])Element.INT.allocate(count, 13);
        final int[] recv1 = new int[count];
        pair(RawRing.Kind.M2O, Element.INT, send0, recv0, send1, recv1, (sides) ->
        {
            final CompletableFuture<Long> other = CompletableFuture.supplyAsync(() -> sides[1].bidirectional(count, 16, 4));
            assertTrue(sides[0].bidirectional(count, 16, 4) > 0);
            join(other);
            assertArrayEquals(send0, recv1);
            assertArrayEquals(send1, recv0);
        });
    }

    /** Two sides over two mappings of one file; the file is gone once both are mapped, as in {@link RawRing#connect}. */
    private void pair(
        final RawRing.Kind kind, final Element element, final Object send0, final Object recv0, final Object send1,
        final Object recv1, final Consumer<RawRing[]> test)
    {
        final File file = dir.resolve("pair.ring").toFile();
        final MappedByteBuffer first = IoUtil.mapNewFile(file, 2L * RawRing.slice(CAPACITY), false);
        final MappedByteBuffer second = IoUtil.mapExistingFile(file, "raw ring");
        IoUtil.delete(file, false);
        try (RawRing zero = new RawRing(first, 0, CAPACITY, kind, WAIT, element, send0, recv0);
             RawRing one = new RawRing(second, 1, CAPACITY, kind, WAIT, element, send1, recv1))
        {
            test.accept(new RawRing[] { zero, one });
        }
    }

    private static void join(final CompletableFuture<?> future)
    {
        try
        {
            future.get(20, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }
}
