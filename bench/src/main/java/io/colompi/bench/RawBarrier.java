package io.colompi.bench;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw limit of a barrier among threads of one JVM: {@code threads} plain threads (the caller and helpers made
 * here) in a sense-reversing barrier on one atomic counter, each waiter calling {@code Thread.yield()} until the
 * last one flips the sense, nothing else. With more threads than cores every barrier needs every thread scheduled
 * once, so this is the cost of that many context switches on this machine: what any in-JVM barrier pays at least.
 */
final class RawBarrier
{
    private final int threads;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int sense;

    private RawBarrier(final int threads)
    {
        this.threads = threads;
    }

    /** Average time of one barrier over {@code iterations} (after as many warm-up ones), in microseconds. */
    static double measure(final int threads, final int iterations) throws InterruptedException
    {
        final RawBarrier barrier = new RawBarrier(threads);
        final Thread[] helpers = new Thread[threads - 1];
        for (int t = 0; t < helpers.length; t++)
        {
            helpers[t] = new Thread(() -> barrier.run(2 * iterations), "raw-barrier-" + (t + 1));
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        barrier.run(iterations);
        final long start = System.nanoTime();
        barrier.run(iterations);
        final double us = (System.nanoTime() - start) / 1e3 / iterations;
        for (final Thread helper : helpers)
        {
            helper.join();
        }
        return us;
    }

    private void run(final int iterations)
    {
        int local = sense;
        for (int i = 0; i < iterations; i++)
        {
            local ^= 1;
            if (arrived.incrementAndGet() == threads)
            {
                arrived.set(0);
                sense = local;
            }
            else
            {
                while (sense != local)
                {
                    Thread.yield();
                }
            }
        }
    }
}
