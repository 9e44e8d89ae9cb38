package io.colompi.core.pt2pt;

import io.colompi.core.wait.CacheLinePadding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An inbox's reading lock, on a cache line of its own ({@link CacheLinePadding}): the receiving rank takes it on every
 * poll that finds a message, while other ranks' threads read the inbox's ring beside it.
 */
final class ReadingLock extends CacheLinePadding
{
    private static final VarHandle HELD;

    static
    {
        try
        {
            HELD = MethodHandles.lookup().findVarHandle(ReadingLock.class, "held", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private volatile boolean held;
    /** The line after the flag ({@link CacheLinePadding}). */
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;

    /** Take the lock if it is free; returns whether this thread now holds it. */
    boolean tryLock()
    {
        return HELD.compareAndSet(this, false, true);
    }

    void unlock()
    {
        held = false;
    }
}
