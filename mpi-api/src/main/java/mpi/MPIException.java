package mpi;

/**
 * An MPI error. Unchecked, as in MPJ Express, so programs that never declared it compile unchanged.
 * Thrown under {@link MPI#ERRORS_RETURN} (the default); one the program does not catch ends the job, naming the
 * rank and this error. Under {@link MPI#ERRORS_ARE_FATAL} the job ends at the error and the call never returns.
 */
public class MPIException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errorClass;

    public MPIException()
    {
        this("MPI error");
    }

    public MPIException(final String message)
    {
        this(message, MPI.ERR_OTHER, null);
    }

    public MPIException(final Throwable cause)
    {
        this(String.valueOf(cause), MPI.ERR_OTHER, cause);
    }

    MPIException(final String message, final int errorClass, final Throwable cause)
    {
        super(message, cause);
        this.errorClass = errorClass;
    }

    /** The MPI error class, one of {@code MPI.ERR_*}. */
    public int getErrorClass()
    {
        return errorClass;
    }

    // Open MPI Java bindings API

    /** The error code: colompi's codes are the error classes themselves. */
    public int getErrorCode()
    {
        return errorClass;
    }
}
