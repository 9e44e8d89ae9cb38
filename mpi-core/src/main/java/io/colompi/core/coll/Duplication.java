package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * {@code MPI_COMM_IDUP} of an intracommunicator: a duplicate made without waiting for the other ranks. A blocking
 * duplicate agrees on the largest free context of all its ranks, which takes a round trip; here rank 0 takes the
 * contexts from its own block ({@link Engine#announceContexts}), free on every rank by construction, and broadcasts
 * them as a nonblocking collective of the parent. Every rank builds the duplicate once the broadcast has completed
 * on it ({@link #result()}).
 */
public final class Duplication
{
    private static final TypeMap INT = TypeMap.dense(BaseType.INT);

    private final Communicator parent;
    private final int[] context = new int[1];
    private final Request request;
    private Communicator result;

    private Duplication(final Communicator parent)
    {
        this.parent = parent;
        if (parent.rank() == 0)
        {
            context[0] = parent.engine().announceContexts(Communicators.INTRA_CONTEXTS);
        }
        this.request = Collectives.ibcast(parent, context, 0, 1, INT, 0);
    }

    /** Start duplicating {@code parent}; an intercommunicator is an ERR_COMM, as its other collectives are. */
    public static Duplication start(final Communicator parent)
    {
        Collectives.collective(parent);
        return new Duplication(parent);
    }

    /** Completes when this rank knows the duplicate's context. */
    public Request request()
    {
        return request;
    }

    /** The duplicate once {@link #request()} has completed here, else null; the broadcast's error if it failed. */
    public Communicator result()
    {
        if (result == null && request.isComplete())
        {
            if (request.error() != null)
            {
                throw request.error();
            }
            result = Communicator.intra(parent.engine(), context[0], parent.group());
        }
        return result;
    }
}
