package mpi;

/** What happens on an MPI error: {@link MPI#ERRORS_RETURN} (default) throws, {@link MPI#ERRORS_ARE_FATAL} ends the job. */
public final class Errhandler
{
    private final boolean fatal;

    Errhandler(final boolean fatal)
    {
        this.fatal = fatal;
    }

    boolean isFatal()
    {
        return fatal;
    }

    @Override
    public String toString()
    {
        return fatal ? "ERRORS_ARE_FATAL" : "ERRORS_RETURN";
    }

    // Open MPI Java bindings API

    public boolean isNull()
    {
        return false;
    }
}
