package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Each rank says hello ({@code hello from rank R of N}), then sends its rank (one int) to every other rank and
 * receives one from each, checking it: exactly one message to each peer, so {@code --stats} shows the placement.
 */
public final class HelloEveryone
{
    private static final int WORLD_CONTEXT = 0;
    private static final int TAG = 5;

    private HelloEveryone()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        final int rank = engine.worldRank();
        final int size = engine.worldSize();
        final TypeMap intType = TypeMap.basic(BaseType.INT);
        System.out.println("hello from rank " + rank + " of " + size);
        final List<SendRequest> sends = new ArrayList<>(size);
        for (int peer = 0; peer < size; peer++)
        {
            if (peer != rank)
            {
                final SendRequest send = engine.newSend(WORLD_CONTEXT, rank, peer, TAG, new int[]{ rank }, 0, 1, intType,
                    SendMode.STANDARD);
                engine.start(send);
                sends.add(send);
            }
        }
        final int[] received = new int[1];
        for (int peer = 0; peer < size; peer++)
        {
            if (peer != rank)
            {
                engine.recv(WORLD_CONTEXT, peer, TAG, received, 0, 1, intType);
                if (received[0] != peer)
                {
                    throw new IllegalStateException("rank " + rank + " got " + received[0] + " from rank " + peer);
                }
            }
        }
        sends.forEach(engine::awaitRequest);
        System.out.println("rank " + rank + " heard from " + (size - 1) + " ranks");
    }
}
