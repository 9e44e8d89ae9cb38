package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendRequest;

import java.util.ArrayDeque;

/**
 * The space a rank attached with {@code MPI.Buffer_attach}: buffered sends copy the data out of the user's
 * array, reserve its size (plus {@link MPI#BSEND_OVERHEAD}) here, and send from the copy; the space is free
 * again once the copy has been delivered. A send that does not fit is an error, as MPI requires.
 */
final class BsendBuffer
{
    final Engine engine;
    final ArrayDeque<SendRequest> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Long> reserved = new ArrayDeque<>();
    private java.nio.ByteBuffer attached;
    private long used;

    BsendBuffer(final Engine engine)
    {
        this.engine = engine;
    }

    synchronized void attach(final java.nio.ByteBuffer buffer)
    {
        if (buffer == null)
        {
            throw new MpiError(ErrorClass.BUFFER, "the buffer to attach is null");
        }
        if (attached != null)
        {
            throw new MpiError(ErrorClass.BUFFER, "a buffer is already attached; detach it first");
        }
        attached = MpiError.nonNull(buffer, ErrorClass.BUFFER, "the buffer to attach");
    }

    /** Wait until every buffered send has been delivered, then detach. */
    void detach()
    {
        synchronized (this)
        {
            if (attached == null)
            {
                throw new MpiError(ErrorClass.BUFFER, "no buffer is attached");
            }
        }
        drain();
        synchronized (this)
        {
            attached = null;
        }
    }

    /** Wait until every buffered send has been delivered. */
    void drain()
    {
        for (;;)
        {
            final SendRequest oldest;
            synchronized (this)
            {
                reclaim();
                oldest = inFlight.peekFirst();
                if (oldest == null)
                {
                    return;
                }
            }
            engine.awaitRequest(oldest);
        }
    }

    /** Account for a buffered send of {@code bytes} carried by {@code send}, which the caller then starts. */
    synchronized void reserve(final long bytes, final SendRequest send)
    {
        reclaim();
        final long need = bytes + MPI.BSEND_OVERHEAD;
        final long capacity = attached == null ? 0 : attached.capacity();
        if (used + need > capacity)
        {
            throw new MpiError(ErrorClass.BUFFER, "buffered send of " + bytes + " bytes (+" + MPI.BSEND_OVERHEAD +
                " overhead) does not fit: attached buffer has " + capacity + " bytes, " + used + " in use" +
                (attached == null ? " (call MPI.Buffer_attach first)" : ""));
        }
        used += need;
        inFlight.addLast(send);
        reserved.addLast(need);
    }

    private void reclaim()
    {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isComplete())
        {
            inFlight.removeFirst();
            used -= reserved.removeFirst();
        }
    }
}
