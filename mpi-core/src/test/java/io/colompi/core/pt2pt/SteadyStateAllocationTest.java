package io.colompi.core.pt2pt;

import io.colompi.core.comm.Communicator;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Blocking point-to-point calls of a rank allocate nothing once warm, for basic and derived datatypes alike. */
@Timeout(60)
class SteadyStateAllocationTest
{
    private static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int CALLS = 20_000;

    @FunctionalInterface
    private interface Call
    {
        void run(Communicator world);
    }

    /** Bytes allocated per call of {@code call} by this thread, after as many calls to warm it up. */
    private static long bytesPerCall(final Communicator world, final Call call)
    {
        for (int i = 0; i < CALLS; i++)
        {
            call.run(world);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++)
        {
            call.run(world);
        }
        return (THREADS.getCurrentThreadAllocatedBytes() - before) / CALLS;
    }

    @Test
    void aSendrecvToItselfOfAColumnCopiesItOnceAndAllocatesNothing() throws Exception
    {
        final TypeMap column = TypeMap.vector(16, 1, 4, DOUBLE);
        final double[] matrix = new double[64];
        final double[] halo = new double[16];
        for (int i = 0; i < matrix.length; i++)
        {
            matrix[i] = i;
        }
        ThreadJob.run(1, world ->
        {
            assertEquals(0, bytesPerCall(world, w ->
            {
                final RecvRequest r = w.sendrecv(matrix, 1, 1, column, 0, 5, halo, 0, 16, DOUBLE, 0, 5);
                assertEquals(16, r.elements());
            }));
            final double[] expected = new double[16];
            for (int i = 0; i < 16; i++)
            {
                expected[i] = 1 + 4 * i;
            }
            assertArrayEquals(expected, halo);
        });
    }

    @Test
    void aProbeOfAQueuedMessageAllocatesNothing() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            world.send(new double[]{ 1, 2, 3 }, 0, 3, DOUBLE, 0, 9, SendMode.STANDARD);
            final ProbeStatus found = new ProbeStatus();
            assertEquals(0, bytesPerCall(world, w -> w.probe(0, 9, found)));
            assertEquals(3, found.elements);
            assertEquals(9, found.tag);
            world.recv(new double[3], 0, 3, DOUBLE, 0, 9);
        });
    }
}
