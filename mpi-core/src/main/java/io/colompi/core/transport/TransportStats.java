package io.colompi.core.transport;

import java.util.concurrent.atomic.AtomicLong;

/** Messages and bytes sent by one rank through one transport. */
public final class TransportStats
{
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public void recordSend(final long payloadBytes)
    {
        messages.incrementAndGet();
        bytes.addAndGet(payloadBytes);
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
