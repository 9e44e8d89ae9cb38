package io.colompi.transport.rdma;

import io.aeron.driver.Receiver;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.CompositeAgent;

import java.lang.reflect.Field;

/**
 * One duty cycle of the embedded driver, run by whoever progresses the node: in full (sender, receiver, conductor)
 * when the sender or the conductor has work or the full cycle before did some, and at least every
 * {@link AeronSettings#RECEIVER_CYCLES} cycles or {@link AeronSettings#FULL_CYCLE_GAP_NS}; between those, the receiver
 * alone. The receiver reads the data socket, which is what a rank waiting for a message needs; an idle sender reads
 * its control socket on every cycle (status messages and NAKs, rare), a second system call per cycle that a waiting
 * rank paid for nothing (bench/RESULTS.md, session 14).
 * The receiver is found inside the driver's composite agent ({@link io.aeron.driver.ThreadingMode#INVOKER}); where it
 * is not (another Aeron), every cycle is a full one.
 */
final class DriverCycle
{
    private final AgentInvoker driver;
    /** The driver's receiver; null: every cycle is a full one. */
    private final Agent receiver;
    private final ErrorHandler errors;
    private int receiverCycles;
    private long fullCycleNs;
    private long fullCycles;
    /** Whether the last full cycle did work: the sender sends a datagram a cycle, so more may wait. */
    private boolean fullCycleWorked;

    /** The cycles of {@code driver} (an invoked driver's), its receiver alone between full ones where it is found. */
    static DriverCycle of(final AgentInvoker driver, final ErrorHandler errors)
    {
        return new DriverCycle(driver, receiverOf(driver.agent()), errors);
    }

    /** Cycles that run {@code driver} in full, {@code receiver} alone between (null: every cycle in full). */
    DriverCycle(final AgentInvoker driver, final Agent receiver, final ErrorHandler errors)
    {
        this.driver = driver;
        this.receiver = receiver;
        this.errors = errors;
    }

    /**
     * Run a cycle at {@code nowNs}: a full one if {@code full} (a frame waits to be sent, the publication is
     * back-pressured, the client waits for the conductor), if the last full one did work (the sender sends one
     * datagram per publication a cycle: a message of several frames takes as many), or if one is due. Returns the
     * work done.
     */
    int run(final boolean full, final long nowNs)
    {
        if (receiver == null || full || fullCycleWorked || ++receiverCycles >= AeronSettings.RECEIVER_CYCLES ||
            nowNs - fullCycleNs >= AeronSettings.FULL_CYCLE_GAP_NS)
        {
            receiverCycles = 0;
            fullCycleNs = nowNs;
            fullCycles++;
            final int work = driver.invoke();
            fullCycleWorked = work > 0;
            return work;
        }
        try
        {
            return receiver.doWork();
        }
        catch (final Exception ex)
        {
            errors.onError(ex);
            return 0;
        }
    }

    /** Full cycles run so far (tests count them). */
    long fullCycles()
    {
        return fullCycles;
    }

    /** Whether cycles between the full ones run the receiver alone (false: it was not found). */
    boolean receiverAlone()
    {
        return receiver != null;
    }

    /** The {@link Receiver} among the agents of the driver's {@code composite}; null if it has none to be found. */
    static Agent receiverOf(final Agent composite)
    {
        if (!(composite instanceof CompositeAgent))
        {
            return null;
        }
        try
        {
            final Field agents = CompositeAgent.class.getDeclaredField("agents");
            agents.setAccessible(true);
            for (final Agent agent : (Agent[])agents.get(composite))
            {
                if (agent instanceof Receiver)
                {
                    return agent;
                }
            }
            return null;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return null;
        }
    }
}
