package io.colompi.core.job;

/** An MPI error raised by the engine; the {@code mpi} facade hands it to the communicator's error handler. */
public class MpiError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;

    public MpiError(final ErrorClass errorClass, final String message)
    {
        super(message);
        this.errorClass = errorClass;
    }

    public MpiError(final ErrorClass errorClass, final String message, final Throwable cause)
    {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public ErrorClass errorClass()
    {
        return errorClass;
    }
}
