package io.colompi.transport.rdma;

import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded driver's cycles: its receiver alone between full ones, a full one whenever the sender has work. */
@Timeout(10)
class DriverCycleTest
{
    private static final long T0 = 1_000_000_000L;

    @Test
    void cyclesBetweenFullOnesRunTheReceiverAloneUnlessTheSenderHasWork(@TempDir final Path parent)
    {
        final AeronSettings settings = new AeronSettings(48 << 20, 0, AeronSettings.LOOPBACK_MTU, 1408, 2 << 20,
            2 << 20, 64, 100_000, 1_000_000, 1_000, 2_000_000_000L, null);
        final List<Throwable> errors = new ArrayList<>();
        try (MediaDriver driver = MediaDriver.launch(settings.driverContext(parent.resolve("aeron").toString(), 65536)))
        {
            final DriverCycle cycle = new DriverCycle(driver.sharedAgentInvoker(), errors::add);
            assertTrue(cycle.receiverAlone(), "the driver's receiver is found in its composite agent (this Aeron)");

            for (int i = 0; i < 2 * AeronSettings.RECEIVER_CYCLES; i++)
            {
                cycle.run(false, T0);
            }
            assertEquals(2, cycle.fullCycles(), "the first, then one in " + AeronSettings.RECEIVER_CYCLES);

            cycle.run(true, T0);
            cycle.run(true, T0);
            assertEquals(4, cycle.fullCycles(), "a frame to send, a back-pressured publication: the sender runs");

            cycle.run(false, T0);
            cycle.run(false, T0 + AeronSettings.FULL_CYCLE_GAP_NS);
            assertEquals(5, cycle.fullCycles(), "and at least once per gap");
        }
        assertEquals(List.of(), errors);
    }
}
