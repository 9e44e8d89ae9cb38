package io.colompi.bench;

/**
 * The collectives the suite times, by their OSU benchmark name (osu_allreduce is {@code allreduce}); the nonblocking
 * ones ({@code iallreduce}, ...) are started and waited for at once, as osu_iallreduce's pure communication time.
 */
public enum Collective
{
    ALLREDUCE(true),
    BCAST(false),
    BARRIER(false),
    ALLTOALL(false),
    /** Blocks of equal counts, as osu_alltoallv. */
    ALLTOALLV(false),
    ALLGATHER(false),
    /** Blocks of equal counts, as osu_allgatherv. */
    ALLGATHERV(false),
    REDUCE(true),
    GATHER(false),
    SCATTER(false),
    /** Blocks of equal counts, as osu_gatherv. */
    GATHERV(false),
    /** Blocks of equal counts, as osu_scatterv. */
    SCATTERV(false),
    IALLREDUCE(ALLREDUCE),
    IBCAST(BCAST),
    IBARRIER(BARRIER),
    IALLTOALL(ALLTOALL),
    IALLTOALLV(ALLTOALLV),
    IALLGATHER(ALLGATHER),
    IALLGATHERV(ALLGATHERV),
    IREDUCE(REDUCE),
    IGATHER(GATHER),
    ISCATTER(SCATTER),
    IGATHERV(GATHERV),
    ISCATTERV(SCATTERV);

    private final boolean reduction;
    /** The blocking collective whose data this one moves: itself, unless it is nonblocking. */
    private final Collective blocking;

    Collective(final boolean reduction)
    {
        this.reduction = reduction;
        this.blocking = this;
    }

    Collective(final Collective blocking)
    {
        this.reduction = blocking.reduction;
        this.blocking = blocking;
    }

    /** Started as a request and then waited for. */
    public boolean nonblocking()
    {
        return blocking != this;
    }

    /** The blocking collective whose data this one moves: itself, unless it is nonblocking. */
    public Collective blocking()
    {
        return blocking;
    }

    /** Reductions combine elements; their default datatype is double (OSU uses float). */
    public boolean reduction()
    {
        return reduction;
    }

    /** The subcommand and CSV name. */
    public String label()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Elements each rank's send buffer holds for {@code count} elements per message. */
    int sendElements(final int count, final int np)
    {
        return blocking == SCATTER || blocking == SCATTERV || blocking == ALLTOALL || blocking == ALLTOALLV ?
            count * np : count;
    }

    int recvElements(final int count, final int np)
    {
        return blocking == GATHER || blocking == GATHERV || blocking == ALLGATHER || blocking == ALLGATHERV ||
            blocking == ALLTOALL || blocking == ALLTOALLV ? count * np : count;
    }
}
