package io.colompi.core.wait;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JIT counts as busy for a while after its compilation time grew, read once per sample period at most. */
@Timeout(10)
class CompilerActivityTest
{
    @Test
    void busyForAWhileAfterACompilationThenQuiet()
    {
        final long[] compiledMillis = { 40 };
        final CompilerActivity compiler = new CompilerActivity(() -> compiledMillis[0], 0);
        assertFalse(compiler.busy(CompilerActivity.SAMPLE_NS), "nothing compiled since the start");
        compiledMillis[0] = 42;
        final long compiledNs = 2 * CompilerActivity.SAMPLE_NS;
        assertTrue(compiler.busy(compiledNs));
        assertTrue(compiler.busy(compiledNs + CompilerActivity.BUSY_NS - 1));
        assertFalse(compiler.busy(compiledNs + CompilerActivity.BUSY_NS));
    }

    @Test
    void readsTheCounterOncePerSamplePeriod()
    {
        final AtomicInteger reads = new AtomicInteger();
        final CompilerActivity compiler = new CompilerActivity(() -> reads.incrementAndGet() * 0L, 0);
        for (long ns = 0; ns < 10 * CompilerActivity.SAMPLE_NS; ns += 1_000)
        {
            compiler.busy(ns);
        }
        assertEquals(1 + 9, reads.get(), "one read when made, then one per period after the first");
    }

    @Test
    void thisJvmCompilesWhileItWarmsUp()
    {
        final long startNs = System.nanoTime();
        long sum = 0;
        while (!CompilerActivity.JVM.busy(System.nanoTime()) && System.nanoTime() - startNs < 5_000_000_000L)
        {
            sum += warm(sum);
        }
        assertTrue(CompilerActivity.JVM.busy(System.nanoTime()), "no compilation seen in 5 s (" + sum + ")");
    }

    private static long warm(final long seed)
    {
        long x = seed | 1;
        for (int i = 0; i < 1_000; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x & 1;
    }
}
