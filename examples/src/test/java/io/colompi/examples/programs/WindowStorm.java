package io.colompi.examples.programs;

import mpi.Group;
import mpi.MPI;
import mpi.Request;
import mpi.Win;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.colompi.examples.programs.StormValues.value;

/**
 * One-sided traffic drawn at random from a seed (Open MPI's {@code Win} over a direct buffer of longs), checked
 * against a model of every rank's window that each rank keeps. Every rank draws the same epochs: fence or
 * post-start-complete-wait epochs in which each target's window is cut into segments that one origin puts into (with
 * or without a request), several origins add into, several read, or one fetches and adds into; and passive-target
 * epochs in which each origin puts into its own part of other windows under exclusive or shared locks (a second put
 * after a flush overwriting part of the first), increments counters with {@code fetchAndOp} (the values fetched must
 * be every count once) and races for one slot with {@code compareAndSwap} (exactly one wins). After each epoch every
 * rank compares its window and every value it fetched with the model.
 *
 * <p>Arguments: seed, epochs. Rank 0 prints {@code WINDOWS OK seed=S epochs=E np=P operations=N} at the end.
 */
public final class WindowStorm
{
    private static final int WINDOW = 256;
    /** Elements {@code [0, DATA)} take the segments; the two after them the counter and the race. */
    private static final int DATA = WINDOW - 2;
    private static final int COUNTER = WINDOW - 2;
    private static final int RACE = WINDOW - 1;
    private static final int MOST_INCREMENTS = 3;

    private enum Action { PUT, RPUT, ACCUMULATE, RACCUMULATE, GET, RGET, GET_ACCUMULATE, UNTOUCHED }

    private record Operation(Action action, int origin, int target, int from, int length, long key)
    {
    }

    private final long seed;
    private final int np;
    private final int me;
    private final LongBuffer base;
    private final Win win;
    private final Group everybody;
    private final long[][] model;
    private long operations;

