package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.WakeCondition;

/**
 * A bcast across JVMs whose ranks would take different paths if they passed different counts
 * ({@link Selection#bcastCountsMayDiverge}), run without agreeing on the count first ({@link CountAgreement}: a
 * recursive doubling, as many rounds again as the bcast itself). The root's binomial tree says which path the root
 * takes: it carries the root's data where the root's count takes the flat binomial tree
 * ({@link Broadcast#binomial}), or else an empty announcement, after which the ranks agree on the count and take
 * the root's path. A rank that passes another count than the root's fails with {@code ERR_TRUNCATE}: in the tree as
 * in any binomial tree ({@link Plan}'s count errors), or in the agreement.
 *
 * <p>A rank waits for both from its parent. Data, if the parent sent any, is this bcast's: the parent sends nothing
 * for a later bcast before this rank has joined the agreement that follows an announcement. So an announcement
 * that arrives along with data is a later bcast's, and is kept for it ({@link Receives#announcedBy}).
 */
final class AnnouncedBcast
{
    private static final TypeMap LONG = TypeMap.basic(BaseType.LONG);
    private static final long[] EMPTY = new long[0];

    private AnnouncedBcast()
    {
    }

    /**
     * Run the bcast's binomial tree and return true if the root's count takes it; otherwise pass the root's
     * announcement on to this rank's children and return false: the caller then agrees on the count and takes
     * {@code own}, this rank's decision.
     */
    static boolean tree(final Communicator c, final Selection.Decision own, final Object buffer, final int offset,
        final int count, final TypeMap type, final int root)
    {
        final int p = c.size();
        final int relative = (c.rank() - root + p) % p;
        final int mask = Broadcast.binomialMask(relative, p);
        final MpiError received;
        int forwarded = count;
        if (relative == 0)
        {
            if (own.path() != Selection.Path.FLAT || own.flat() != Selection.Algorithm.BINOMIAL)
            {
                announce(c, root, relative, mask);
                return false;
            }
            received = null;
        }
        else
        {
            final Receives receives = CollectiveState.of(c).announced;
            if (!receives.await(c, buffer, offset, count, type, (relative - mask + root) % p))
            {
                announce(c, root, relative, mask);
                return false;
            }
            received = Plan.stepError(receives.data, (long)count * type.size());
            if (received != null && !Plan.countError(received))
            {
                throw received;
            }
            if (received != null)
            {
                // pass on only what came: a child that passes this rank's count must not take the rest for data
                forwarded = Math.min(count, receives.data.elements() / Math.max(1, type.size()));
            }
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.BCAST);
        Broadcast.binomialChildren(plan, buffer, offset, forwarded, type, root, relative, mask);
        plan.finish();
        if (received != null)
        {
            throw received;
        }
        return true;
    }

    private static void announce(final Communicator c, final int root, final int relative, final int mask)
    {
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.BCAST_PATH);
        Broadcast.binomialChildren(plan, EMPTY, 0, 0, LONG, root, relative, mask);
        plan.finish();
    }

    /**
     * A rank's two receives from its parent, kept with its collectives' state (nothing allocated per call), and the
     * parent of an announcement that came early.
     */
    static final class Receives implements WakeCondition
    {
        RecvRequest data;
        private RecvRequest announced;
        /** The rank whose announcement for a later bcast has arrived; -1 for none (there is at most one). */
        private int announcedBy = -1;

        /** Wait for {@code parent}'s data ({@link #data}: true) or announcement (false). */
        boolean await(final Communicator c, final Object buffer, final int offset, final int count,
            final TypeMap type, final int parent)
        {
            final Engine engine = c.engine();
            data = c.irecv(data, buffer, offset, count, type, parent, CollectiveTag.BCAST);
            if (announcedBy == parent)
            {
                // the early announcement is this bcast's, unless this bcast's data came before it
                return engine.cancel(data) ? announcedNow() : awaitData(engine);
            }
            announced = c.irecv(announced, EMPTY, 0, 0, LONG, parent, CollectiveTag.BCAST_PATH);
            engine.await(this);
            if (data.ready())
            {
                keepEarly(engine, parent);
                return true;
            }
            if (engine.cancel(data))
            {
                return false;
            }
            // the data matched after all: the announcement is a later bcast's
            announcedBy = parent;
            return awaitData(engine);
        }

        @Override
        public boolean ready()
        {
            return data.ready() || announced.ready();
        }

        private boolean announcedNow()
        {
            announcedBy = -1;
            return false;
        }

        private boolean awaitData(final Engine engine)
        {
            engine.await(data);
            return true;
        }

        /** Withdraw the announcement's receive; if it matched already, it is a later bcast's. */
        private void keepEarly(final Engine engine, final int parent)
        {
            if (!engine.cancel(announced))
            {
                engine.await(announced);
                announcedBy = parent;
            }
        }
    }
}
