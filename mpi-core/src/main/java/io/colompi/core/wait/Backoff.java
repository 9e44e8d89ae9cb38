package io.colompi.core.wait;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * One waiting thread's idle strategy (Agrona's {@code IdleStrategy} idea, with a park that can be rung): after
 * each poll that found nothing to do it spins, then yields, then parks with a timeout that doubles up to the
 * policy's longest; a poll that did work starts it over. Every wait of colompi, point-to-point and in the
 * shared-memory collectives, runs this one back-off; a wait {@link #reset}s it first. Not thread-safe: one per
 * waiting thread.
 *
 * <p>Spinning pays only while nothing else wants the core: spins that find the thread was descheduled (two polls
 * {@link #PREEMPTED_NS} apart) or yields that gave the core away that long, twice within {@link #CONTENDED_NS}, mean
 * other threads keep wanting this core (the JIT's compiler threads while a program warms up, a transport's helper
 * thread, another rank or another program), and the rank it waits for may be the one kept off a core; one loss
 * alone (a GC pause, a burst of the JIT) is not contention: reacting to it made a JVM-per-rank ping-pong settle at
 * 3-6 us instead of 0.25 in most runs. A wait that ends as soon as a yield handed the core over is contention too: the
 * thread it waited for shares its core ({@link #sharedCore}). Then, and for {@link #CONTENDED_NS} after, the back-off
 * spins at most {@link WaitPolicy#CONTENDED_SPINS} times and yields for the rest of its spin phase: the core goes to
 * whoever wants it, but the thread parks no sooner than on a quiet core (parking early made a JVM-per-rank ping-pong
 * wait for a wake-up on most messages, 8.5 us instead of 0.5), except once, to {@link #leaveCore leave} the core it
 * shares, at most every {@link #LEAVE_EVERY_NS}.
 *
 * <p>A wait that lasts longer than its {@link Stall}'s threshold calls it, then again every {@link #STALL_RECHECK_NS}
 * while it lasts: the engine then checks that the rank's peers run the collective it waits in. The time is read
 * where the back-off reads it anyway (each spin) or where it idles for a while (before and after each yield and
 * park); the same reads tell how long the wait has idled ({@link #idledNs}), which a traced call records as its
 * waiting without a clock read of its own.
 */
public final class Backoff extends CacheLinePadding
{
    /** How a thread parks once the spin and yield phases are over. */
    @FunctionalInterface
    public interface Park
    {
        /** Park for at most {@code timeoutNs} unless {@code condition} holds once a ring would wake the thread. */
        void park(long timeoutNs, WakeCondition condition);
    }

    /** What a wait that has lasted too long does; it may end the wait by throwing. */
    @FunctionalInterface
    public interface Stall
    {
        /** The calling thread's wait has lasted at least the threshold it was given with. */
        void stalled();
    }

    /** How often a stalled wait calls its {@link Stall} again. */
    public static final long STALL_RECHECK_NS = 20_000_000;

    /**
     * A yield that took this long handed the core to another thread: one that finds no other thread wanting the core
     * returns within a microsecond here.
     */
    public static final long HANDED_OVER_NS = 5_000;

    /** A gap between two spins this long means the thread lost its core (a poll alone takes microseconds). */
    public static final long PREEMPTED_NS = 50_000;
    /** How long a lost core keeps the spin phase short: many scheduler slices, so a busy JIT stays served. */
    public static final long CONTENDED_NS = 20_000_000;
    /** The least time between two parks of a thread {@link #leaveCore leaving} a core it shares with its peer. */
    public static final long LEAVE_EVERY_NS = 1_000_000;

    private final boolean adaptive;
    private final boolean leavesSharedCore;
    private final int spins;
    private final int contendedSpins;
    private final int spinsAndYields;
    private final long minParkNs;
    private final long maxParkNs;
    private final Park park;
    private final Stall stall;
    private final long stallNs;
    private final NanoClock clock;
    private int idle;
    private long parkNs;
    private long lastSpinNs;
    private long contendedUntilNs;
    /** When a spin last found its thread had lost the core: a second such loss within CONTENDED_NS is contention. */
    private long lastPreemptedNs;
    /** When the current wait calls its {@link Stall} next; 0 until the wait first reads the time. */
    private long stallAtNs;
    /** The current wait's first and latest reads of the time; 0 until it first idles. */
    private long firstLookNs;
    private long lastLookNs;
    /** Whether the latest idle was a yield that handed the core to another thread ({@link #HANDED_OVER_NS}). */
    private boolean handedOver;
    /** Whether the next contended spin parks once instead of yielding ({@link #leaveCore}). */
    private boolean leaving;
    /** When the thread last parked to leave a shared core. */
    private long leftNs;
    /** The line after the fields ({@link CacheLinePadding}). */
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;

    public Backoff(final WaitPolicy policy, final Park park)
    {
        this(policy, park, SystemNanoClock.INSTANCE);
    }

    /** With {@code clock} telling the time between spins (tests pass their own). */
    public Backoff(final WaitPolicy policy, final Park park, final NanoClock clock)
    {
        this(policy, park, null, 0, clock);
    }

    /** One that calls {@code stall} (if not null) once a wait has lasted {@code stallNs}. */
    public Backoff(final WaitPolicy policy, final Park park, final Stall stall, final long stallNs,
        final NanoClock clock)
    {
        this.adaptive = policy.adaptive();
        this.leavesSharedCore = policy.leavesSharedCore();
        this.spins = policy.spins();
        this.contendedSpins = policy.adaptive() ? Math.min(policy.spins(), WaitPolicy.CONTENDED_SPINS) : policy.spins();
        this.spinsAndYields = (int)Math.min(Integer.MAX_VALUE, (long)policy.spins() + policy.yields());
        this.minParkNs = policy.minParkNs();
        this.maxParkNs = policy.maxParkNs();
        this.park = park;
        this.stall = stall;
        this.stallNs = stallNs;
        this.clock = clock;
        this.contendedUntilNs = clock.nanoTime();
        this.lastPreemptedNs = contendedUntilNs - 2 * CONTENDED_NS;
        this.leftNs = contendedUntilNs - LEAVE_EVERY_NS;
        reset();
    }

    /**
     * Start a new wait: spin first (for {@link WaitPolicy#CONTENDED_SPINS} only while the core is contended, which
     * the wait before may have shown: {@link #sharedCore}).
     */
    public void reset()
    {
        restart();
        if (adaptive && handedOver)
        {
            sharedCore(lastLookNs);
        }
        handedOver = false;
        stallAtNs = 0;
        firstLookNs = 0;
        lastLookNs = 0;
    }

    /**
     * The last wait ended as soon as a yield handed the core over ({@code atNs}): the thread it waited for ran on this
     * thread's core. Two ranks on one core while the node has a core for each (a burst of the JIT or of the kernel
     * moved one) stayed there for 10-30 ms: each spun its whole spin phase while the other could not run, then
     * yielded to it, 110-140 us a message, and the scheduler does not move a thread that ran within the last half
     * millisecond. So that is contention: for {@link #CONTENDED_NS} the spin phase is short and yields, and the two
     * hand the core to each other within microseconds until the scheduler moves one (bench/RESULTS.md, session 43).
     */
    private void sharedCore(final long atNs)
    {
        contendedUntilNs = atNs + CONTENDED_NS;
        leaving = leavesSharedCore && atNs - leftNs >= LEAVE_EVERY_NS;
    }

    /**
     * Park once where a contended spin would yield: the two ranks that hand one core to each other while another
     * core idles stay there, since the scheduler does not move a thread that ran within the last half millisecond,
     * and a yield leaves the thread runnable where it is; a thread woken from a park is placed on an idle core. A
     * peer in this JVM rings it with its next message ({@link WaitPolicy#leavesSharedCore}: not a rank alone in its
     * JVM). Halo np=2 in one JVM, 10-12 alternating rounds: the ranks shared a core for 4-8 ms at a time (perf
     * sched), and the iteration took 0.96-0.99x as long, traced 0.92-0.95x (bench/RESULTS.md, session 51).
     */
    private void leaveCore(final long nowNs, final WakeCondition condition)
    {
        leaving = false;
        leftNs = nowNs;
        handedOver = false;
        park.park(minParkNs, condition);
        looked(clock.nanoTime());
    }

    /**
     * How long the current wait has idled: from its first idle to the back-off's latest read of the time (a spin's,
     * or the one after a yield or park), so the poll that ended the wait is not in it; 0 if it has not idled.
     */
    public long idledNs()
    {
        return lastLookNs - firstLookNs;
    }

    /** Spin first again, in the same wait. */
    private void restart()
    {
        idle = 0;
        parkNs = minParkNs;
    }

    /**
     * Idle once after a poll that did {@code work}: nothing if it did some (and start over), else spin, yield or
     * park, in that order. A park ends early when {@code condition} holds or the thread is rung.
     */
    public void idle(final int work, final WakeCondition condition)
    {
        if (work > 0)
        {
            restart();
        }
        else if (idle < spins)
        {
            spin(condition);
        }
        else if (idle < spinsAndYields)
        {
            idle++;
            final long beforeNs = clock.nanoTime();
            watch(beforeNs);
            final long afterNs = yieldCore(beforeNs);
            if (afterNs - beforeNs > PREEMPTED_NS)
            {
                lostCore(afterNs);
            }
        }
        else
        {
            handedOver = false;
            watch(clock.nanoTime());
            park.park(parkNs, condition);
            looked(clock.nanoTime());
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }

    /** Call the {@link Stall} if the wait has lasted long enough (the first call of a wait starts its clock). */
    private void watch(final long nowNs)
    {
        looked(nowNs);
        if (stall == null)
        {
            return;
        }
        if (stallAtNs == 0)
        {
            stallAtNs = nowNs + stallNs;
        }
        else if (nowNs - stallAtNs >= 0)
        {
            stallAtNs = nowNs + STALL_RECHECK_NS;
            stall.stalled();
        }
    }

    /** The wait read the time {@code nowNs}: the first read starts its {@link #idledNs}, each moves its end. */
    private void looked(final long nowNs)
    {
        if (firstLookNs == 0)
        {
            firstLookNs = nowNs;
        }
        lastLookNs = nowNs;
    }

    /** Whether a lost core was seen within the last {@link #CONTENDED_NS}: spins are short meanwhile. */
    public boolean contended()
    {
        return clock.nanoTime() - contendedUntilNs < 0;
    }

    /** The thread was off its core for a while at {@code nowNs}: the second time within CONTENDED_NS is contention. */
    private void lostCore(final long nowNs)
    {
        if (nowNs - lastPreemptedNs < CONTENDED_NS)
        {
            contendedUntilNs = nowNs + CONTENDED_NS;
        }
        lastPreemptedNs = nowNs;
    }

    private void spin(final WakeCondition condition)
    {
        final long nowNs = clock.nanoTime();
        watch(nowNs);
        if (idle > 0 && nowNs - lastSpinNs > PREEMPTED_NS)
        {
            lostCore(nowNs);
        }
        lastSpinNs = nowNs;
        idle++;
        if (idle > contendedSpins && nowNs - contendedUntilNs < 0)
        {
            // the core is wanted: hand it over, but park no sooner than a quiet core would (an early park costs the
            // sender a wake-up, whose thread in turn takes a core: contention would feed itself), unless leaving it
            if (leaving)
            {
                leaveCore(nowNs, condition);
            }
            else
            {
                yieldCore(nowNs);
            }
        }
        else
        {
            handedOver = false;
            Thread.onSpinWait();
        }
    }

    /** Yield the core; returns the time after (handed over: it took {@link #HANDED_OVER_NS} since {@code beforeNs}). */
    private long yieldCore(final long beforeNs)
    {
        Thread.yield();
        final long afterNs = clock.nanoTime();
        looked(afterNs);
        handedOver = afterNs - beforeNs > HANDED_OVER_NS;
        return afterNs;
    }
}
