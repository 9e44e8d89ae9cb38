package io.colompi.bench;

import io.colompi.core.job.RuntimeSettings;
import io.colompi.transport.rdma.AeronSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw Aeron ping-pong echoes every size, from an empty message (which must wait for the connection like any
 * other) to several frames, and leaves no files.
 */
class RawAeronTest
{
    private static final Signal.Policy WAIT = new Signal.Policy("test", 100, 10, 1_000, 100_000);

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void echoesEverySizeAndCleansUp()
    {
        try (RawAeron bench = new RawAeron(AeronSettings.of(RuntimeSettings.defaults().aeron()), WAIT))
        {
            for (final int size : new int[]{ 0, 8, 8160, 8161, 100_000, 1 << 20 })
            {
                final long[] roundTrips = bench.run(size, 2, 5);
                assertEquals(5, roundTrips.length);
                assertTrue(Arrays.stream(roundTrips).allMatch(rtt -> rtt > 0), "size " + size);
            }
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
        final String prefix = "colompi-rawaeron-" + ProcessHandle.current().pid();
        final String[] left = new File("/dev/shm").list((dir, name) -> name.startsWith(prefix));
        assertFalse(left != null && left.length > 0, "left in /dev/shm: " + Arrays.toString(left));
    }
}
