package io.colompi.core.wait;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether this JVM's JIT compilers are at work: the total compilation time grew within the last
 * {@link #BUSY_NS}. While a program warms up its compiler threads need cores that spinning ranks hold; a rank that
 * spins through its partner's slow (interpreted) code then keeps the code slow for longer. Sampled at most once per
 * {@link #SAMPLE_NS} for the whole JVM (one call into the VM), so waits may ask at will. Thread-safe: a lost race
 * only repeats a sample.
 */
public final class CompilerActivity
{
    /** How long after a compilation finished the compilers count as busy: a warm-up compiles in bursts. */
    public static final long BUSY_NS = 20_000_000;
    /** Finest period of a sample: the counter is in milliseconds. */
    public static final long SAMPLE_NS = 1_000_000;
    /** This JVM's compilers; never busy where the VM does not count compilation time. */
    public static final CompilerActivity JVM = new CompilerActivity(compilationMillis(), System.nanoTime());
    /** Compilers that are never busy: for waits that need not heed the JIT. */
    public static final CompilerActivity NONE = new CompilerActivity(() -> 0, 0);

    private final LongSupplier totalMillis;
    private volatile long sampledNs;
    private volatile long busyUntilNs;
    private volatile long lastTotalMillis;

    /** Over {@code totalMillis}, a counter of compilation time that only grows, first read at {@code nowNs}. */
    public CompilerActivity(final LongSupplier totalMillis, final long nowNs)
    {
        this.totalMillis = totalMillis;
        this.lastTotalMillis = totalMillis.getAsLong();
        this.sampledNs = nowNs;
        this.busyUntilNs = nowNs;
    }

    /** Whether a compilation finished within {@link #BUSY_NS} before {@code nowNs} ({@link System#nanoTime}). */
    public boolean busy(final long nowNs)
    {
        if (nowNs - sampledNs >= SAMPLE_NS)
        {
            sampledNs = nowNs;
            final long total = totalMillis.getAsLong();
            if (total != lastTotalMillis)
            {
                lastTotalMillis = total;
                busyUntilNs = nowNs + BUSY_NS;
            }
        }
        return nowNs - busyUntilNs < 0;
    }

    private static LongSupplier compilationMillis()
    {
        final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ?
            compiler::getTotalCompilationTime : () -> 0;
    }
}
