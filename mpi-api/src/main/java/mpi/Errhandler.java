package mpi;

/** What happens on an MPI error: {@link MPI#ERRORS_ARE_FATAL} ends the job, {@link MPI#ERRORS_RETURN} throws. */
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
