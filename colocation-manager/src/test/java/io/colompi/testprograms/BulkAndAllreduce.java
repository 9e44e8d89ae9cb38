package io.colompi.testprograms;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * Moves a few MiB and checks every value: each rank sends {@value #ROUNDS} messages of {@value #DOUBLES} doubles
 * (2 MiB) round the ring of ranks, then the ranks Allreduce (sum) a vector of {@value #VECTOR} doubles. Prints
 * {@code rank R ok}; a wrong value fails the rank.
 */
public final class BulkAndAllreduce
{
    private static final int WORLD_CONTEXT = 0;
    private static final int DOUBLES = 256 * 1024;
    private static final int ROUNDS = 2;
    private static final int VECTOR = 64 * 1024;

    private BulkAndAllreduce()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        final int rank = engine.worldRank();
        final int size = engine.worldSize();
        final TypeMap doubles = TypeMap.basic(BaseType.DOUBLE);
        final int next = (rank + 1) % size;
        final int previous = (rank + size - 1) % size;
        final double[] in = new double[DOUBLES];
        for (int round = 0; round < ROUNDS; round++)
        {
            final double[] out = new double[DOUBLES];
            for (int i = 0; i < DOUBLES; i++)
            {
                out[i] = value(rank, round, i);
            }
            final SendRequest send = engine.newSend(WORLD_CONTEXT, rank, next, round, out, 0, DOUBLES, doubles, SendMode.STANDARD);
            engine.start(send);
            engine.recv(WORLD_CONTEXT, previous, round, in, 0, DOUBLES, doubles);
            engine.awaitRequest(send);
            for (int i = 0; i < DOUBLES; i++)
            {
                if (in[i] != value(previous, round, i))
                {
                    throw new IllegalStateException("rank " + rank + " round " + round + ": element " + i + " from rank " +
                        previous + " is " + in[i] + ", not " + value(previous, round, i));
                }
            }
        }
        final double[] mine = new double[VECTOR];
        final double[] sum = new double[VECTOR];
        for (int i = 0; i < VECTOR; i++)
        {
            mine[i] = rank + i;
        }
        Collectives.allreduce(Communicator.world(engine), mine, 0, sum, 0, VECTOR, doubles, PredefinedOp.SUM);
        for (int i = 0; i < VECTOR; i++)
        {
            final double expected = (double)size * i + size * (size - 1) / 2.0;
            if (sum[i] != expected)
            {
                throw new IllegalStateException("rank " + rank + ": Allreduce element " + i + " is " + sum[i] + ", not " + expected);
            }
        }
        System.out.println("rank " + rank + " ok");
    }

    private static double value(final int rank, final int round, final int i)
    {
        return rank * 1e7 + round * 1e6 + i;
    }
}
