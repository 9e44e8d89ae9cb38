package io.colompi.core.transport;

import org.agrona.DirectBuffer;

/**
 * Layout of the frames the core's protocol layer writes and reads, the same over every transport; a transport may
 * wrap each in its own header (a job id, a MAC) but reads only {@link #sourceWorld} and {@link #destWorld}, to
 * route. Every offset and length is a multiple of 8 where payload starts, so fragments split messages at whole
 * elements.
 *
 * <pre>
 * every frame
 *   0  int   type             4 int sourceWorld
 *   8  int   destWorld
 * FIRST  (a message's envelope and its first bytes)
 *  12  int   context
 *  16  int   sourceRank      20 int tag
 *  24  int   elements        28 byte baseType, byte flags, 2 bytes padding
 *  32  long  totalBytes
 *  40  long  messageId       (synchronous sends: echoed by the ACK)
 *  48  payload...
 * CHUNK  (the next bytes of the message in progress from sourceWorld to destWorld)
 *  12  4 bytes padding
 *  16  payload...
 * ACK    (destWorld's synchronous message messageId was matched by sourceWorld)
 *  12  4 bytes padding
 *  16  long  messageId
 * QUERY  (sourceWorld waits long in collective call {@code sequence} on {@code context}: what does destWorld run?)
 *  12  int   context
 *  16  long  sequence
 * ANSWER (what sourceWorld runs as that call, 0 if it has not reached it or no longer knows)
 *  12  int   context
 *  16  long  sequence
 *  24  long  call             (kind, path, algorithm, root)
 *  32  long  bytes
 * </pre>
 */
public final class FrameDescriptor
{
    public static final int FIRST = 1;
    public static final int CHUNK = 2;
    public static final int ACK = 3;
    public static final int QUERY = 4;
    public static final int ANSWER = 5;

    public static final int TYPE_OFFSET = 0;
    public static final int SOURCE_WORLD_OFFSET = 4;
    public static final int DEST_WORLD_OFFSET = 8;
    /** The shortest frame: what every frame starts with. */
    public static final int ROUTING_LENGTH = 12;

    public static final int CONTEXT_OFFSET = 12;
    public static final int SOURCE_RANK_OFFSET = 16;
    public static final int TAG_OFFSET = 20;
    public static final int ELEMENTS_OFFSET = 24;
    public static final int BASE_TYPE_OFFSET = 28;
    public static final int FLAGS_OFFSET = 29;
    public static final int TOTAL_BYTES_OFFSET = 32;
    public static final int MESSAGE_ID_OFFSET = 40;
    public static final int FIRST_HEADER_LENGTH = 48;

    public static final int CHUNK_HEADER_LENGTH = 16;

    public static final int ACK_MESSAGE_ID_OFFSET = 16;
    public static final int ACK_LENGTH = 24;

    public static final int CALL_CONTEXT_OFFSET = 12;
    public static final int CALL_SEQUENCE_OFFSET = 16;
    public static final int QUERY_LENGTH = 24;
    public static final int ANSWER_CALL_OFFSET = 24;
    public static final int ANSWER_BYTES_OFFSET = 32;
    public static final int ANSWER_LENGTH = 40;

    public static final byte FLAG_SYNCHRONOUS = 1;

    private FrameDescriptor()
    {
    }

    /** The world rank that sent the frame at {@code offset} (a frame of at least {@link #ROUTING_LENGTH} bytes). */
    public static int sourceWorld(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SOURCE_WORLD_OFFSET);
    }

    /** The world rank the frame at {@code offset} is for. */
    public static int destWorld(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + DEST_WORLD_OFFSET);
    }

    /** Payload bytes a frame of at most {@code maxFrameLength} with {@code headerLength} carries: a multiple of 8. */
    public static int payloadCapacity(final int maxFrameLength, final int headerLength)
    {
        return (maxFrameLength - headerLength) & ~7;
    }
}
