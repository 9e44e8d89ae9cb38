package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * {@code MPI_COMM_IDUP}: a duplicate made without waiting for the other ranks. A blocking duplicate agrees on the
 * largest free context of all its ranks, which takes a round trip; here one rank takes the contexts from its own
 * block ({@link Engine#announceContexts}), free on every rank by construction, and they are broadcast as a
 * nonblocking collective: of the parent, from its rank 0; of an intercommunicator, from the leader (local rank 0) of
 * the group whose leader has the lower world rank, which sends them to the other group's leader, each leader then
 * broadcasting them in its group (a schedule on the local group's communicator, which the intercommunicator keeps).
 * Every rank builds the duplicate once the broadcast has completed on it ({@link #result()}).
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
        if (parent.isInter())
        {
            this.request = acrossGroups(parent);
            return;
        }
        if (parent.rank() == 0)
        {
            context[0] = parent.engine().announceContexts(Communicators.INTRA_CONTEXTS);
        }
        this.request = Collectives.ibcast(parent, context, 0, 1, INT, 0);
    }

    /** Start duplicating {@code parent}, an intra- or intercommunicator. */
    public static Duplication start(final Communicator parent)
    {
        return new Duplication(parent);
    }

    private Request acrossGroups(final Communicator inter)
    {
        final Communicator local = CollectiveState.of(inter).localComm(inter);
        // the local communicator's nonblocking sequence counts this intercommunicator's iDups alike in both groups
        final int tag = CollectiveState.nextNonblockingTag(local, CollectiveTag.BCAST, 0, 1, INT);
        final Schedule schedule = Schedule.of(local, tag);
        if (local.rank() == 0)
        {
            final Communicator leaders = inter.collective();
            if (inter.group()[0] < inter.remoteGroup()[0])
            {
                context[0] = inter.engine().announceContexts(Communicators.INTER_CONTEXTS);
                schedule.add(r -> leaders.isend(context, 0, 1, INT, 0, tag));
            }
            else
            {
                schedule.add(r -> leaders.irecv(context, 0, 1, INT, 0, tag));
            }
            schedule.round();
        }
        Broadcast.binomial(schedule, context, 0, 1, INT, 0);
        return schedule.start();
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
            result = parent.isInter() ?
                Communicator.inter(parent.engine(), context[0], parent.group(), parent.remoteGroup()) :
                Communicator.intra(parent.engine(), context[0], parent.group());
        }
        return result;
    }
}
