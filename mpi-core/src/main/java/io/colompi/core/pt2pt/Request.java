package io.colompi.core.pt2pt;

import io.colompi.core.job.MpiError;
import io.colompi.core.wait.WakeCondition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A communication in flight. The thread that finishes it fills in the status, then publishes completion with a
 * volatile write of a flag on a line of its own ({@link RequestCompletion}) and rings the owning rank's doorbell, so a
 * parked waiter wakes at once.
 */
public abstract class Request extends RequestCompletion implements WakeCondition
{
    private static final VarHandle COMPLETE;

    static
    {
        try
        {
            COMPLETE = MethodHandles.lookup().findVarHandle(CompletionFlag.class, "complete", boolean.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final Engine owner;
    int statusSource;
    int statusTag;
    int statusElements;
    boolean cancelled;
    MpiError error;

    protected Request(final Engine owner)
    {
        this.owner = owner;
    }

    public final boolean isComplete()
    {
        return complete;
    }

    @Override
    public final boolean ready()
    {
        return complete;
    }

    /** Source rank (in the communicator) of a completed receive. */
    public final int source()
    {
        return statusSource;
    }

    public final int tag()
    {
        return statusTag;
    }

    /** Base elements received (or sent). */
    public final int elements()
    {
        return statusElements;
    }

    public final boolean isCancelled()
    {
        return cancelled;
    }

    /** The error this request completed with, or null. */
    public final MpiError error()
    {
        return error;
    }

    protected final void complete(final int source, final int tag, final int elements)
    {
        statusSource = source;
        statusTag = tag;
        statusElements = elements;
        complete = true;
        owner.doorbell().ring();
    }

    protected final void fail(final MpiError failure, final int source, final int tag)
    {
        error = failure;
        complete(source, tag, 0);
    }

    final void completeCancelled()
    {
        cancelled = true;
        complete(Peers.ANY_SOURCE, Peers.ANY_TAG, 0);
    }

    /**
     * Make a completed request startable again (persistent requests). A plain store, not a volatile one (a fence on
     * every call): the owner resets a request before it publishes it to any other thread (the matcher's lock, a
     * transport), and whoever completed it before did so before the owner saw it complete.
     */
    final void reset()
    {
        COMPLETE.set(this, false);
        cancelled = false;
        error = null;
    }
}
