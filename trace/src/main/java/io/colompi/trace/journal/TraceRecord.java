package io.colompi.trace.journal;

/**
 * The journal's binary records (version {@value #VERSION}), fields in this order, little endian as Chronicle Bytes
 * writes them; a Chronicle document holds a batch of them. Every record starts with its kind byte, which gives its
 * length. A call costs one {@value #CALL_LENGTH}-byte record (a {@code Sendrecv} {@value #RECEIVED_LENGTH} more for
 * its receive), or a repeat of 5-8 bytes where it is shaped as one of the {@value #SHAPES} calls before it (a
 * program's loop): the journal's cost is mostly the fresh memory it fills, about 11 us a page on the test machine
 * (bench/RESULTS.md, sessions 7 and 11).
 * <pre>
 * header (once, first; 48): kind=1, version, pad[2], rank:int, size:int, jvm:int, node:int, pad:int,
 *                           wallClockNs:long, nanoTime:long, pid:long
 * time (16):                kind=4, pad[7], baseNs:long          the origin of the call records that follow
 * call (32):                kind=2, call, tier, pad, context:int, peer:int, tag:int, bytes:int,
 *                           end:int (ns after the time base), duration:uint, wait:uint
 * received (16):            kind=5, tier, pad[2], source:int, tag:int, bytes:int     a Sendrecv's receive, after its call
 * wide (32):                kind=6, pad[7], bytes:long, duration:long, wait:long
 *                           after a call or received record whose bytes ({@value #ESCAPE}) or duration
 *                           ({@value #ESCAPE}) did not fit: the values of the record before
 * repeat (5-17):            kind=8, back:ubyte, then unsigned LEB128 varints: end after the previous call's end,
 *                           duration, wait (ns)
 *                           a call shaped as the call {@code back} calls before it (1 the one just before, at most
 *                           {@value #SHAPES} - 1; wide values never repeat, nor a call that ends before the one before
 *                           it): its call, communicator, peers, tiers, tags and bytes, with times of its own
 * traffic (24):             kind=7, tier, pad[2], peer:int, messages:long, bytes:long
 *                           messages no call record carries (a collective's), since the previous traffic record
 * end (once, last; 16):     kind=3, pad[7], endNs:long
 * </pre>
 * Times are {@link System#nanoTime()} of the writing JVM; the header's pair (wall clock, nanoTime) puts JVMs of
 * different nodes on one time line.
 */
public final class TraceRecord
{
    public static final int VERSION = 3;

    public static final byte KIND_HEADER = 1;
    public static final byte KIND_CALL = 2;
    public static final byte KIND_END = 3;
    public static final byte KIND_TIME = 4;
    public static final byte KIND_RECEIVED = 5;
    public static final byte KIND_WIDE = 6;
    public static final byte KIND_TRAFFIC = 7;
    public static final byte KIND_REPEAT = 8;

    public static final int KIND_OFFSET = 0;

    public static final int HEADER_LENGTH = 48;
    public static final int HEADER_VERSION_OFFSET = 1;
    public static final int HEADER_RANK_OFFSET = 4;
    public static final int HEADER_SIZE_OFFSET = 8;
    public static final int HEADER_JVM_OFFSET = 12;
    public static final int HEADER_NODE_OFFSET = 16;
    public static final int HEADER_WALL_CLOCK_OFFSET = 24;
    public static final int HEADER_NANO_TIME_OFFSET = 32;
    public static final int HEADER_PID_OFFSET = 40;

    public static final int TIME_LENGTH = 16;
    public static final int TIME_BASE_OFFSET = 8;

    public static final int CALL_LENGTH = 32;
    public static final int CALL_CALL_OFFSET = 1;
    public static final int CALL_TIER_OFFSET = 2;
    public static final int CALL_CONTEXT_OFFSET = 4;
    public static final int CALL_PEER_OFFSET = 8;
    public static final int CALL_TAG_OFFSET = 12;
    public static final int CALL_BYTES_OFFSET = 16;
    public static final int CALL_END_OFFSET = 20;
    public static final int CALL_DURATION_OFFSET = 24;
    public static final int CALL_WAIT_OFFSET = 28;

    public static final int RECEIVED_LENGTH = 16;
    public static final int RECEIVED_TIER_OFFSET = 1;
    public static final int RECEIVED_SOURCE_OFFSET = 4;
    public static final int RECEIVED_TAG_OFFSET = 8;
    public static final int RECEIVED_BYTES_OFFSET = 12;

    public static final int WIDE_LENGTH = 32;
    public static final int WIDE_BYTES_OFFSET = 8;
    public static final int WIDE_DURATION_OFFSET = 16;
    public static final int WIDE_WAIT_OFFSET = 24;

    public static final int REPEAT_BACK_OFFSET = 1;
    public static final int REPEAT_TIMES_OFFSET = 2;
    /** A repeat's end, after the previous call's, must fit 5 varint bytes. */
    public static final long MAX_REPEAT_END_NS = (1L << 35) - 1;
    /** The calls a writer and a reader remember the shapes of, the newest included (a power of two). */
    public static final int SHAPES = 8;

    public static final int TRAFFIC_LENGTH = 24;
    public static final int TRAFFIC_TIER_OFFSET = 1;
    public static final int TRAFFIC_PEER_OFFSET = 4;
    public static final int TRAFFIC_MESSAGES_OFFSET = 8;
    public static final int TRAFFIC_BYTES_OFFSET = 16;

    public static final int END_LENGTH = 16;
    public static final int END_TIME_OFFSET = 8;

    /** A call's or received record's bytes, duration or wait that does not fit: its wide record follows. */
    public static final int ESCAPE = -1;

    /** The most one call writes: a time base, its call and received records, a wide record after each. */
    public static final int MAX_CALL_BYTES = TIME_LENGTH + CALL_LENGTH + RECEIVED_LENGTH + 2 * WIDE_LENGTH;
    /** A batch is appended to Chronicle as one document once it holds this many bytes. */
    public static final int BATCH_BYTES = 256 * 1024;

    /** The queue of {@code rank}, in the directory of its JVM: {@code jvm-<jvm>/rank-<rank>}. */
    public static String queuePath(final int jvm, final int rank)
    {
        return "jvm-" + jvm + "/rank-" + rank;
    }

    /** The length of a record of {@code kind}; 0 for a kind this version does not know, or a repeat (its varints say). */
    public static int length(final byte kind)
    {
        return switch (kind)
        {
            case KIND_HEADER -> HEADER_LENGTH;
            case KIND_CALL, KIND_WIDE -> CALL_LENGTH;
            case KIND_END, KIND_TIME, KIND_RECEIVED -> TIME_LENGTH;
            case KIND_TRAFFIC -> TRAFFIC_LENGTH;
            default -> 0;
        };
    }

    private TraceRecord()
    {
    }
}
