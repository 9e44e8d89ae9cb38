package io.colompi.transport.rdma;

/**
 * Layout of the Aeron tier's frames, each one unfragmented Aeron message (at most the publication's
 * {@code maxPayloadLength}), written in place with {@code tryClaim}: a header of this tier, then, for {@link #FRAME},
 * a frame of the core's protocol layer ({@link io.colompi.core.transport.FrameDescriptor}). The header starts with
 * the MAC and the sequence number ({@link FrameAuthenticator}: SipHash-2-4 of the rest of the frame, the core's frame
 * included, under a key of the sending and receiving JVMs; the frames of one JVM to another numbered from 0), then
 * the type and the sending JVM; one publication per JVM pair carries all their ranks' frames, which name both ends.
 *
 * <pre>
 *   0  long  mac              (of bytes 8 to the end)
 *   8  long  sequence
 *  16  int   type             20 int sourceJvm
 *  24  the core's frame (FRAME)
 * FRAME    (a frame between ranks)
 * FIN      (sourceJvm is closing: answer with FIN_ACK once everything before it has been read)
 * FIN_ACK
 * </pre>
 */
final class FrameHeader
{
    static final int FRAME = 1;
    static final int FIN = 4;
    static final int FIN_ACK = 5;

    static final int MAC_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 8;
    /** Where the bytes the MAC covers start. */
    static final int SIGNED_OFFSET = 8;
    static final int TYPE_OFFSET = 16;
    static final int SOURCE_JVM_OFFSET = 20;
    static final int CONTROL_LENGTH = 24;

    private FrameHeader()
    {
    }
}
