package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/** Each rank sends its rank (one int) to the next and receives from the previous: one local message each. */
public final class Ring
{
    private static final int WORLD_CONTEXT = 0;

    private Ring()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        final int rank = engine.worldRank();
        final int size = engine.worldSize();
        final TypeMap intType = TypeMap.basic(BaseType.INT);
        engine.send(WORLD_CONTEXT, rank, (rank + 1) % size, 7, new int[]{ rank }, 0, 1, intType, SendMode.STANDARD);
        final int[] received = new int[1];
        engine.recv(WORLD_CONTEXT, (rank + size - 1) % size, 7, received, 0, 1, intType);
        System.out.println("rank " + rank + " got " + received[0]);
    }
}
