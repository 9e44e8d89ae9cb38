package mpi;

import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.trace.Call;

import java.util.function.Supplier;

/**
 * A facade call of a window, a file, or one that makes a communicator: refused outside Init and Finalize, its errors
 * named after it, traced.
 */
final class Calls
{
    private Calls()
    {
    }

    /** {@code operation} as facade call {@code call} on {@code context} ({@code -1}: none). */
    static <T> T call(final Engine engine, final int context, final String call, final Supplier<T> operation)
    {
        MPI.started(call);
        final long startNs = engine.traceStart();
        final long idleNs = engine.traceIdle();
        final T result;
        try
        {
            result = operation.get();
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
        if (engine.traced())
        {
            engine.traceIdled(Call.named(call), context, startNs, idleNs);
        }
        return result;
    }

    static void run(final Engine engine, final int context, final String call, final Runnable operation)
    {
        call(engine, context, call, () ->
        {
            operation.run();
            return null;
        });
    }
}
