package io.colompi.core.coll;

import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.Backoff;
import io.colompi.core.wait.WaitPolicy;
import io.colompi.core.wait.WakeCondition;

/**
 * Two cache lines before an {@link ArenaSlot}'s fields (the adjacent-line prefetcher fetches lines in pairs); {@code p00}
 * fills the gap after the object's header, where the JVM would otherwise put a subclass's int or reference.
 */
abstract class ArenaSlotPadding
{
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

/** The fields of an {@link ArenaSlot}. */
abstract class ArenaSlotFields extends ArenaSlotPadding
{
    /** Send side: buffer, offset, count, type; per-block counts and displacements (v-variants), else null. */
    Object sendBuffer;
    int sendOffset;
    int sendCount;
    TypeMap sendType;
    int[] sendBlockCounts;
    int[] sendBlockDispls;
    /** Receive side, likewise. */
    Object recvBuffer;
    int recvOffset;
    int recvCount;
    TypeMap recvType;
    int[] recvBlockCounts;
    int[] recvBlockDispls;
    /** The rank's {@link CallLog}, and its {@link CallLog#currentCall} for the operation it arrives at. */
    CallLog calls;
    long call;
    /** The operation this rank's call runs, with its operation and root (local index, or -1). */
    LocalTask task;
    ReduceOp op;
    int root;
    /** Set by the rank that starts a chunked operation, in its own slot: how the work is cut. */
    int chunks;
    int itemsPerChunk;
    /** An error a chunk found for this rank (a truncated block), thrown by the rank when it is released. */
    MpiError error;
    /** The dense temporary of this rank's reduction chunks. */
    Object scratch;
}

/** Two cache lines between what an {@link ArenaSlot}'s rank publishes and what it writes as it waits. */
abstract class ArenaSlotMiddlePadding extends ArenaSlotFields
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
}

/**
 * One local rank's part of a {@link JvmArena}: what it publishes for the operation it arrives at, and its wait.
 * Written by its rank (and by the rank that runs a chunk that fails for it), read by the rank that starts an
 * operation. Padded onto cache lines of its own, its wait apart: ranks publishing at once do not take each other's
 * lines, and the rank that starts an operation reads a slot with a miss or two. A rank writes only what changed since
 * its last operation (a loop passes the same buffers): a line that the starting rank read stays valid in both
 * caches, where a store would have to take it back before the rank's arrival.
 */
final class ArenaSlot extends ArenaSlotWaitFields implements WakeCondition
{
    long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;

    private final JvmArena arena;

    ArenaSlot(final JvmArena arena, final Engine engine, final WaitPolicy policy)
    {
        this.arena = arena;
        this.engine = engine;
        this.backoff = engine.newBackoff(policy);
    }

    void publishSend(final Object buffer, final int offset, final int count, final TypeMap type)
    {
        if (sendBuffer != buffer || sendOffset != offset || sendCount != count || sendType != type ||
            sendBlockCounts != null || sendBlockDispls != null)
        {
            sendBuffer = buffer;
            sendOffset = offset;
            sendCount = count;
            sendType = type;
            sendBlockCounts = null;
            sendBlockDispls = null;
        }
    }

    void publishRecv(final Object buffer, final int offset, final int count, final TypeMap type)
    {
        if (recvBuffer != buffer || recvOffset != offset || recvCount != count || recvType != type ||
            recvBlockCounts != null || recvBlockDispls != null)
        {
            recvBuffer = buffer;
            recvOffset = offset;
            recvCount = count;
            recvType = type;
            recvBlockCounts = null;
            recvBlockDispls = null;
        }
    }

    /** The operation this rank's call runs, with its log and operation, and its root (local index, or -1). */
    void publishCall(final CallLog calls, final LocalTask task, final ReduceOp op, final int root)
    {
        if (this.calls != calls || this.task != task || this.op != op || this.root != root)
        {
            this.calls = calls;
            this.task = task;
            this.op = op;
            this.root = root;
        }
    }

    /** The dense temporary of this rank: at least {@code elements} of {@code base}, reused. */
    Object scratch(final BaseType base, final int elements)
    {
        final Object current = scratch;
        if (current != null && current.getClass() == base.arrayClass() &&
            java.lang.reflect.Array.getLength(current) >= elements)
        {
            return current;
        }
        final Object grown = Buffers.allocate(base, Math.max(elements, 16));
        scratch = grown;
        return grown;
    }

    @Override
    public boolean ready()
    {
        return arena.reached(counter, target) || engine.progress() > 0;
    }
}
