package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * Ranks in different JVMs agree that they pass the same number of items before a collective whose path depends on
 * the count ({@link Selection#bcastCountsMayDiverge}, {@link Selection#allreduceCountsMayDiverge}): ranks passing
 * different counts would take different paths and wait for each other for ever (MPI calls it erroneous). One small
 * allreduce (recursive doubling, two longs, in arrays the communicator keeps: nothing allocated per call); a mismatch fails every rank with {@code ERR_TRUNCATE} naming the
 * lowest rank that passes the fewest items, so no rank is left waiting. Where every count takes the same path,
 * a mismatch shows at no cost in the sizes of the algorithm's messages ({@link Plan#stepError}); in one JVM the
 * arenas compare counts themselves. {@code colompi.coll.checkCounts=false} skips it.
 */
final class CountAgreement
{
    private static final TypeMap LONG = TypeMap.basic(BaseType.LONG);

    private CountAgreement()
    {
    }

    /**
     * Fails every rank of {@code c} if they pass different {@code count * type.size()} to {@code collective}; the
     * caller asks only where the count decides the path (so across JVMs). Returns whether the ranks agreed.
     */
    static boolean check(final Communicator c, final String collective, final int count, final TypeMap type)
    {
        if (!c.engine().job().settings().checkCounts())
        {
            return false;
        }
        final long items = (long)count * type.size();
        final CollectiveState state = CollectiveState.of(c);
        final long[] mine = state.countsOut;
        mine[0] = items;
        mine[1] = -items;
        final long[] bounds = state.countsBack;
        Allreduce.recursiveDoubling(c, mine, 0, bounds, 0, 2, LONG, PredefinedOp.MAX, CollectiveTag.COUNTS);
        final long most = bounds[0];
        final long fewest = -bounds[1];
        if (most != fewest)
        {
            final long[] first = new long[1];
            Allreduce.recursiveDoubling(c, new long[]{ items == fewest ? c.rank() : c.size() }, 0, first, 0, 1,
                LONG, PredefinedOp.MIN, CollectiveTag.COUNTS);
            throw new MpiError(ErrorClass.TRUNCATE, "message truncated: " + collective + " counts differ: rank " +
                first[0] + " passed " + fewest + " items, another rank " + most);
        }
        return true;
    }
}
