package io.colompi.core.transport;

import java.util.concurrent.atomic.AtomicLong;

/** Messages and bytes sent by one rank through one transport. */
public final class TransportStats
{
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong strays = new AtomicLong();

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
