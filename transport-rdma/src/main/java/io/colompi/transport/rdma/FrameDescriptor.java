package io.colompi.transport.rdma;

/**
 * Layout of colompi's frames, each one unfragmented Aeron message (at most the publication's
 * {@code maxPayloadLength}), written in place with {@code tryClaim}. Every frame starts with its MAC and its
 * sequence number ({@link FrameAuthenticator}: SipHash-2-4 of the rest of the frame under a key of the sending and
 * receiving JVMs; the frames of one JVM to another numbered from 0), then its type and sending JVM; frames between
 * ranks name both ends, since one publication per JVM pair carries all their ranks' traffic.
 *
 * <pre>
 * common
 *   0  long  mac              (of bytes 8 to the end)
 *   8  long  sequence
 *  16  int   type             20 int sourceJvm
 * FIRST  (a message's envelope and its first bytes)
 *  24  int   sourceWorld      28 int destWorld
 *  32  int   context          36 int sourceRank
 *  40  int   tag              44 int elements
 *  48  long  totalBytes
 *  56  long  messageId        (synchronous sends: echoed by the ACK)
 *  64  byte  baseType, byte flags, 6 bytes padding
 *  72  payload...
 * CHUNK  (the next bytes of the message in progress from sourceWorld to destWorld)
 *  24  int   sourceWorld      28 int destWorld
 *  32  payload...
 * ACK    (destWorld's synchronous message messageId was matched by sourceWorld)
 *  24  int   sourceWorld      28 int destWorld
 *  32  long  messageId
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

    static final int MAC_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 8;
    /** Where the bytes the MAC covers start. */
    static final int SIGNED_OFFSET = 8;
    static final int TYPE_OFFSET = 16;
    static final int SOURCE_JVM_OFFSET = 20;
    static final int CONTROL_LENGTH = 24;

    static final int SOURCE_OFFSET = 24;
    static final int DEST_WORLD_OFFSET = 28;
    static final int CONTEXT_OFFSET = 32;
    static final int SOURCE_RANK_OFFSET = 36;
    static final int TAG_OFFSET = 40;
    static final int ELEMENTS_OFFSET = 44;
    static final int TOTAL_BYTES_OFFSET = 48;
    static final int MESSAGE_ID_OFFSET = 56;
    static final int BASE_TYPE_OFFSET = 64;
    static final int FLAGS_OFFSET = 65;
    static final int FIRST_HEADER_LENGTH = 72;

    static final int CHUNK_HEADER_LENGTH = 32;

    static final int ACK_MESSAGE_ID_OFFSET = 32;
    static final int ACK_LENGTH = 40;

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
