package io.colompi.core.coll;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.wait.Backoff;
import io.colompi.core.wait.WaitPolicy;
import io.colompi.core.wait.WakeCondition;

/** Two cache lines between what an {@link ArenaSlot}'s rank publishes and what it writes as it waits. */
abstract class ArenaSlotMiddlePadding extends Contribution
{
    long m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, m13, m14, m15, m16;
}

/** The wait of an {@link ArenaSlot}'s rank: its back-off, and the {@link JvmArena} word and value it waits for. */
abstract class ArenaSlotWaitFields extends ArenaSlotMiddlePadding
{
    Backoff backoff;
    Engine engine;
    int counter;
    long target;
    /** The {@link JvmArena#eagerBcast} this rank left last, until its next operation settles it; 0 if none. */
    long eagerSequence;
}

/**
 * One local rank's part of a {@link JvmArena}: the {@link Contribution} it publishes for the operation it arrives at,
 * and its wait. Padded onto cache lines of its own, its wait apart: ranks publishing at once do not take each other's
 * lines, and the rank that starts an operation reads a slot with a miss or two. A rank writes only what changed since
 * its last operation (a loop passes the same buffers): a line that the starting rank read stays valid in both
 * caches, where a store would have to take it back before the rank's arrival.
 */
final class ArenaSlot extends ArenaSlotWaitFields implements WakeCondition
{
    long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;

    private final JvmArena arena;
    /**
     * The dense temporary of the rank's chunks of nonblocking collectives ({@link ArenaOperation}): apart from
     * {@link #scratch}, which a blocking exchange holds while it polls, and so runs them.
     */
    private Object nonblockingScratch;

    ArenaSlot(final JvmArena arena, final Engine engine, final WaitPolicy policy)
    {
        this.arena = arena;
        this.engine = engine;
        this.backoff = engine.newBackoff(policy);
    }

    /** {@link #nonblockingScratch}, at least {@code elements} of {@code base}. */
    Object nonblockingScratch(final BaseType base, final int elements)
    {
        final Object fit = fit(nonblockingScratch, base, elements);
        nonblockingScratch = fit;
        return fit;
    }

    @Override
    public boolean ready()
    {
        return arena.reached(counter, target) || engine.progress() > 0;
    }
}