    private WindowStorm(final long seed)
    {
        this.seed = seed;
        np = MPI.COMM_WORLD.Size();
        me = MPI.COMM_WORLD.Rank();
        model = new long[np][WINDOW];
        for (int r = 0; r < np; r++)
        {
            for (int j = 0; j < WINDOW; j++)
            {
                model[r][j] = r * 1_000_000L + j;
            }
        }
        base = MPI.newLongBuffer(WINDOW);
        base.put(model[me]).clear();
        win = new Win(base, WINDOW, 1, MPI.INFO_NULL, MPI.COMM_WORLD);
        everybody = MPI.COMM_WORLD.Group();
    }

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        final long seed = Long.parseLong(args[0]);
        final int epochs = Integer.parseInt(args[1]);
        final WindowStorm storm = new WindowStorm(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            final SplittableRandom draw = new SplittableRandom(seed * 1_000_003L + epoch);
            switch (draw.nextInt(4))
            {
                case 0, 1 -> storm.active(epoch, draw, false);
                case 2 -> storm.active(epoch, draw, true);
                default -> storm.passive(epoch, draw);
            }
            storm.checkWindow(epoch);
        }
        storm.win.free();
        if (storm.me == 0)
        {
            System.out.println("WINDOWS OK seed=" + seed + " epochs=" + epochs + " np=" + storm.np + " operations=" +
                storm.operations);
        }
        MPI.Finalize();
    }

    /** An epoch of segments, closed by fences or by post-start-complete-wait among all ranks. */
    private void active(final int epoch, final SplittableRandom draw, final boolean generalActive)
    {
        final List<Operation> plan = plan(epoch, draw);
        if (generalActive)
        {
            win.post(everybody, 0);
            win.start(everybody, 0);
        }
        else
        {
            win.fence(0);
        }
        final Map<Operation, LongBuffer> fetched = new HashMap<>();
        final List<Request> requests = new ArrayList<>();
        for (final Operation op : plan)
        {
            if (op.origin == me)
            {
                run(op, fetched, requests);
            }
        }
        Request.Waitall(requests.toArray(new Request[0]));
        if (generalActive)
        {
            win.complete();
            win.waitFor();
        }
        else
        {
            win.fence(0);
        }
        for (final Operation op : plan)
        {
            final LongBuffer result = fetched.get(op);
            for (int i = 0; i < op.length; i++)
            {
                if (result != null)
                {
                    check(result.get(i) == model[op.target][op.from + i], epoch,
                        op + ": fetched item " + i + " = " + result.get(i) + ", the window held " +
                            model[op.target][op.from + i]);
                }
                switch (op.action)
                {
                    case PUT, RPUT -> model[op.target][op.from + i] = value(op.key, i);
                    case ACCUMULATE, RACCUMULATE, GET_ACCUMULATE -> model[op.target][op.from + i] += value(op.key, i);
                    default ->
                    {
                    }
                }
            }
        }
        operations += plan.size();
    }

    /** Every target's data cut into segments, each with what its origins do to it. */
    private List<Operation> plan(final int epoch, final SplittableRandom draw)
    {
        final List<Operation> plan = new ArrayList<>();
        for (int target = 0; target < np; target++)
        {
            for (int from = 0; from < DATA; )
            {
                final int length = Math.min(DATA - from, 1 + draw.nextInt(24));
                final Action action = Action.values()[draw.nextInt(Action.values().length)];
                final int origins = switch (action)
                {
                    case ACCUMULATE, RACCUMULATE, GET, RGET -> 1 + draw.nextInt(3);
                    case UNTOUCHED -> 0;
                    default -> 1;
                };
                for (int o = 0; o < origins; o++)
                {
                    plan.add(new Operation(action, draw.nextInt(np), target, from, length, key(epoch, plan.size())));
                }
                from += length;
            }
        }
        return plan;
    }

    private void run(final Operation op, final Map<Operation, LongBuffer> fetched, final List<Request> requests)
    {
        final LongBuffer origin = StormValues.longs(op.key, op.length);
        final LongBuffer result = MPI.newLongBuffer(op.length);
        switch (op.action)
        {
            case PUT -> win.put(origin, op.length, MPI.LONG, op.target, op.from, op.length, MPI.LONG);
            case RPUT -> requests.add(win.rPut(origin, op.length, MPI.LONG, op.target, op.from, op.length, MPI.LONG));
            case ACCUMULATE -> win.accumulate(origin, op.length, MPI.LONG, op.target, op.from, op.length, MPI.LONG,
                MPI.SUM);
            case RACCUMULATE -> requests.add(win.rAccumulate(origin, op.length, MPI.LONG, op.target, op.from, op.length,
                MPI.LONG, MPI.SUM));
            case GET -> win.get(result, op.length, MPI.LONG, op.target, op.from, op.length, MPI.LONG);
            case RGET -> requests.add(win.rGet(result, op.length, MPI.LONG, op.target, op.from, op.length, MPI.LONG));
            case GET_ACCUMULATE -> win.getAccumulate(origin, op.length, MPI.LONG, result, op.length, MPI.LONG,
                op.target, op.from, op.length, MPI.LONG, MPI.SUM);
            default ->
            {
            }
        }
        if (op.action == Action.GET || op.action == Action.RGET || op.action == Action.GET_ACCUMULATE)
        {
            fetched.put(op, result);
        }
    }

    /**
     * Locks: each origin puts into its own part of some windows (exclusive or shared), increments one window's
     * counter and races for one window's last slot.
     */
    private void passive(final int epoch, final SplittableRandom draw)
    {
        final int part = DATA / np;
        final boolean[][] puts = new boolean[np][np];
        final boolean[][] exclusive = new boolean[np][np];
        final int[] increments = new int[np];
        for (int origin = 0; origin < np; origin++)
        {
            increments[origin] = 1 + draw.nextInt(MOST_INCREMENTS);
            for (int target = 0; target < np; target++)
            {
                puts[origin][target] = draw.nextBoolean();
                exclusive[origin][target] = draw.nextBoolean();
            }
        }
        final int counter = draw.nextInt(np);
        final int race = draw.nextInt(np);
        MPI.COMM_WORLD.Barrier(); // every rank has checked its window: others may now write it

        for (int target = 0; target < np; target++)
        {
            if (puts[me][target])
            {
                win.lock(exclusive[me][target] ? MPI.LOCK_EXCLUSIVE : MPI.LOCK_SHARED, target, 0);
                win.put(StormValues.longs(key(epoch, -1 - target), part), part, MPI.LONG, target, me * part, part,
                    MPI.LONG);
                win.flush(target);
                win.put(StormValues.longs(key(epoch, -1 - np - target), part / 2), part / 2, MPI.LONG, target,
                    me * part, part / 2, MPI.LONG);
                win.unlock(target);
            }
        }
        final long[] mine = new long[MOST_INCREMENTS + 1];
        Arrays.fill(mine, -1);
        final LongBuffer one = MPI.newLongBuffer(1).put(0, 1);
        final LongBuffer result = MPI.newLongBuffer(1);
        for (int i = 0; i < increments[me]; i++)
        {
            win.lock(MPI.LOCK_SHARED, counter, 0);
            win.fetchAndOp(one, result, MPI.LONG, counter, COUNTER, MPI.SUM);
            win.unlock(counter);
            mine[i] = result.get(0);
        }
        win.lockAll(0);
        win.compareAndSwap(MPI.newLongBuffer(1).put(0, mark(epoch, me)), MPI.newLongBuffer(1).put(0, model[race][RACE]),
            result, MPI.LONG, race, RACE);
        win.unlockAll();
        mine[MOST_INCREMENTS] = result.get(0);
        final long[] all = new long[np * mine.length];
        MPI.COMM_WORLD.Allgather(mine, 0, mine.length, MPI.LONG, all, 0, mine.length, MPI.LONG);
        MPI.COMM_WORLD.Barrier(); // every unlock has returned: the windows hold every put

        checkIncrements(epoch, all, mine.length, model[counter][COUNTER]);
        model[counter][COUNTER] += Arrays.stream(increments).sum();
        checkRace(epoch, all, mine.length, race);
        for (int origin = 0; origin < np; origin++)
        {
            for (int target = 0; target < np; target++)
            {
                if (puts[origin][target])
                {
                    for (int i = 0; i < part; i++)
                    {
                        model[target][origin * part + i] = i < part / 2 ? value(key(epoch, -1 - np - target), i) :
                            value(key(epoch, -1 - target), i);
                    }
                }
            }
        }
        operations += Arrays.stream(increments).sum() + np;
    }

    /** The counts fetched are every count from {@code first} on, once. */
    private void checkIncrements(final int epoch, final long[] all, final int stride, final long first)
    {
        final List<Long> counts = new ArrayList<>();
        for (int origin = 0; origin < np; origin++)
        {
            for (int i = 0; i < MOST_INCREMENTS; i++)
            {
                if (all[origin * stride + i] != -1)
                {
                    counts.add(all[origin * stride + i]);
                }
            }
        }
        counts.sort(null);
        for (int i = 0; i < counts.size(); i++)
        {
            check(counts.get(i) == first + i, epoch, "fetchAndOp fetched " + counts + ", expected every count from " +
                first);
        }
    }

    /** Exactly one rank found the race's slot as it was, and wrote its mark; the others found that mark. */
    private void checkRace(final int epoch, final long[] all, final int stride, final int race)
    {
        final long before = model[race][RACE];
        int winner = -1;
        for (int origin = 0; origin < np; origin++)
        {
            if (all[origin * stride + MOST_INCREMENTS] == before)
            {
                check(winner == -1, epoch, "compareAndSwap: ranks " + winner + " and " + origin + " both won");
                winner = origin;
            }
        }
        check(winner != -1, epoch, "compareAndSwap: nobody found the slot's value " + before);
        for (int origin = 0; origin < np; origin++)
        {
            check(origin == winner || all[origin * stride + MOST_INCREMENTS] == mark(epoch, winner), epoch,
                "compareAndSwap: rank " + origin + " found " + all[origin * stride + MOST_INCREMENTS] +
                    " after rank " + winner + " won");
        }
        model[race][RACE] = mark(epoch, winner);
    }

    /** What {@code rank} writes when it wins the race of {@code epoch}: unlike every value the slot held before. */
    private long mark(final int epoch, final int rank)
    {
        return -1 - ((long)epoch * np + rank);
    }

    private void checkWindow(final int epoch)
    {
        for (int j = 0; j < WINDOW; j++)
        {
            check(base.get(j) == model[me][j], epoch, "window element " + j + " = " + base.get(j) + ", expected " +
                model[me][j]);
        }
    }

    private void check(final boolean ok, final int epoch, final String detail)
    {
        if (!ok)
        {
            final String line = "WINDOWS FAIL seed=" + seed + " epoch=" + epoch + " rank=" + me + ": " + detail;
            System.out.println(line);
            throw new IllegalStateException(line);
        }
    }


    private long key(final int round, final int id)
    {
        return StormValues.key(seed, round, id);
    }

}
