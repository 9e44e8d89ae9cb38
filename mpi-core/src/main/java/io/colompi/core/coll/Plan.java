package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * What a collective algorithm is written against: point-to-point steps and local steps, separated into rounds.
 * The same algorithm code either runs now ({@link BlockingPlan}: the blocking collectives) or is recorded
 * ({@link Schedule}: the nonblocking ones, libNBC style) and run later, round by round, as the rank polls.
 *
 * <p>The discipline that makes both work: data received in a round is read only by steps issued after the
 * next {@link #round()}; a buffer being sent is not written before the round that sends it has ended. Local
 * steps run in the order issued, before the point-to-point steps that follow them. Control flow may depend on
 * ranks, np and counts only, never on data. Buffers are tracked by identity when the algorithm is written,
 * so swapping which array is the accumulator works the same in both.
 *
 * <p>{@link #copyLocal} and {@link #place} move a rank's data into a user buffer with the checks a message
 * would get; their errors are deferred to the end of the collective, so a local mistake never leaves the
 * peers waiting for messages that this rank would no longer send. So are the errors of receives that got more or
 * fewer elements than posted ({@link #countError}): ranks that pass different counts run the same steps when
 * they run the same algorithm, so each rank finishes its part, writes nothing past its buffers, and the ranks
 * that received a message of the wrong size fail with {@code ERR_TRUNCATE} naming its sender.
 */
abstract class Plan
{
    final Communicator comm;
    final int rank;
    final int size;

    Plan(final Communicator comm)
    {
        this.comm = comm;
        this.rank = comm.rank();
        this.size = comm.size();
    }

    /** Send {@code count} items of {@code type} at {@code offset} to {@code peer}. */
    abstract void send(Object buffer, int offset, int count, TypeMap type, int peer);

    /** Receive at most {@code count} items of {@code type} at {@code offset} from {@code peer}. */
    abstract void recv(Object buffer, int offset, int count, TypeMap type, int peer);

    /** Everything issued so far completes before anything issued after. */
    abstract void round();

    /** {@code inout = in op inout} over {@code count} items of {@code type} packed densely. */
    abstract void reduce(ReduceOp op, Object in, int inOffset, Object inout, int inoutOffset, int count, TypeMap type);

    /** Copy {@code elements} elements between dense temporaries. */
    abstract void copy(Object src, int srcOffset, Object dst, int dstOffset, int elements);

    /** Pack {@code count} items of {@code type} at {@code offset} into dense {@code dst}; objects are copied. */
    abstract void pack(Object src, int offset, int count, TypeMap type, Object dst, int dstOffset);

    /** Unpack {@code elements} elements of dense {@code src} into the layout of {@code type} in {@code dst}. */
    abstract void unpack(Object src, int srcOffset, Object dst, int dstOffset, TypeMap type, int elements);

    /** A rank's own block, from one user layout to another, checked as a message would be; errors deferred. */
    abstract void copyLocal(
        Object src, int srcOffset, int scount, TypeMap stype, Object dst, int dstOffset, int rcount, TypeMap rtype);

    /**
     * Unpack {@code elements} elements of dense {@code src} (which arrived as, or were packed from,
     * {@code sent}) into room for {@code rcount} items of {@code rtype}, checked as a message would be;
     * errors deferred.
     */
    abstract void place(Object src, int srcOffset, int elements, BaseType sent, Object dst, int dstOffset, int rcount,
        TypeMap rtype);

    /**
     * A dense temporary of at least {@code elements} elements of {@code base}; its contents are undefined.
     * Distinct {@code slot}s give distinct arrays, valid until the collective ends.
     */
    abstract Object scratch(int slot, BaseType base, int elements);

    /** An {@code int[]} of at least {@code length} for block bookkeeping, like {@link #scratch}. */
    abstract int[] ints(int slot, int length);

    /** {@code count} for every rank, in int scratch {@code slot}. */
    final int[] uniform(final int slot, final int count)
    {
        final int[] counts = ints(slot, size);
        for (int i = 0; i < size; i++)
        {
            counts[i] = count;
        }
        return counts;
    }

    /** Displacements of consecutive blocks of {@code count} items, in int scratch {@code slot}. */
    final int[] consecutive(final int slot, final int count)
    {
        final int[] displs = ints(slot, size);
        for (int i = 0; i < size; i++)
        {
            displs[i] = i * count;
        }
        return displs;
    }

    /**
     * The error of a finished step: its own, or for a receive posted for {@code expected} elements (negative: a
     * send) that got another number, a count mismatch naming the sender. Null if none.
     */
    static MpiError stepError(final Request step, final long expected)
    {
        final MpiError error = step.error();
        if (error != null || expected < 0 || step.elements() == expected || step.isCancelled())
        {
            return error;
        }
        return new MpiError(ErrorClass.TRUNCATE, "collective counts differ: rank " + step.source() + " sent " +
            step.elements() + " elements with tag " + step.tag() + " where this rank expects " + expected);
    }

    /** Whether a step's error is a count mismatch, raised once the collective has run its course. */
    static boolean countError(final MpiError error)
    {
        return error.errorClass() == ErrorClass.TRUNCATE;
    }
}
