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

    /**
     * {@code argument}, checked not to be null: a null array or handle is an MPI error of {@code errorClass} naming
     * {@code name}, not a NullPointerException from deep inside a call.
     */
    public static <T> T nonNull(final T argument, final ErrorClass errorClass, final String name)
    {
        if (argument == null)
        {
            throw new MpiError(errorClass, name + " is null");
        }
        return argument;
    }

    public ErrorClass errorClass()
    {
        return errorClass;
    }
}
