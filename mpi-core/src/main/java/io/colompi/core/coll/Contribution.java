package io.colompi.core.coll;

import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * Two cache lines before a {@link Contribution}'s fields (the adjacent-line prefetcher fetches lines in pairs);
 * {@code p00} fills the gap after the object's header, where the JVM would otherwise put a subclass's int or
 * reference.
 */
abstract class ContributionPadding
{
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

/**
 * What one rank publishes for a collective that the ranks of its JVM run in shared memory ({@link LocalTask}): its
 * buffers, its call, and what the task leaves for it (the error a chunk found, the temporary of its reduction
 * chunks). Written by its rank (and by the rank that runs a chunk that fails for it), read by the rank that starts
 * the operation and by those running its chunks. Each {@link ArenaSlot} of a {@link JvmArena} is one, reused by
 * every blocking collective; a nonblocking one has its own ({@link ArenaOperation}).
 */
class Contribution extends ContributionPadding
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
    /**
     * Of a nonblocking collective: its number on the communicator (from 0) and descriptor (call and bytes words of
     * the rank's {@link CallLog}), for a mismatch's text.
     */
    long nonblockingSequence;
    long nonblockingCall;
    long nonblockingBytes;
    /**
     * The operation this rank's call runs, with its operation and root (a rank, or -1; with every rank in this JVM,
     * also the root's local index).
     */
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
        final Object fit = fit(scratch, base, elements);
        scratch = fit;
        return fit;
    }

    /** {@code current} if it is an array of at least {@code elements} of {@code base}, else a new one. */
    static Object fit(final Object current, final BaseType base, final int elements)
    {
        if (current != null && current.getClass() == base.arrayClass() &&
            java.lang.reflect.Array.getLength(current) >= elements)
        {
            return current;
        }
        return base.newArray(Math.max(elements, 16));
    }
}
