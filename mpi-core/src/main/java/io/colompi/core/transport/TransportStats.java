package io.colompi.core.transport;

import java.util.concurrent.atomic.AtomicLong;

/** Messages and bytes sent by one rank through one transport. */
public final class TransportStats
{
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong strays = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public void recordSend(final long payloadBytes)
    {
        messages.incrementAndGet();
        bytes.addAndGet(payloadBytes);
    }

    /** A record that was not for this job (another job's id, an unknown kind): dropped and counted. */
    public void recordStray()
    {
        strays.incrementAndGet();
    }

    /** A record refused before it was read: not proven to come from this job (forged), or a replay. */
    public void recordRefused()
    {
        refused.incrementAndGet();
    }

    public long refused()
    {
        return refused.get();
    }

    public long strays()
    {
        return strays.get();
    }

    public long messages()
    {
        return messages.get();
    }

    public long bytes()
    {
        return bytes.get();
    }
}
