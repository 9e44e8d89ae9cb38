package mpi;

/**
 * A message matched by {@link #mProbe} or {@link #imProbe} (MPI-3 matched probe), received by {@link #mRecv} or
 * {@link #imRecv}. colompi receives it as the first message from the probed source with the probed tag, which is
 * the matched one as long as no other thread of the rank receives from that source and tag in between.
 */
public final class Message
{
    private Comm comm;
    private int source = MPI.PROC_NULL;
    private int tag;
    private boolean matched;

    public Message()
    {
    }

    /** Whether no message is matched (none probed yet, or already received). */
    public boolean isNull()
    {
        return !matched;
    }

    /** Whether the probe was for {@code MPI.PROC_NULL}. */
    public boolean isNoProc()
    {
        return matched && source == MPI.PROC_NULL;
    }

    /** Wait for a matching message and match it; returns its envelope. */
    public Status mProbe(final int source, final int tag, final Comm comm)
    {
        return match(comm.Probe(source, tag), comm);
    }

    /** Match a message if one has arrived; returns its envelope, or null (then nothing is matched). */
    public Status imProbe(final int source, final int tag, final Comm comm)
    {
        final Status status = comm.Iprobe(source, tag);
        return status == null ? null : match(status, comm);
    }

    /** Receive the matched message. */
    public Status mRecv(final Object buf, final int count, final Datatype type)
    {
        final Comm c = take("Message.mRecv");
        return c.Recv(buf, 0, count, type, source, tag);
    }

    /** Start receiving the matched message. */
    public Request imRecv(final Object buf, final int count, final Datatype type)
    {
        final Comm c = take("Message.imRecv");
        return c.Irecv(buf, 0, count, type, source, tag);
    }

    private Status match(final Status status, final Comm comm)
    {
        this.comm = comm;
        this.source = status.source;
        this.tag = status.tag;
        this.matched = true;
        return status;
    }

    private Comm take(final String call)
    {
        if (!matched)
        {
            throw MPI.raise(new io.colompi.core.job.MpiError(io.colompi.core.job.ErrorClass.REQUEST,
                "no matched message: call mProbe or imProbe first"), call);
        }
        matched = false;
        return comm;
    }
}
