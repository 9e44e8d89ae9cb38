package io.colompi.core.coll;

import io.colompi.core.coll.Selection.Decision;
import io.colompi.core.comm.Communicator;
import io.colompi.core.type.TypeMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The blocking collective calls of one rank on one communicator, numbered 1, 2, ... as the rank enters them (MPI
 * has every rank call the collectives of a communicator in the same order, so call k is the same call everywhere),
 * each with a descriptor: kind, root, bytes per block and the path and algorithm {@link Selection} chose. The last
 * {@link #HISTORY} descriptors are kept, for {@link MismatchCheck} to compare when a wait lasts long: the calling
 * rank reads its own, a rank of its JVM reads them directly, a rank in another JVM asks for them.
 *
 * <p>The nonblocking collectives are numbered apart, 1, 2, ... as the rank starts them; their numbers carry
 * {@link #NONBLOCKING} where a peer is asked about them. Each that runs a schedule across JVMs (a
 * {@link CollectiveRequest}) is watched until it completes, so that a rank waiting for anything long compares the
 * oldest still running with the peers' ({@link #oldestWatched}).
 *
 * <p>Every call, blocking or not, is also numbered in the one order the rank makes them ({@link #ORDER}): MPI has every
 * rank make the collectives of a communicator, blocking and nonblocking, in the same order, and a blocking call never
 * matches a nonblocking one, so ranks that differ there wait for each other for ever, each in its own numbering.
 *
 * <p>On an intercommunicator, each rank compares its calls with the other group's ranks (the peers its log is kept
 * for; its own group's calls are compared on the local communicator's log). There every collective, blocking or not,
 * is numbered as a nonblocking one (MPI has both groups call them in the same order, and the blocking v-variants,
 * alltoall and reduce-scatter run as schedules there) and described by its kind alone, since the groups' roots and
 * counts differ by design: a blocking call this rank waits in ({@link #enterAcross}) is in progress under its number,
 * and is blocking in {@link #ORDER}, where the calls that run as schedules are nonblocking.
 *
 * <p>Recording is a few plain stores per call, ordered as a sequence lock (the slot's number is voided, the
 * descriptor written, then the number set with release semantics), so a reader on another thread sees a whole
 * descriptor or none. Only the calling rank writes; MPI forbids concurrent collectives on a communicator.
 */
final class CallLog
{
    /** Kinds are the {@link CollectiveTag}s of the blocking collectives; the v-variants add this. */
    static final int VECTOR = 16;
    /** The neighbourhood collectives add this to allgather's and alltoall's kinds. */
    static final int NEIGHBOUR = 32;
    private static final int HISTORY = 16;
    /** A slot's number while its descriptor is being written. */
    private static final long WRITING = -1;
    private static final int KIND_SHIFT = 56;
    private static final int DECISION_SHIFT = 32;
    private static final long DECISION_MASK = 0xffffL << DECISION_SHIFT;
    private static final long ROOT_MASK = 0xffffffffL;
    private static final String[] KINDS = {
        "?", "Barrier", "Bcast", "Gather", "Scatter", "Allgather", "Alltoall", "Reduce", "Allreduce", "Reduce_scatter",
        "Scan", "Exscan", "?", "Finalize" };
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Marks the number of a nonblocking collective, where a peer is asked about one. */
    static final long NONBLOCKING = 1L << 62;
    /** Marks a number in the order of all calls, blocking and nonblocking, where a peer is asked about one. */
    static final long ORDER = 1L << 61;
    /** In {@link #ORDER}'s descriptors, a nonblocking call's kind carries this. */
    private static final int STARTED = 64;
    /** A blocking call that failed at its root on arguments only the root reads: its peers' part cannot complete. */
    static final int FAILED = 128;
    /** The kinds of numbers a peer is asked about: blocking, {@link #NONBLOCKING}, {@link #ORDER}. */
    private static final int NUMBERINGS = 3;
    /** The decision code of a call that has no path to compare (the nonblocking ones): its counts still compare. */
    private static final long COUNTS_ONLY = 1;

    final Communicator comm;
    private final Ring blocking = new Ring();
    private final Ring nonblocking = new Ring();
    /** The nonblocking calls by their number in {@link #ORDER}; the blocking ones are in {@link #blocking}. */
    private final Ring order = new Ring();
    /** The schedule of each nonblocking collective in {@link #nonblocking} that runs one, until it completes. */
    private final CollectiveRequest[] watched = new CollectiveRequest[HISTORY];
    /**
     * Calls entered and calls left so far, nonblocking ones started: the calling rank's own bookkeeping (on an
     * intercommunicator's log, entered is the number, with {@link #NONBLOCKING}, of the blocking call last entered).
     */
    private long entered;
    private long left;
    private long started;
    /** Calls made so far, blocking and nonblocking, and the highest number every peer was seen to make alike. */
    private long calls;
    private long alike;
    /** The thread of the call in progress: only its waits check it. */
    private Thread caller;
    /**
     * What the peers in other JVMs answered, by peer rank (the other group's, of an intercommunicator) and numbering
     * ({@link #answerSlot}); guarded by this.
     */
    private final long[] answeredSequence;
    private final long[] answeredCall;
    private final long[] answeredBytes;
    private final long[] askedSequence;
    private final long[] askedNs;
    /** When a peer's call was first seen to differ from this rank's in its counts alone; guarded by this. */
    private final long[] differsSequence;
    private final long[] differsNs;

    CallLog(final Communicator comm)
    {
        this.comm = comm;
        final int size = comm.peerCount();
        this.answeredSequence = new long[size * NUMBERINGS];
        this.answeredCall = new long[size * NUMBERINGS];
        this.answeredBytes = new long[size * NUMBERINGS];
        this.askedSequence = new long[size * NUMBERINGS];
        this.askedNs = new long[size * NUMBERINGS];
        this.differsSequence = new long[size];
        this.differsNs = new long[size];
    }

    /**
     * Record that this rank enters a collective of {@code kind} at {@code root} (-1: none) moving {@code count} items
     * of {@code type} per block ({@code type} null: not compared, as in the v-variants, whose counts differ).
     */
    static CallLog enter(final Communicator c, final int kind, final int root, final int count, final TypeMap type)
    {
        final CollectiveState state = CollectiveState.of(c);
        if (kind != CollectiveTag.FINALIZE)
        {
            state.requireUsable();
        }
        final CallLog log = state.calls(c);
        log.enter(kind, root, type == null ? -1 : (long)count * type.size() * byteSize(type));
        return log;
    }

    private void enter(final int kind, final int root, final long blockBytes)
    {
        blocking.record(++entered, (long)kind << KIND_SHIFT | (root + 1L) & ROOT_MASK, blockBytes, ++calls);
        caller = Thread.currentThread();
    }

    /**
     * Record that this rank enters blocking collective {@code kind} of intercommunicator {@code inter}, numbered as
     * its nonblocking collectives are ({@link #startAcross}).
     */
    static CallLog enterAcross(final Communicator inter, final int kind)
    {
        final CallLog log = across(inter);
        log.start(kind, -1, -1, 0);
        log.entered = NONBLOCKING | log.started;
        log.caller = Thread.currentThread();
        return log;
    }

    /**
     * Record that this rank starts collective {@code kind} of intercommunicator {@code inter} as a schedule (blocking
     * or not: they meet alike): the log numbering it.
     */
    static CallLog startAcross(final Communicator inter, final int kind)
    {
        final CallLog log = across(inter);
        log.start(kind, -1, -1, STARTED);
        return log;
    }

    private static CallLog across(final Communicator inter)
    {
        final Communicator c = inter.collective();
        return CollectiveState.of(c).calls(c);
    }

    /** Record that this rank starts a nonblocking collective, described as {@link #enter} describes a blocking one. */
    void start(final int kind, final int root, final int count, final TypeMap type)
    {
        start(kind, root, type == null ? -1 : (long)count * type.size() * byteSize(type), STARTED);
    }

    /** As {@link #start}, {@code mode} the kind's flag in {@link #ORDER}: {@link #STARTED}, or 0 if blocking. */
    private void start(final int kind, final int root, final long blockBytes, final int mode)
    {
        final long sequence = ++started;
        final long call = (long)kind << KIND_SHIFT | (root + 1L) & ROOT_MASK;
        nonblocking.record(sequence, call | COUNTS_ONLY << DECISION_SHIFT, blockBytes);
        order.record(++calls, call | (long)mode << KIND_SHIFT, blockBytes);
        watched[(int)sequence & (HISTORY - 1)] = null;
    }

    /**
     * The nonblocking collective this rank started last failed at its root here ({@link #FAILED}): described so, the
     * peers' checks of their requests for it, which wait for this rank's part, end them with the error.
     */
    void failLastStarted()
    {
        nonblocking.fail(started);
        order.fail(calls);
    }

    /** Whether call word {@code call} (or several, or-ed) is of a collective that {@link #FAILED} at its root. */
    static boolean failed(final long call)
    {
        return (call >>> KIND_SHIFT & FAILED) != 0;
    }

    /** The call word of the nonblocking collective this rank started last (read by the rank that recorded it). */
    long lastStartedCall()
    {
        return nonblocking.calls[(int)started & (HISTORY - 1)];
    }

    /** Its bytes per block, likewise. */
    long lastStartedBytes()
    {
        return nonblocking.bytes[(int)started & (HISTORY - 1)];
    }

    /** The nonblocking collective started last runs {@code collective}: compared with the peers' while it runs. */
    void watch(final CollectiveRequest collective)
    {
        watched[(int)started & (HISTORY - 1)] = collective;
    }

    /**
     * The number of the oldest nonblocking collective that this rank runs by a schedule and that has not completed
     * (among the last {@link #HISTORY} started), or 0. Read by the rank's own threads only.
     */
    long oldestWatched()
    {
        for (long sequence = Math.max(1, started - HISTORY + 1); sequence <= started; sequence++)
        {
            final CollectiveRequest collective = watched[(int)sequence & (HISTORY - 1)];
            if (collective != null && !collective.isComplete())
            {
                return sequence;
            }
        }
        return 0;
    }

    /** The schedule of nonblocking collective {@code sequence}, as {@link #oldestWatched} found it. */
    CollectiveRequest watched(final long sequence)
    {
        return watched[(int)sequence & (HISTORY - 1)];
    }

    /** Record the path and algorithm of the call in progress ({@code d} null: the one algorithm it has). */
    void decided(final Decision d)
    {
        final long code = d == null ? COUNTS_ONLY :
            2 + d.path().ordinal() * 16L + (d.flat() == null ? 0 : d.flat().ordinal() + 1);
        blocking.decided(entered, code);
    }

    /** The call in progress has ended, normally or not. */
    void exit()
    {
        left = entered;
    }

    /** The number of the call {@code thread} is in on this communicator, or 0. */
    long inProgress(final Thread thread)
    {
        return entered != left && caller == thread ? entered : 0;
    }

    /** The kind, root and path of the call in progress (or the last), as {@link #current} has them. */
    long currentCall()
    {
        return blocking.calls[(int)entered & (HISTORY - 1)];
    }

    /** The descriptor of the call in progress (or the last): its call and bytes words. */
    long[] current()
    {
        final int slot = (int)entered & (HISTORY - 1);
        return new long[]{ blocking.calls[slot], blocking.bytes[slot] };
    }

    /** The number of the call in progress (or the last). */
    long sequence()
    {
        return entered;
    }

    /**
     * What this rank ran as call {@code sequence} (nonblocking collective, with {@link #NONBLOCKING}; call of either
     * kind, with {@link #ORDER}): its call and bytes words, or null if not there yet or forgotten.
     */
    long[] describe(final long sequence)
    {
        return (sequence & NONBLOCKING) != 0 ? nonblocking.describe(sequence & ~NONBLOCKING) :
            (sequence & ORDER) != 0 ? inOrder(sequence & ~ORDER) : blocking.describe(sequence);
    }

    /** Call {@code number} of {@link #ORDER}: a nonblocking one, or a blocking one still in {@link #blocking}. */
    private long[] inOrder(final long number)
    {
        final long[] nonblockingCall = order.describe(number);
        return nonblockingCall != null ? nonblockingCall : blocking.describeNumbered(number);
    }

    /**
     * The first call in {@link #ORDER} not yet seen made alike by every peer, among those still described, or 0 if
     * there is none. Read by the rank's own threads, as {@link #alike}.
     */
    synchronized long firstUnmatched()
    {
        final long first = Math.max(alike + 1, calls - HISTORY + 1);
        return first <= calls ? first : 0;
    }

    /** Every peer made call {@code number} of {@link #ORDER} as this rank did (or it was reported): not asked again. */
    synchronized void alike(final long number)
    {
        alike = Math.max(alike, number);
    }

    /** Whether a descriptor of {@link #ORDER} is a nonblocking call's. */
    static boolean isStarted(final long[] descriptor)
    {
        return (descriptor[0] >>> KIND_SHIFT & STARTED) != 0;
    }

    /** Whether two descriptors of {@link #ORDER} name the same call, blocking or not. */
    static boolean sameButMode(final long[] mine, final long[] theirs)
    {
        return ((mine[0] ^ theirs[0]) & ~DECISION_MASK & ~((long)STARTED << KIND_SHIFT)) == 0;
    }

    private static int answerSlot(final int peer, final long sequence)
    {
        return peer * NUMBERINGS + ((sequence & NONBLOCKING) != 0 ? 1 : (sequence & ORDER) != 0 ? 2 : 0);
    }

    /** What communicator rank {@code peer} in another JVM answered about call {@code sequence}, or null. */
    synchronized long[] answer(final int peer, final long sequence)
    {
        final int slot = answerSlot(peer, sequence);
        return answeredSequence[slot] == sequence && answeredCall[slot] != 0 ?
            new long[]{ answeredCall[slot], answeredBytes[slot] } : null;
    }

    synchronized void answered(final int peer, final long sequence, final long call, final long blockBytes)
    {
        final int slot = answerSlot(peer, sequence);
        answeredSequence[slot] = sequence;
        answeredCall[slot] = call;
        answeredBytes[slot] = blockBytes;
    }

    /**
     * Whether to ask {@code peer} about call {@code sequence} now: once per call, and again only {@code againNs} after
     * it answered that it had not reached the call (a peer busy elsewhere gets one question, answered when it polls).
     */
    synchronized boolean askNow(final int peer, final long sequence, final long nowNs, final long againNs)
    {
        final int slot = answerSlot(peer, sequence);
        if (askedSequence[slot] == sequence)
        {
            if (answeredSequence[slot] != sequence || nowNs - askedNs[slot] < againNs)
            {
                return false;
            }
            answeredSequence[slot] = 0; // wait for the answer to the new question
        }
        askedSequence[slot] = sequence;
        askedNs[slot] = nowNs;
        return true;
    }

    /**
     * Whether {@code peer}'s call {@code sequence}, whose counts differ from this rank's, has been seen to for
     * {@code forNs}: an algorithm that copes with other counts (reporting them once it has run its course) may just be
     * slow to end; one that does not waits for ever.
     */
    synchronized boolean differsFor(final int peer, final long sequence, final long nowNs, final long forNs)
    {
        if (differsSequence[peer] != sequence)
        {
            differsSequence[peer] = sequence;
            differsNs[peer] = nowNs;
        }
        return nowNs - differsNs[peer] >= forNs;
    }

    /**
     * Why two descriptors of the same call cannot belong together: another kind or root, or once both ranks chose
     * their path, another path, algorithm or block size (where both are known); null if they can.
     */
    static String conflict(final long[] mine, final long[] theirs)
    {
        final long a = mine[0];
        final long b = theirs[0];
        final boolean decided = (a & DECISION_MASK) != 0 && (b & DECISION_MASK) != 0;
        if (failed(a | b))
        {
            return "a collective that failed at its root";
        }
        if ((a & ~DECISION_MASK) != (b & ~DECISION_MASK))
        {
            return "another collective";
        }
        if (decided && mine[1] >= 0 && theirs[1] >= 0 && mine[1] != theirs[1])
        {
            return "another count";
        }
        return decided && a != b ? "another algorithm (are the colompi.coll settings the same everywhere?)" : null;
    }

    /** Whether a {@link #conflict} is one of counts alone. */
    static boolean countsDiffer(final long[] mine, final long[] theirs)
    {
        return (mine[0] & ~DECISION_MASK) == (theirs[0] & ~DECISION_MASK) && mine[1] != theirs[1] &&
            !failed(mine[0] | theirs[0]);
    }

    /** A descriptor as a program's author reads it, e.g. {@code Bcast(root 0, 4096 bytes per block; flat binomial)}. */
    static String describe(final long[] descriptor)
    {
        final long call = descriptor[0];
        final int kind = (int)(call >>> KIND_SHIFT);
        final boolean started = (kind & STARTED) != 0;
        final StringBuilder text = new StringBuilder(started ? "I" : "");
        text.append((kind & NEIGHBOUR) != 0 ? (started ? "neighbor_" : "Neighbor_") : "");
        final String name = KINDS[Math.min(kind & (VECTOR - 1), KINDS.length - 1)];
        text.append((kind & NEIGHBOUR) != 0 || started ? name.toLowerCase(Locale.ROOT) : name);
        if ((kind & VECTOR) != 0)
        {
            text.append('v');
        }
        if ((kind & FAILED) != 0)
        {
            text.append(" failed at the root on arguments only it reads");
        }
        text.append('(');
        final long root = (call & ROOT_MASK) - 1;
        String separator = "";
        if (root >= 0)
        {
            text.append("root ").append(root);
            separator = ", ";
        }
        if (descriptor[1] >= 0 && (kind & ~STARTED) != CollectiveTag.BARRIER)
        {
            text.append(separator).append(descriptor[1]).append(" bytes per block");
            separator = ", ";
        }
        final int code = (int)((call & DECISION_MASK) >>> DECISION_SHIFT);
        if (code > 1)
        {
            final int path = (code - 2) / 16;
            final int algorithm = (code - 2) % 16 - 1;
            text.append(separator).append(Selection.Path.values()[path].name().toLowerCase().replace('_', ' '));
            if (algorithm >= 0)
            {
                text.append(' ').append(Selection.Algorithm.values()[algorithm].name().toLowerCase().replace('_', ' '));
            }
        }
        return text.append(')').toString();
    }

    private static int byteSize(final TypeMap type)
    {
        return type.base() == null ? 0 : type.base().byteSize();
    }

    /** Descriptors of the last {@link #HISTORY} calls by number: written by the calling rank, read by any thread. */
    private static final class Ring
    {
        final long[] sequences = new long[HISTORY];
        final long[] calls = new long[HISTORY];
        final long[] bytes = new long[HISTORY];
        /** Of the blocking calls, their numbers in {@link #ORDER}. */
        final long[] numbers = new long[HISTORY];

        void record(final long sequence, final long call, final long blockBytes)
        {
            record(sequence, call, blockBytes, 0);
        }

        /** As {@link #record(long, long, long)}, the call {@code number} in {@link #ORDER} too. */
        void record(final long sequence, final long call, final long blockBytes, final long number)
        {
            final int slot = (int)sequence & (HISTORY - 1);
            WORDS.setOpaque(sequences, slot, WRITING);
            VarHandle.storeStoreFence();
            calls[slot] = call;
            bytes[slot] = blockBytes;
            numbers[slot] = number;
            WORDS.setRelease(sequences, slot, sequence);
        }

        /** Mark call {@code sequence}, the last recorded, {@link #FAILED}. */
        void fail(final long sequence)
        {
            final int slot = (int)sequence & (HISTORY - 1);
            record(sequence, calls[slot] | (long)FAILED << KIND_SHIFT, bytes[slot], numbers[slot]);
        }

        /** Set the decision code of call {@code sequence}, the last recorded. */
        void decided(final long sequence, final long code)
        {
            final int slot = (int)sequence & (HISTORY - 1);
            WORDS.setRelease(calls, slot, calls[slot] & ~DECISION_MASK | code << DECISION_SHIFT);
        }

        long[] describe(final long sequence)
        {
            final int slot = (int)sequence & (HISTORY - 1);
            while (true)
            {
                final long before = (long)WORDS.getAcquire(sequences, slot);
                final long call = (long)WORDS.getOpaque(calls, slot);
                final long blockBytes = (long)WORDS.getOpaque(bytes, slot);
                VarHandle.loadLoadFence();
                if (before != WRITING && before == (long)WORDS.getOpaque(sequences, slot))
                {
                    return before == sequence ? new long[]{ call, blockBytes } : null;
                }
                Thread.onSpinWait(); // being written
            }
        }

        /** The descriptor of the call recorded with {@code number} in {@link #ORDER}, or null if none is. */
        long[] describeNumbered(final long number)
        {
            for (int slot = 0; slot < HISTORY; slot++)
            {
                while (true)
                {
                    final long before = (long)WORDS.getAcquire(sequences, slot);
                    final long recorded = (long)WORDS.getOpaque(numbers, slot);
                    final long call = (long)WORDS.getOpaque(calls, slot);
                    final long blockBytes = (long)WORDS.getOpaque(bytes, slot);
                    VarHandle.loadLoadFence();
                    if (before != WRITING && before == (long)WORDS.getOpaque(sequences, slot))
                    {
                        if (before > 0 && recorded == number)
                        {
                            return new long[]{ call, blockBytes };
                        }
                        break;
                    }
                    Thread.onSpinWait(); // being written
                }
            }
            return null;
        }
    }
}
