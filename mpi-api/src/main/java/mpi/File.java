package mpi;

/** Open MPI's MPI-IO file: not yet in colompi; opening one throws an {@link MPIException} naming itself. */
public final class File
{
    public File(final Comm comm, final String filename, final int mode)
    {
        throw NotYet.raise("File", "MPI-IO");
    }

    public File(final Comm comm, final String filename, final int mode, final Info info)
    {
        throw NotYet.raise("File", "MPI-IO");
    }
}
