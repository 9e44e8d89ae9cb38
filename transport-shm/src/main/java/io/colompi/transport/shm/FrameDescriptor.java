package io.colompi.transport.shm;

/**
 * Layout of colompi's records inside an Agrona ring (after Agrona's own record header). Every frame starts
 * with the job id, so records of another job are recognised and dropped.
 *
 * <pre>
 * FIRST  (a message's envelope and its first bytes)
 *   0  long  jobId
 *   8  int   sourceWorld      12 int context
 *  16  int   sourceRank       20 int tag
 *  24  int   elements         28 byte baseType, byte flags, 2 bytes padding
 *  32  long  totalBytes
 *  40  long  messageId        (synchronous sends: echoed by the ACK)
 *  48  payload...
 * CHUNK  (the next bytes of the message in progress from sourceWorld)
 *   0  long  jobId             8 int sourceWorld, 4 bytes padding
 *  16  payload...
 * ACK    (a synchronous message was matched)
 *   0  long  jobId             8 int receiverWorld, 4 bytes padding
 *  16  long  messageId
 * </pre>
 */
final class FrameDescriptor
{
    static final int FIRST = 1;
    static final int CHUNK = 2;
    static final int ACK = 3;

    static final int JOB_ID_OFFSET = 0;
    static final int SOURCE_WORLD_OFFSET = 8;
    static final int CONTEXT_OFFSET = 12;
    static final int SOURCE_RANK_OFFSET = 16;
    static final int TAG_OFFSET = 20;
    static final int ELEMENTS_OFFSET = 24;
    static final int BASE_TYPE_OFFSET = 28;
    static final int FLAGS_OFFSET = 29;
    static final int TOTAL_BYTES_OFFSET = 32;
    static final int MESSAGE_ID_OFFSET = 40;
    static final int FIRST_HEADER_LENGTH = 48;

    static final int CHUNK_HEADER_LENGTH = 16;

    static final int ACK_MESSAGE_ID_OFFSET = 16;
    static final int ACK_LENGTH = 24;

    static final byte FLAG_SYNCHRONOUS = 1;

    private FrameDescriptor()
    {
    }
}
