package io.colompi.bench;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;

/** One collective with its buffers (sized once for the largest message), run for a given element count. */
final class CollectiveCall
{
    private static final int ROOT = 0;

    private final Collective kind;
    private final Intracomm comm;
    private final Datatype type;
    private final Object send;
    private final Object recv;
    /** The v-variants' counts and displacements, set for each count. */
    private final int[] counts;
    private final int[] displs;

    CollectiveCall(final Collective kind, final Intracomm comm, final Element element, final int maxCount)
    {
        final int np = comm.Size();
        this.kind = kind;
        this.comm = comm;
        this.type = element.datatype();
        this.send = element.allocate(Math.max(1, kind.sendElements(maxCount, np)), comm.Rank() + 1);
        this.recv = element.allocate(Math.max(1, kind.recvElements(maxCount, np)), 0);
        this.counts = new int[np];
        this.displs = new int[np];
    }

    Collective kind()
    {
        return kind;
    }

    Intracomm comm()
    {
        return comm;
    }

    void run(final int count)
    {
        if (counts[0] != count)
        {
            for (int r = 0; r < counts.length; r++)
            {
                counts[r] = count;
                displs[r] = r * count;
            }
        }
        switch (kind)
        {
            case BARRIER:
                comm.Barrier();
                break;
            case BCAST:
                comm.Bcast(send, 0, count, type, ROOT);
                break;
            case REDUCE:
                comm.Reduce(send, 0, recv, 0, count, type, MPI.SUM, ROOT);
                break;
            case ALLREDUCE:
                comm.Allreduce(send, 0, recv, 0, count, type, MPI.SUM);
                break;
            case GATHER:
                comm.Gather(send, 0, count, type, recv, 0, count, type, ROOT);
                break;
            case SCATTER:
                comm.Scatter(send, 0, count, type, recv, 0, count, type, ROOT);
                break;
            case ALLGATHER:
                comm.Allgather(send, 0, count, type, recv, 0, count, type);
                break;
            case ALLGATHERV:
                comm.Allgatherv(send, 0, count, type, recv, 0, counts, displs, type);
                break;
            case ALLTOALL:
                comm.Alltoall(send, 0, count, type, recv, 0, count, type);
                break;
            case ALLTOALLV:
                comm.Alltoallv(send, 0, counts, displs, type, recv, 0, counts, displs, type);
                break;
            case GATHERV:
                comm.Gatherv(send, 0, count, type, recv, 0, counts, displs, type, ROOT);
                break;
            case SCATTERV:
                comm.Scatterv(send, 0, counts, displs, type, recv, 0, count, type, ROOT);
                break;
            case IALLREDUCE:
                comm.Iallreduce(send, 0, recv, 0, count, type, MPI.SUM).Wait();
                break;
            case IBCAST:
                comm.Ibcast(send, 0, count, type, ROOT).Wait();
                break;
            case IBARRIER:
                comm.Ibarrier().Wait();
                break;
            case IALLTOALL:
                comm.Ialltoall(send, 0, count, type, recv, 0, count, type).Wait();
                break;
            case IALLGATHER:
                comm.Iallgather(send, 0, count, type, recv, 0, count, type).Wait();
                break;
            case IALLTOALLV:
                comm.Ialltoallv(send, 0, counts, displs, type, recv, 0, counts, displs, type).Wait();
                break;
            case IALLGATHERV:
                comm.Iallgatherv(send, 0, count, type, recv, 0, counts, displs, type).Wait();
                break;
            case IREDUCE:
                comm.Ireduce(send, 0, recv, 0, count, type, MPI.SUM, ROOT).Wait();
                break;
            case IGATHER:
                comm.Igather(send, 0, count, type, recv, 0, count, type, ROOT).Wait();
                break;
            case ISCATTER:
                comm.Iscatter(send, 0, count, type, recv, 0, count, type, ROOT).Wait();
                break;
            case IGATHERV:
                comm.Igatherv(send, 0, count, type, recv, 0, counts, displs, type, ROOT).Wait();
                break;
            case ISCATTERV:
                comm.Iscatterv(send, 0, counts, displs, type, recv, 0, count, type, ROOT).Wait();
                break;
            default:
                throw new IllegalStateException(kind.toString());
        }
    }
}
