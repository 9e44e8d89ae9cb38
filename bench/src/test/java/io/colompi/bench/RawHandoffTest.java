package io.colompi.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw handoff moves the data it claims to: each side's array arrives in the other's. */
class RawHandoffTest
{
    @Test
    @Timeout(20)
    void pingPongDeliversBothWays() throws Exception
    {
        try (RawHandoff raw = new RawHandoff(Element.INT, 1024, Signal.Policy.backoff()))
        {
            final int[] pingSend = (int[])raw.pingSend();
            final int[] pongSend = (int[])raw.pongSend();
            assertFalse(Arrays.equals(pingSend, pongSend));
            final long[] samples = new long[100];
            assertTrue(raw.pingPong(1000, 100, samples) > 0);
            assertTrue(Arrays.stream(samples).allMatch(s -> s > 0));
            assertArrayEquals(Arrays.copyOf(pingSend, 1000), Arrays.copyOf((int[])raw.pongRecv(), 1000));
            assertArrayEquals(Arrays.copyOf(pongSend, 1000), Arrays.copyOf((int[])raw.pingRecv(), 1000));
            assertEquals(1000, ((int[])raw.pongRecv())[1000], "copied beyond the message"); // receive arrays start as 0, 1, 2, ...
        }
    }

    @Test
    @Timeout(20)
    void streamAndBidirectionalWindowsDeliver() throws Exception
    {
        try (RawHandoff raw = new RawHandoff(Element.DOUBLE, 4096, Signal.Policy.SPIN))
        {
            assertTrue(raw.stream(4096, 64, 10) > 0);
            assertArrayEquals((double[])raw.pingSend(), (double[])raw.pongRecv());
            assertEquals(5.0, ((double[])raw.pingRecv())[5], "nothing flows back in a one-way stream");

            assertTrue(raw.bidirectional(4096, 8, 10) > 0);
            assertArrayEquals((double[])raw.pongSend(), (double[])raw.pingRecv());
            // Tasks of every kind, one after another, stay in step.
            raw.pingPong(1, 5, null);
            raw.stream(1, 3, 2);
            raw.pingPong(16, 5, null);
        }
    }

    @Test
    void sizesParseAndDouble()
    {
        assertEquals(4 << 20, Sizes.parse("4M"));
        assertEquals(64 << 10, Sizes.parse("64k"));
        assertEquals(8, Sizes.parse("8"));
        assertEquals(java.util.List.of(8, 16, 32), Sizes.doubling(1, 32, 8));
        assertEquals(java.util.List.of(0), Sizes.doubling(0, 0, 1));
        assertEquals("1M", Sizes.format(1 << 20));
    }
}
