package mpi;

import java.lang.management.ManagementFactory;

/** Bytes a call allocates on the calling thread once warm: the allocation tests' one measure. */
final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    /** Rounds measured, as many on every rank (collectives, and the peers of point-to-point calls, must match). */
    private static final int ROUNDS = 2;

    private AllocationMeter()
    {
    }

    /**
     * Run {@code call} {@code calls} times to warm it, then measure rounds of as many calls; the bytes per call of the
     * round that allocated least. What a call allocates every time shows in every round; a one-off event (the JIT
     * sending a warm call back to the interpreter once a branch it never saw is taken, a first park) in one only.
     */
    static double bytesPerCall(final int calls, final Runnable call)
    {
        for (int i = 0; i < calls; i++)
        {
            call.run();
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++)
            {
                call.run();
            }
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return (double)least / calls;
    }
}
