package io.colompi.core.transport;

import io.colompi.core.wait.CacheLinePadding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/** Messages and bytes sent by one rank through one transport; the two a send counts on a line of their own. */
public final class TransportStats extends CacheLinePadding
{
    private static final VarHandle MESSAGES;
    private static final VarHandle BYTES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            MESSAGES = lookup.findVarHandle(TransportStats.class, "messages", long.class);
            BYTES = lookup.findVarHandle(TransportStats.class, "bytes", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private volatile long messages;
    private volatile long bytes;
    /** The line after the fields ({@link CacheLinePadding}). */
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;
    private final AtomicLong strays = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public void recordSend(final long payloadBytes)
    {
        MESSAGES.getAndAdd(this, 1L);
        BYTES.getAndAdd(this, payloadBytes);
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
        return messages;
    }

    public long bytes()
    {
        return bytes;
    }
}
