package mpi;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;

/** An intercommunicator: point-to-point between two disjoint groups; peer ranks name ranks of the remote group. */
public class Intercomm extends Comm
{
    Intercomm(final Communicator core)
    {
        super(core);
    }

    public int Remote_size()
    {
        return live("Intercomm.Remote_size").remoteSize();
    }

    public Group Remote_group()
    {
        return new Group(live("Intercomm.Remote_group").remoteGroup(), engine.worldRank());
    }

    /**
     * One intracommunicator over both groups: the group passing {@code high = false} first; if both pass the
     * same value, the group whose rank 0 has the lower world rank comes first.
     */
    public Intracomm Merge(final boolean high)
    {
        return making("Intercomm.Merge", () -> new Intracomm(Communicators.merge(live("Intercomm.Merge"), high)));
    }

    /** Duplicate: same groups, new context. */
    @Override
    public Intercomm clone()
    {
        return making("Intercomm.clone", () -> new Intercomm(Communicators.dup(live("Intercomm.clone"))));
    }

    // Open MPI Java bindings API

    @Override
    public Intercomm dup()
    {
        return clone();
    }

    @Override
    public Intercomm dupWithInfo(final Info info)
    {
        return dup();
    }

    /**
     * A duplicate made without waiting for the other ranks (usable once {@link #getRequest()} completes): the leader
     * of one group takes the contexts and sends them to the other's, each broadcasting them in its group.
     */
    @Override
    public Intercomm iDup()
    {
        return duplicating(new Intercomm(null), "Intercomm.iDup");
    }

    public int getRemoteSize()
    {
        return Remote_size();
    }

    public Group getRemoteGroup()
    {
        return Remote_group();
    }

    /** One intracommunicator over both groups; the group passing {@code high = false} first. */
    public Intracomm merge(final boolean high)
    {
        return Merge(high);
    }
}
