package io.colompi.transport.rdma;

import org.agrona.ErrorHandler;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Aeron driver and client of a JVM report (a datagram it could not use, a peer gone), as one line on the
 * job's stderr instead of Aeron's stack traces: {@code colompi: aeron, JVM 2: ConfigurationException: mtuLength=7 ...}.
 * Anybody can send a JVM datagrams, so only the first {@value #SHOWN} are shown; the driver's error log (in its
 * aeron directory) keeps them all, counted.
 */
final class AeronErrorLine implements ErrorHandler
{
    static final int SHOWN = 10;

    private final String who;
    private final PrintStream out;
    private final AtomicInteger reported = new AtomicInteger();

    AeronErrorLine(final String who, final PrintStream out)
    {
        this.who = who;
        this.out = out;
    }

    @Override
    public void onError(final Throwable error)
    {
        final int count = reported.incrementAndGet();
        if (count <= SHOWN)
        {
            final String message = String.valueOf(error.getMessage()).replaceAll("\\s+", " ").trim();
            out.println("colompi: " + who + ": " + error.getClass().getSimpleName() + ": " + message +
                (count == SHOWN ? " (later aeron errors of this JVM are not shown)" : ""));
        }
    }
}
