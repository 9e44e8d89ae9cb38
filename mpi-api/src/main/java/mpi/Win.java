package mpi;

/** Open MPI's one-sided window: not yet in colompi; making one throws an {@link MPIException} naming itself. */
public final class Win
{
    public Win(final java.nio.Buffer base, final int size, final int dispUnit, final Info info, final Comm comm)
    {
        throw NotYet.raise("Win", "one-sided communication");
    }

    public Win(final Info info, final Comm comm)
    {
        throw NotYet.raise("Win", "one-sided communication");
    }
}
