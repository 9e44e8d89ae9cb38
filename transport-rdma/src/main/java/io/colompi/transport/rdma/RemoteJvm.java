package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.BufferClaim;

/**
 * A JVM of the job on another node, as this JVM sees it: the one publication to its subscription that all ranks
 * of this JVM share (asked for in {@code MPI.Init} or on the first frame for it, without blocking: the driver makes it
 * while the node progresses), and the state of the closing handshake with it.
 */
final class RemoteJvm
{
    private final int jvm;
    private final AeronNode node;
    private final FrameAuthenticator authenticator;
    /** Orders the claims of all this JVM's threads on the publication with their sequence numbers. */
    private final Object claimLock = new Object();
    private volatile Publication publication;
    private volatile String failure;
    private long registrationId = Aeron.NULL_VALUE;

    /** Closing handshake state, only under the node's lock: frames came from it, so the handshake includes it. */
    boolean heard;
    boolean finOwed;
    boolean finAckOwed;
    /** A FIN or FIN_ACK to it has been claimed: once sent, it no longer waits for this JVM. */
    boolean controlSent;
    boolean finReceived;
    boolean finAckReceived;

    RemoteJvm(final int jvm, final AeronNode node)
    {
        this.jvm = jvm;
        this.node = node;
        this.authenticator = node.authenticator();
    }

    /**
     * Claim a frame of {@code length} bytes on {@code publication} (this JVM's) and number it; the caller writes
     * it, then {@link #commit commits} it. Returns what {@link Publication#tryClaim} returned.
     */
    long claim(final Publication publication, final int length, final BufferClaim claim)
    {
        synchronized (claimLock)
        {
            final long result = publication.tryClaim(length, claim);
            if (result > 0)
            {
                authenticator.stamp(claim.buffer(), claim.offset(), jvm);
            }
            else if (result == Publication.BACK_PRESSURED)
            {
                node.senderDue();
            }
            return result;
        }
    }

    /** Sign the {@link #claim claimed} frame, now written, and let the driver send it. */
    void commit(final BufferClaim claim)
    {
        authenticator.sign(claim.buffer(), claim.offset(), claim.length(), jvm);
        claim.commit();
        node.senderDue();
    }

    int jvm()
    {
        return jvm;
    }

    /** The publication to this JVM, or null while the driver creates it (the first call asks for it). */
    Publication publication()
    {
        final Publication current = publication;
        if (current == null)
        {
            request();
        }
        return current;
    }

    /** The publication if one exists, without asking for it. */
    Publication existingPublication()
    {
        return publication;
    }

    /** Why frames can no longer reach this JVM, or null while they can. */
    String failure()
    {
        return failure;
    }

    void fail(final String reason)
    {
        if (failure == null)
        {
            failure = reason;
        }
    }

    /** Whether the closing handshake must include it: frames went either way, or it is closing itself. */
    boolean isPartner()
    {
        return heard || finReceived || requested();
    }

    /**
     * Whether a closing JVM is done with it: it has confirmed reading everything (FIN_ACK), or it is closing too
     * (FIN) and has been answered, or it is unreachable anyway.
     */
    boolean isSettled()
    {
        return failure != null || finAckReceived || (finReceived && controlSent);
    }

    /** Whether this JVM has asked for a publication to it. */
    private synchronized boolean requested()
    {
        return registrationId != Aeron.NULL_VALUE;
    }

    /**
     * Pick up the publication once the driver has made it; called after the client conductor ran. Returns
     * whether the request is settled (made or failed).
     */
    boolean resolve(final Aeron aeron)
    {
        final long id;
        synchronized (this)
        {
            id = registrationId;
        }
        if (id == Aeron.NULL_VALUE || publication != null || failure != null)
        {
            return false;
        }
        try
        {
            final Publication made = aeron.getPublication(id);
            if (made == null)
            {
                return false;
            }
            publication = made;
        }
        catch (final RegistrationException ex)
        {
            fail("the publication to JVM " + jvm + " could not be created: " + ex.getMessage());
        }
        return true;
    }

    private synchronized void request()
    {
        if (registrationId == Aeron.NULL_VALUE && failure == null)
        {
            registrationId = node.addPublication(jvm);
        }
    }
}
