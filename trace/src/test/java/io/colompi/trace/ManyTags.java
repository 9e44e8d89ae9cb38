package io.colompi.trace;

import mpi.Intracomm;
import mpi.MPI;

/**
 * Each rank sends itself {@code args[0]} ints, each under a tag of its own among 1 000, so that no call repeats one of
 * those before it: its journal grows by a full record (48 bytes) a call.
 */
public final class ManyTags
{
    private ManyTags()
    {
    }

    public static void main(final String[] args)
    {
        MPI.Init(args);
        final int calls = Integer.parseInt(args[args.length - 1]);
        final Intracomm world = MPI.COMM_WORLD;
        final int me = world.Rank();
        final int[] sent = new int[1];
        final int[] received = new int[1];
        long sum = 0;
        for (int call = 0; call < calls; call++)
        {
            sent[0] = call;
            world.Sendrecv(sent, 0, 1, MPI.INT, me, call % 1000, received, 0, 1, MPI.INT, me, call % 1000);
            sum += received[0];
        }
        System.out.println("many tags done: " + calls + " calls, sum " + sum);
        MPI.Finalize();
    }
}
