package io.colompi.trace.journal;

/**
 * The journal's binary records, {@value #RECORD_LENGTH} bytes each, fields written in this order (little endian, as
 * Chronicle Bytes writes them); a Chronicle document holds a batch of them. Every record starts with its kind byte.
 * <pre>
 * header (once, first): kind=1, version, pad[2], rank:int, size:int, jvm:int, node:int, pad:int,
 *                       wallClockNs:long, nanoTime:long, pid:long
 * call:                 kind=2, call, tier, pad, context:int, peer:int, tag:int,
 *                       bytes:long, startNs:long, endNs:long, waitNs:long
 * end (once, last):     kind=3, pad[7], endNs:long, pad[32]
 * </pre>
 * Times are {@link System#nanoTime()} of the writing JVM; the header's pair (wall clock, nanoTime) puts JVMs of
 * different nodes on one time line.
 */
public final class TraceRecord
{
    public static final int VERSION = 1;

    public static final byte KIND_HEADER = 1;
    public static final byte KIND_CALL = 2;
    public static final byte KIND_END = 3;

    public static final int KIND_OFFSET = 0;

    public static final int HEADER_VERSION_OFFSET = 1;
    public static final int HEADER_RANK_OFFSET = 4;
    public static final int HEADER_SIZE_OFFSET = 8;
    public static final int HEADER_JVM_OFFSET = 12;
    public static final int HEADER_NODE_OFFSET = 16;
    public static final int HEADER_WALL_CLOCK_OFFSET = 24;
    public static final int HEADER_NANO_TIME_OFFSET = 32;
    public static final int HEADER_PID_OFFSET = 40;

    public static final int CALL_CALL_OFFSET = 1;
    public static final int CALL_TIER_OFFSET = 2;
    public static final int CALL_CONTEXT_OFFSET = 4;
    public static final int CALL_PEER_OFFSET = 8;
    public static final int CALL_TAG_OFFSET = 12;
    public static final int CALL_BYTES_OFFSET = 16;
    public static final int CALL_START_OFFSET = 24;
    public static final int CALL_END_OFFSET = 32;
    public static final int CALL_WAIT_OFFSET = 40;

    public static final int END_TIME_OFFSET = 8;

    /** Every record's length. */
    public static final int RECORD_LENGTH = 48;
    /** Records a document holds at most: a rank appends its records to Chronicle this many at a time. */
    public static final int BATCH_RECORDS = 1024;

    /** The queue of {@code rank}, in the directory of its JVM: {@code jvm-<jvm>/rank-<rank>}. */
    public static String queuePath(final int jvm, final int rank)
    {
        return "jvm-" + jvm + "/rank-" + rank;
    }

    private TraceRecord()
    {
    }
}
