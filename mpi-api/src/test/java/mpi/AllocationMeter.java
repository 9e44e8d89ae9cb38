package mpi;

import java.lang.management.ManagementFactory;

/** Bytes a call allocates on the calling thread once warm: the allocation tests' one measure. */
final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationMeter()
    {
    }

    /** Run {@code call} {@code calls} times to warm it, then as often again; the bytes per call of the second round. */
    static double bytesPerCall(final int calls, final Runnable call)
    {
        for (int i = 0; i < calls; i++)
        {
            call.run();
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++)
        {
            call.run();
        }
        return (double)(THREADS.getCurrentThreadAllocatedBytes() - before) / calls;
    }
}
