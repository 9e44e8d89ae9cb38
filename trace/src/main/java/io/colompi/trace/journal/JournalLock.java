package io.colompi.trace.journal;

import io.colompi.core.wait.CacheLinePadding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The lock of one rank's journal, which the rank's threads take for each record: taken by a compare-and-swap, left by
 * a release store. A monitor ({@code synchronized}) takes two compare-and-swaps a record (HotSpot's lightweight
 * locking, without biased locking since Java 15), the second where a plain store suffices: a record 30-32 -> 23-24 ns
 * (bench's {@code TraceRecordBenchmark}, bench/RESULTS.md session 50). Held for a record or a batch's append; a thread
 * that finds it held (several threads of a rank in MPI calls at once) spins briefly, yields, then naps until it is
 * free (an append to a slow disk may hold it for milliseconds). Its flag has a cache line to itself
 * ({@link CacheLinePadding}): a rank writes it on every traced call.
 */
final class JournalLock extends CacheLinePadding
{
    /** Spins before a waiting thread yields, then yields before it naps, and its naps. */
    private static final int SPINS = 100;
    private static final int YIELDS = 1_000;
    private static final long NAP_NS = 50_000;
    private static final VarHandle HELD;

    static
    {
        try
        {
            HELD = MethodHandles.lookup().findVarHandle(JournalLock.class, "held", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // through HELD
    private volatile int held;
    /** The line after the flag ({@link CacheLinePadding}). */
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;

    void lock()
    {
        if (!HELD.compareAndSet(this, 0, 1))
        {
            await();
        }
    }

    private void await()
    {
        int tries = 0;
        while (!HELD.compareAndSet(this, 0, 1))
        {
            if (tries < SPINS)
            {
                Thread.onSpinWait();
            }
            else if (tries < SPINS + YIELDS)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(NAP_NS);
                continue;
            }
            tries++;
        }
    }

    void unlock()
    {
        HELD.setRelease(this, 0);
    }
}
