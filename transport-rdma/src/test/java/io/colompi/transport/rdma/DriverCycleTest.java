package io.colompi.transport.rdma;

import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

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
            2 << 20, 64, 100_000, 1_000_000, 1_000, 2_000_000_000L, 16, null);
        final List<Throwable> errors = new ArrayList<>();
        try (MediaDriver driver = MediaDriver.launch(settings.driverContext(parent.resolve("aeron").toString(), 65536)))
        {
            final DriverCycle cycle = DriverCycle.of(driver.sharedAgentInvoker(), errors::add);
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

    @Test
    void fullCyclesFollowEachOtherWhileTheyDoWork()
    {
        // a sender that has three datagrams to send, one a cycle, as Aeron's does with a message of three frames
        final int[] datagrams = { 3 };
        final int[] receiverCycles = { 0 };
        final AgentInvoker driver = new AgentInvoker(Throwable::printStackTrace, null, agent(() ->
            datagrams[0] > 0 ? datagrams[0]-- : 0));
        driver.start();
        final DriverCycle cycle = new DriverCycle(driver, agent(() ->
        {
            receiverCycles[0]++;
            return 0;
        }), Throwable::printStackTrace);

        cycle.run(true, T0); // the frames were committed
        cycle.run(false, T0);
        cycle.run(false, T0);
        assertEquals(3, cycle.fullCycles(), "one datagram a cycle, as long as one was sent");
        assertEquals(0, receiverCycles[0]);

        cycle.run(false, T0); // the cycle that finds nothing more to send
        cycle.run(false, T0);
        assertEquals(4, cycle.fullCycles());
        assertEquals(1, receiverCycles[0], "then the receiver alone");
        driver.close();
    }

    private static Agent agent(final IntSupplier work)
    {
        return new Agent()
        {
            @Override
            public int doWork()
            {
                return work.getAsInt();
            }

            @Override
            public String roleName()
            {
                return "test";
            }
        };
    }
}
