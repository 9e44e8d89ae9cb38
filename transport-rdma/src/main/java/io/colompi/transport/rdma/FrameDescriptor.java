package io.colompi.transport.rdma;

/**
 * Layout of colompi's frames, each one unfragmented Aeron message (at most the publication's
 * {@code maxPayloadLength}), written in place with {@code tryClaim}. Every frame starts with the job id and its
 * type; frames between ranks name both ends, since one publication per JVM pair carries all their ranks' traffic.
 *
 * <pre>
 * common
 *   0  long  jobId
 *   8  int   type             12 int source (sourceWorld; sourceJvm for FIN and FIN_ACK)
 * FIRST  (a message's envelope and its first bytes)
 *  16  int   destWorld        20 int context
 *  24  int   sourceRank       28 int tag
 *  32  int   elements         36 byte baseType, byte flags, 2 bytes padding
 *  40  long  totalBytes
 *  48  long  messageId        (synchronous sends: echoed by the ACK)
 *  56  payload...
 * CHUNK  (the next bytes of the message in progress from sourceWorld to destWorld)
 *  16  int   destWorld        20 4 bytes padding
 *  24  payload...
 * ACK    (destWorld's synchronous message messageId was matched by sourceWorld)
 *  16  int   destWorld        20 4 bytes padding
 *  24  long  messageId
 * FIN    (sourceJvm is closing: answer with FIN_ACK once everything before it has been read)
 * FIN_ACK
 * </pre>
 */
final class FrameDescriptor
{
    static final int FIRST = 1;
    static final int CHUNK = 2;
    static final int ACK = 3;
    static final int FIN = 4;
    static final int FIN_ACK = 5;

    static final int JOB_ID_OFFSET = 0;
    static final int TYPE_OFFSET = 8;
    static final int SOURCE_OFFSET = 12;
    static final int CONTROL_LENGTH = 16;

    static final int DEST_WORLD_OFFSET = 16;
    static final int CONTEXT_OFFSET = 20;
    static final int SOURCE_RANK_OFFSET = 24;
    static final int TAG_OFFSET = 28;
    static final int ELEMENTS_OFFSET = 32;
    static final int BASE_TYPE_OFFSET = 36;
    static final int FLAGS_OFFSET = 37;
    static final int TOTAL_BYTES_OFFSET = 40;
    static final int MESSAGE_ID_OFFSET = 48;
    static final int FIRST_HEADER_LENGTH = 56;

    static final int CHUNK_HEADER_LENGTH = 24;

    static final int ACK_MESSAGE_ID_OFFSET = 24;
    static final int ACK_LENGTH = 32;

    static final byte FLAG_SYNCHRONOUS = 1;

    private FrameDescriptor()
    {
    }

    /** Payload bytes a frame of {@code headerLength} carries at most: fragments split messages at multiples of 8. */
    static int payloadCapacity(final int maxPayloadLength, final int headerLength)
    {
        return (maxPayloadLength - headerLength) & ~7;
    }
}
