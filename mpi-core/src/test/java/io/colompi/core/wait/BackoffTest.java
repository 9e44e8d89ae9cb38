package io.colompi.core.wait;

import io.colompi.core.coll.Collectives;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The waiting rules: a bounded spin, then yields, then parks with a growing, capped timeout; a late peer costs little CPU. */
@Timeout(60)
class BackoffTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** CPU a rank may burn while it waits a whole second for a late peer: parks, not a spin. */
    private static final long IDLE_CPU_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(400);

    @Test
    void spinsThenYieldsThenParksWithADoublingTimeoutUpToTheLongest()
    {
        final List<Long> parks = new ArrayList<>();
        final Backoff backoff = new Backoff(new WaitPolicy(3, 2, 1_000, 5_000, false), (ns, condition) -> parks.add(ns));
        idle(backoff, 5);
        assertEquals(List.of(), parks, "3 spins and 2 yields before the first park");
        idle(backoff, 5);
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 5_000L, 5_000L), parks);
    }

    @Test
    void workStartsTheBackoffOverAndSoDoesAReset()
    {
        final List<Long> parks = new ArrayList<>();
        final Backoff backoff = new Backoff(new WaitPolicy(1, 1, 1_000, 8_000, false), (ns, condition) -> parks.add(ns));
        idle(backoff, 4);
        assertEquals(List.of(1_000L, 2_000L), parks);
        backoff.idle(1, () -> false);
        backoff.idle(0, () -> false);
        backoff.idle(0, () -> false);
        assertEquals(2, parks.size(), "after work: a spin and a yield again before parking");
        backoff.idle(0, () -> false);
        backoff.reset();
        backoff.idle(0, () -> false);
        backoff.idle(0, () -> false);
        backoff.idle(0, () -> false);
        assertEquals(List.of(1_000L, 2_000L, 1_000L, 1_000L), parks, "the timeout starts over too");
    }

    @Test
    void aThreadThatLosesItsCoreTwiceWhileSpinningYieldsSoonFromThenOnButParksNoSooner()
    {
        final long[] now = { 0 };
        final List<Long> parks = new ArrayList<>();
        final WaitPolicy policy = new WaitPolicy(1_000, 1, 1_000, 1_000, true);
        final Backoff backoff = new Backoff(policy, (ns, condition) -> parks.add(ns), () -> now[0]);
        for (int i = 0; i < 1_001; i++)
        {
            now[0] += 100;
            backoff.idle(0, () -> false);
        }
        assertEquals(List.of(), parks, "no lost core: 1000 spins and a yield");
        assertFalse(backoff.contended());

        backoff.reset();
        backoff.idle(0, () -> false);
        now[0] += Backoff.PREEMPTED_NS + 1;    // descheduled between two spins, once: a GC pause, a JIT burst
        backoff.idle(0, () -> false);
        assertFalse(backoff.contended(), "one lost core alone is no contention (a ping-pong would pay yields for it)");

        backoff.reset();
        backoff.idle(0, () -> false);
        now[0] += Backoff.PREEMPTED_NS + 1;    // and again within CONTENDED_NS: another thread wants this core
        idle(backoff, 1_000);
        assertTrue(backoff.contended());
        assertEquals(List.of(), parks, "after a lost core it yields from the 50th spin on, but parks no sooner");
        backoff.idle(0, () -> false);
        assertEquals(List.of(1_000L), parks, "the park comes where a quiet core's would");

        backoff.reset();
        idle(backoff, 1_002);
        assertEquals(2, parks.size(), "the next wait, still contended, parks where a quiet core's would too");

        now[0] += Backoff.CONTENDED_NS;
        backoff.reset();
        for (int i = 0; i < 1_001; i++)
        {
            now[0] += 100;
            backoff.idle(0, () -> false);
        }
        assertFalse(backoff.contended());
        assertEquals(2, parks.size(), "a quiet core again: the whole spin phase");
    }

    /**
     * A wait that lasts the threshold calls its stall hook, then again every {@link Backoff#STALL_RECHECK_NS}, in every
     * phase; polls that did work do not start its clock over, a new wait does.
     */
    @Test
    void aWaitThatLastsTheThresholdCallsItsStallHookAndAgainWhileItLasts()
    {
        final long[] now = { 0 };
        final int[] stalls = { 0 };
        final long threshold = 1_000_000_000L;
        final Backoff backoff = new Backoff(new WaitPolicy(2, 2, 1_000, 1_000, false), (ns, c) -> { },
            () -> stalls[0]++, threshold, () -> now[0]);
        backoff.reset();
        backoff.idle(0, () -> false);
        now[0] += threshold - 1;
        backoff.idle(1, () -> false); // did work: spins again, same wait
        backoff.idle(0, () -> false);
        assertEquals(0, stalls[0], "not yet");
        now[0] += 1;
        backoff.idle(0, () -> false);
        assertEquals(1, stalls[0], "the threshold, in the spin phase");
        for (int i = 0; i < 10; i++)
        {
            now[0] += Backoff.STALL_RECHECK_NS / 2;
            backoff.idle(0, () -> false); // yields, then parks
        }
        assertEquals(6, stalls[0], "again every recheck interval, yielding and parking");
        backoff.reset();
        now[0] += threshold / 2;
        backoff.idle(0, () -> false);
        now[0] += threshold / 2;
        backoff.idle(0, () -> false);
        assertEquals(6, stalls[0], "a new wait starts its clock at its first idle");
    }

    /**
     * A wait's idle time comes from the reads of the time the back-off makes anyway: from its first idle to its latest
     * read, after a yield or a park too (the park's own time in it); a reset starts it over, and work does not.
     */
    @Test
    void aWaitMeasuresItsIdleTimeFromItsOwnReadsOfTheTime()
    {
        final long[] now = { 1_000 };
        final Backoff backoff = new Backoff(new WaitPolicy(2, 1, 1_000, 1_000, false), (ns, c) -> now[0] += 700, null,
            0, () -> now[0]);
        backoff.reset();
        assertEquals(0, backoff.idledNs(), "not idled yet");
        backoff.idle(0, () -> false); // spin: the first read
        now[0] += 100;
        backoff.idle(1, () -> false); // did work: no read
        assertEquals(0, backoff.idledNs());
        backoff.idle(0, () -> false); // spin
        assertEquals(100, backoff.idledNs());
        now[0] += 50;
        backoff.idle(0, () -> false); // spin
        now[0] += 20;
        backoff.idle(0, () -> false); // yield, read before and after
        assertEquals(170, backoff.idledNs());
        backoff.idle(0, () -> false); // park of 700 ns, read after it too
        assertEquals(870, backoff.idledNs(), "the park's time counts");
        backoff.reset();
        assertEquals(0, backoff.idledNs(), "a new wait");
        backoff.idle(0, () -> false);
        now[0] += 30;
        backoff.idle(0, () -> false);
        assertEquals(30, backoff.idledNs());
    }

    /**
     * Two ranks that share a core while the JIT takes the other: a waiting rank spins its whole phase, then yields,
     * and the peer, on the same core, runs until it yields back; the spins never see a gap, the yields do.
     */
    @Test
    void yieldsThatGiveTheCoreAwayTwiceAreContentionToo()
    {
        final long[] now = { 0 };
        final long[] step = { 100 };
        final Backoff backoff = new Backoff(new WaitPolicy(1, 3, 1_000, 1_000, true), (ns, c) -> { },
            () -> now[0] += step[0]);
        backoff.idle(0, () -> false);
        backoff.idle(0, () -> false);
        assertFalse(backoff.contended(), "a spin and a yield that came back at once");

        step[0] = Backoff.PREEMPTED_NS + 1;    // from now on every yield gives the core away for longer than that
        backoff.idle(0, () -> false);
        assertFalse(backoff.contended(), "one long yield alone is no contention");
        backoff.idle(0, () -> false);
        assertTrue(backoff.contended(), "a second one within CONTENDED_NS is");
    }

    /**
     * Two ranks on one core while the other core is idle: a waiting rank spins its whole phase while its peer cannot
     * run, yields, the peer runs a few microseconds and answers; the yield came back within {@link
     * Backoff#PREEMPTED_NS}, but the wait ended at once. The next waits are contended, so the two hand the core to each
     * other within microseconds instead of a spin phase each message; not when the wait went on after such a yield,
     * after a yield that came back at once, nor for a back-off that is not adaptive.
     */
    @Test
    void aWaitThatEndsAsSoonAsAYieldHandedTheCoreOverMakesTheNextWaitsContended()
    {
        assertTrue(contendedAfter(true, Backoff.HANDED_OVER_NS + 1, false), "the peer ran on this core");
        assertFalse(contendedAfter(true, 100, false), "a yield that came back at once");
        assertFalse(contendedAfter(true, Backoff.HANDED_OVER_NS + 1, true), "the wait went on and parked after it");
        assertFalse(contendedAfter(false, Backoff.HANDED_OVER_NS + 1, false), "colompi.wait=spin is not adaptive");
    }

    /** Whether the wait after one of 10 spins and a yield that took {@code yieldNs} (then a park?) is contended. */
    private static boolean contendedAfter(final boolean adaptive, final long yieldNs, final boolean parkAfter)
    {
        final long[] now = { 0 };
        final long[] step = { 100 };
        final Backoff backoff = new Backoff(new WaitPolicy(10, 1, 1_000, 1_000, adaptive), (ns, c) -> { },
            () -> now[0] += step[0]);
        idle(backoff, 10);
        step[0] = yieldNs;    // read before and after the yield: it took yieldNs
        backoff.idle(0, () -> false);
        step[0] = 100;
        if (parkAfter)
        {
            backoff.idle(0, () -> false);
        }
        backoff.reset();
        return backoff.contended();
    }

    /**
     * Two ranks that hand one core to each other while another core idles stay there (the scheduler keeps a thread
     * that ran within the last half millisecond where it is, and a yield leaves it runnable there): the first
     * contended wait parks once, with the shortest timeout, where it would yield, so that its wake-up places it on an
     * idle core; not again within {@link Backoff#LEAVE_EVERY_NS}, and again after.
     */
    @Test
    void aThreadThatSharesItsCoreWithItsPeerParksOnceToLeaveItAtMostEveryInterval()
    {
        final long[] now = { 0 };
        final long[] step = { 100 };
        final List<Long> parks = new ArrayList<>();
        final Backoff backoff = new Backoff(new WaitPolicy(100, 1, 1_000, 8_000, true), (ns, c) -> parks.add(ns),
            () -> now[0] += step[0]);

        handOverTheCore(backoff, step);
        idle(backoff, WaitPolicy.CONTENDED_SPINS);
        assertEquals(List.of(), parks, "short spins first, as in every contended wait");
        idle(backoff, 1);
        assertEquals(List.of(1_000L), parks, "where it would yield it parks once, as briefly as it can");
        idle(backoff, 100 - WaitPolicy.CONTENDED_SPINS - 1);
        assertEquals(1, parks.size(), "then yields for the rest of its spin phase");

        handOverTheCore(backoff, step);
        idle(backoff, 100);
        assertEquals(1, parks.size(), "not again within LEAVE_EVERY_NS");

        now[0] += Backoff.LEAVE_EVERY_NS;
        handOverTheCore(backoff, step);
        idle(backoff, WaitPolicy.CONTENDED_SPINS + 1);
        assertEquals(List.of(1_000L, 1_000L), parks, "and again after it");

        parks.clear();
        final Backoff alone = new Backoff(new WaitPolicy(100, 1, 1_000, 8_000, true, false), (ns, c) -> parks.add(ns),
            () -> now[0] += step[0]);
        handOverTheCore(alone, step);
        idle(alone, 100);
        assertEquals(List.of(), parks, "a policy that does not leave a shared core (a rank alone in its JVM) yields");
    }

    /** A wait whose spin phase ends in a yield that handed the core over (a peer on this core answers); then reset. */
    private static void handOverTheCore(final Backoff backoff, final long[] step)
    {
        backoff.reset();
        step[0] = 100;
        idle(backoff, 100);
        step[0] = Backoff.HANDED_OVER_NS + 1;    // read before and after the yield: it took that long
        idle(backoff, 1);
        step[0] = 100;
        backoff.reset();
    }

    private static void idle(final Backoff backoff, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            backoff.idle(0, () -> false);
        }
    }

    @Test
    void dedicatedCoresKeepSpinningWhateverTheScheduler()
    {
        final long[] now = { 0 };
        final List<Long> parks = new ArrayList<>();
        final Backoff backoff = new Backoff(new WaitPolicy(1_000, 1, 1_000, 1_000, false), (ns, c) -> parks.add(ns),
            () -> now[0]);
        for (int i = 0; i < 1_001; i++)
        {
            now[0] += Backoff.PREEMPTED_NS + 1;
            backoff.idle(0, () -> false);
        }
        assertEquals(List.of(), parks, "colompi.wait=spin is not adaptive");
    }

    @Test
    void oversubscribedNodesYieldAtOnce()
    {
        final WaitPolicy policy = WaitPolicy.BACKOFF;
        assertEquals(policy, policy.forNode(2, 2, 2));
        assertEquals(
            new WaitPolicy(policy.spins(), policy.yields(), policy.minParkNs(), policy.maxParkNs(), true, false),
            policy.forNode(2, 1, 2), "a rank alone in its JVM, whose peers cannot ring it, leaves no shared core");
        assertFalse(policy.forNode(4, 2, 2).leavesSharedCore(), "nor does a rank of an oversubscribed node");
        assertEquals(0, policy.forNode(4, 4, 2).spins());
        assertEquals(policy.yields(), policy.forNode(4, 2, 2).yields());
        assertEquals(0, policy.forNode(4, 1, 2).spins());
        assertEquals(WaitPolicy.OVERSUBSCRIBED_ALONE_YIELDS, policy.forNode(4, 1, 2).yields());
    }

    @Test
    void aLateSenderOnAnOversubscribedNodeLetsItsReceiverPark() throws Exception
    {
        receiveFromALateSender(Runtime.getRuntime().availableProcessors() + 1);
    }

    @Test
    void aRankWaitingForALateSenderParks() throws Exception
    {
        receiveFromALateSender(2);
    }

    @Test
    void aRankWaitingInASharedMemoryCollectiveForALateRankParks() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            final int[] sum = new int[1];
            if (world.rank() == 0)
            {
                Thread.sleep(1_000);
                Collectives.allreduce(world, new int[]{ 1 }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            }
            else
            {
                final long cpu = cpuTime();
                Collectives.allreduce(world, new int[]{ 2 }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
                final long used = cpuTime() - cpu;
                assertTrue(used < IDLE_CPU_LIMIT_NS, "an allreduce that waited 1 s burnt " + used / 1_000_000 + " ms of CPU");
            }
            assertEquals(3, sum[0]);
        });
    }

    @Test
    void anOversubscribedJobOfOutOfPhaseRanksFinishes() throws Exception
    {
        final int np = 4 * Runtime.getRuntime().availableProcessors();
        final int iterations = 300;
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] left = new int[1];
            final int[] total = new int[1];
            for (int it = 0; it < iterations; it++)
            {
                if (rank == it % np)
                {
                    Thread.sleep(0, 200_000); // one rank late in every iteration, as in a real loop
                }
                world.sendrecv(new int[]{ rank + it }, 0, 1, INT, (rank + 1) % np, 5,
                    left, 0, 1, INT, (rank + np - 1) % np, 5);
                assertEquals((rank + np - 1) % np + it, left[0]);
                Collectives.allreduce(world, left, 0, total, 0, 1, INT, PredefinedOp.SUM);
                assertEquals(np * (np - 1) / 2 + np * it, total[0]);
            }
        });
    }

    /** In a job of {@code np} ranks, rank 1 receives from rank 0, which sends after a second: the wait parks. */
    private static void receiveFromALateSender(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            if (world.rank() == 0)
            {
                Thread.sleep(1_000);
                world.send(new int[]{ 42 }, 0, 1, INT, 1, 0, SendMode.STANDARD);
            }
            else if (world.rank() == 1)
            {
                final int[] in = new int[1];
                final long cpu = cpuTime();
                world.recv(in, 0, 1, INT, 0, 0);
                final long used = cpuTime() - cpu;
                assertEquals(42, in[0]);
                assertTrue(used < IDLE_CPU_LIMIT_NS, "a receive that waited 1 s burnt " + used / 1_000_000 + " ms of CPU");
            }
        });
    }

    private static long cpuTime()
    {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
