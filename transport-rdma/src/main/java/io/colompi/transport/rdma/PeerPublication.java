package io.colompi.transport.rdma;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.colompi.core.transport.FrameChannel;
import org.agrona.MutableDirectBuffer;

import static io.colompi.transport.rdma.FrameHeader.*;

/**
 * The frames of one rank to one rank of another node: claimed on the publication its JVM shares for the peer's JVM,
 * numbered at the claim and signed at the commit ({@link RemoteJvm}). A publication not created or connected yet,
 * or back-pressured (Aeron's flow control), takes no frame now; one that is closed never again.
 */
final class PeerPublication implements FrameChannel
{
    private final RemoteJvm remote;
    private final BufferClaim claim = new BufferClaim();

    PeerPublication(final RemoteJvm remote)
    {
        this.remote = remote;
    }

    @Override
    public int maxFrameLength()
    {
        final Publication publication = remote.publication();
        if (publication == null)
        {
            return remote.failure() != null ? CLOSED : NOT_READY;
        }
        return publication.maxPayloadLength() - CONTROL_LENGTH;
    }

    @Override
    public int claim(final int length)
    {
        final Publication publication = remote.publication();
        if (publication == null)
        {
            return remote.failure() != null ? CLOSED : NOT_READY;
        }
        final long result = remote.claim(publication, CONTROL_LENGTH + length, claim);
        if (result < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                remote.fail("the publication to JVM " + remote.jvm() + " is " + Publication.errorString(result));
                return CLOSED;
            }
            return NOT_READY;
        }
        claim.buffer().putInt(claim.offset() + TYPE_OFFSET, FRAME);
        return claim.offset() + CONTROL_LENGTH;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return claim.buffer();
    }

    @Override
    public void commit(final int index)
    {
        remote.commit(claim);
    }

    @Override
    public String failure()
    {
        return remote.failure();
    }
}
