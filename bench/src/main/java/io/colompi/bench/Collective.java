package io.colompi.bench;

/** The collectives the suite times, by their OSU benchmark name (osu_allreduce is {@code allreduce}). */
public enum Collective
{
    ALLREDUCE(true),
    BCAST(false),
    BARRIER(false),
    ALLTOALL(false),
    ALLGATHER(false),
    REDUCE(true),
    GATHER(false),
    SCATTER(false);

    private final boolean reduction;

    Collective(final boolean reduction)
    {
        this.reduction = reduction;
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
        return this == SCATTER || this == ALLTOALL ? count * np : count;
    }

    int recvElements(final int count, final int np)
    {
        return this == GATHER || this == ALLGATHER || this == ALLTOALL ? count * np : count;
    }
}
