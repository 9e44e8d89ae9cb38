package io.colompi.trace;

import mpi.Intracomm;
import mpi.MPI;
import mpi.Prequest;
import mpi.Request;

import java.nio.ByteBuffer;

/**
 * Rank 0 sends rank 1 an int in each mode of the nonblocking and buffered sends and through a persistent request;
 * rank 1 takes the last through a persistent receive. The other ranks only join.
 */
public final class SendCalls
{
    private SendCalls()
    {
    }

    public static void main(final String[] args)
    {
        MPI.Init(args);
        MPI.Buffer_attach(ByteBuffer.allocateDirect(1 << 16));
        final Intracomm world = MPI.COMM_WORLD;
        final int[] one = { 7 };
        if (world.Rank() == 1)
        {
            final Request ready = world.Irecv(new int[1], 0, 1, MPI.INT, 0, 3);
            world.Barrier();
            for (int tag = 1; tag <= 5; tag++)
            {
                if (tag != 3)
                {
                    world.Recv(new int[1], 0, 1, MPI.INT, 0, tag);
                }
            }
            ready.Wait();
            final Prequest persistent = world.Recv_init(new int[1], 0, 1, MPI.INT, 0, 6);
            persistent.Start();
            persistent.Wait();
        }
        else if (world.Rank() == 0)
        {
            world.Barrier(); // rank 1's receive for the ready send is posted
            final Request[] sent = {
                world.Isend(one, 0, 1, MPI.INT, 1, 1),
                world.Issend(one, 0, 1, MPI.INT, 1, 2),
                world.Irsend(one, 0, 1, MPI.INT, 1, 3),
                world.Ibsend(one, 0, 1, MPI.INT, 1, 5),
            };
            world.Bsend(one, 0, 1, MPI.INT, 1, 4);
            final Prequest persistent = world.Send_init(one, 0, 1, MPI.INT, 1, 6);
            persistent.Start();
            Request.Waitall(sent);
            persistent.Wait();
        }
        else
        {
            world.Barrier();
        }
        MPI.Buffer_detach();
        MPI.Finalize();
    }
}
