package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;

/** What the collectives keep for one rank on one communicator: see {@link Communicator#collectiveState}. */
final class CollectiveState
{
    final BlockingPlan blocking;
    /** Nonblocking collectives started so far: MPI has every rank start them in the same order. */
    private int nonblockingStarted;

    CollectiveState(final Communicator c)
    {
        this.blocking = new BlockingPlan(c);
    }

    /** The tag of the next nonblocking collective of {@code c}: its own, apart from all others in flight. */
    static int nextNonblockingTag(final Communicator c)
    {
        final CollectiveState state = c.collectiveState(CollectiveState::new);
        return CollectiveTag.nonblocking(state.nonblockingStarted++);
    }
}
