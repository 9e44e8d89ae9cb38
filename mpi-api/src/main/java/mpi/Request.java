package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.trace.Call;

/**
 * A nonblocking communication. Once {@code Wait} or a successful {@code Test} has reported its completion it
 * becomes a null request ({@link #Is_null()}), as MPI turns the handle into {@code MPI_REQUEST_NULL}.
 */
public class Request
{
    final Engine engine;
    io.colompi.core.pt2pt.Request core;
    /** Status of a request that completed when it was made (PROC_NULL peers, buffered sends). */
    Status immediate;
    private final int elementBytes;

    Request(final Engine engine, final io.colompi.core.pt2pt.Request core, final int elementBytes)
    {
        this.engine = engine;
        this.core = core;
        this.elementBytes = elementBytes;
    }

    Request(final Engine engine, final Status immediate)
    {
        this.engine = engine;
        this.immediate = immediate;
        this.elementBytes = 0;
    }

    /** Block until the communication completes; returns its status. */
    public Status Wait()
    {
        MPI.started("Request.Wait");
        final io.colompi.core.pt2pt.Request pending = core;
        if (pending != null)
        {
            final long startNs = engine.traceStart();
            final long idledNs;
            try
            {
                idledNs = engine.awaitRequest(pending);
            }
            catch (final MpiError e)
            {
                release();
                throw MPI.raise(e, "Request.Wait");
            }
            engine.trace(Call.WAIT, pending, startNs, idledNs);
        }
        return report();
    }

    /** The status if the communication has completed, else null. */
    public Status Test()
    {
        MPI.started("Request.Test");
        final long startNs = engine.traceStart();
        final io.colompi.core.pt2pt.Request pending = core;
        if (!done())
        {
            engine.progress();
            if (!done())
            {
                engine.trace(Call.TEST, -1, -1, -1, 0, startNs, 0);
                return null;
            }
        }
        if (pending != null)
        {
            engine.trace(Call.TEST, pending, startNs, 0);
        }
        checkError("Request.Test");
        return report();
    }

    /** Whether this is a null request: completed and reported, freed, or never active. */
    public boolean Is_null()
    {
        return core == null && immediate == null;
    }

    /**
     * Cancel a receive that has not matched yet; its status then reports {@code Test_cancelled()}. A receive that
     * already matched completes normally. Cancelling a send has no effect (MPI lets a cancel fail): the send
     * completes and its status's {@code Test_cancelled()} is false.
     */
    public void Cancel()
    {
        MPI.started("Request.Cancel");
        final io.colompi.core.pt2pt.Request pending = core;
        if (pending == null)
        {
            return;
        }
        // MPI lets a cancel fail: a send (possibly delivered already) completes normally, Test_cancelled false.
        if (pending instanceof RecvRequest)
        {
            engine.cancel((RecvRequest)pending);
        }
    }

    /** Release the request; a pending communication still completes, but nobody can wait for it. */
    public void Free()
    {
        MPI.started("Request.Free");
        core = null;
        immediate = null;
    }

    /** Wait for one of {@code array_of_requests}; the status's {@code index} names it (UNDEFINED if all null). */
    public static Status Waitany(final Request[] array_of_requests)
    {
        final int index = waitForAny(given(array_of_requests, "Request.Waitany"));
        if (index < 0)
        {
            final Status none = new Status();
            none.index = MPI.UNDEFINED;
            return none;
        }
        final Status status = array_of_requests[index].Wait();
        status.index = index;
        return status;
    }

    /** Wait for all; statuses in array order (empty statuses for null requests). */
    public static Status[] Waitall(final Request[] array_of_requests)
    {
        MPI.started("Request.Waitall");
        final Status[] statuses = new Status[given(array_of_requests, "Request.Waitall").length];
        for (int i = 0; i < statuses.length; i++)
        {
            statuses[i] = array_of_requests[i] == null ? new Status() : array_of_requests[i].Wait();
            statuses[i].index = i;
        }
        return statuses;
    }

    /** Wait until at least one completes; returns the statuses of all that completed (empty if all are null). */
    public static Status[] Waitsome(final Request[] array_of_requests)
    {
        if (waitForAny(given(array_of_requests, "Request.Waitsome")) < 0)
        {
            return new Status[0];
        }
        return Testsome(array_of_requests);
    }

    /**
     * The status of one completed request (with its index), null if none has completed; with no active request (all
     * null, or none) an empty status whose index is {@link MPI#UNDEFINED}, as {@code MPI_Testany} says.
     */
    public static Status Testany(final Request[] array_of_requests)
    {
        MPI.started("Request.Testany");
        given(array_of_requests, "Request.Testany");
        boolean active = false;
        for (int i = 0; i < array_of_requests.length; i++)
        {
            final Request r = array_of_requests[i];
            if (r != null && !r.Is_null())
            {
                active = true;
                if (r.done())
                {
                    final Status status = r.Test();
                    status.index = i;
                    return status;
                }
            }
        }
        if (active)
        {
            return null;
        }
        // no active request (none at all, or all null): MPI_Testany says "true", index MPI_UNDEFINED
        final Status none = new Status();
        none.index = MPI.UNDEFINED;
        return none;
    }

    /** All statuses if every request has completed, else null (and nothing is reported). */
    public static Status[] Testall(final Request[] array_of_requests)
    {
        MPI.started("Request.Testall");
        for (final Request r : given(array_of_requests, "Request.Testall"))
        {
            if (r != null && !r.Is_null() && !r.done())
            {
                return null;
            }
        }
        return Waitall(array_of_requests);
    }

    /** Statuses of the requests that have completed (possibly none). */
    public static Status[] Testsome(final Request[] array_of_requests)
    {
        MPI.started("Request.Testsome");
        given(array_of_requests, "Request.Testsome");
        final java.util.List<Status> completed = new java.util.ArrayList<>();
        for (int i = 0; i < array_of_requests.length; i++)
        {
            final Request r = array_of_requests[i];
            if (r != null && !r.Is_null() && r.done())
            {
                final Status status = r.Test();
                status.index = i;
                completed.add(status);
            }
        }
        return completed.toArray(new Status[0]);
    }

    boolean done()
    {
        final io.colompi.core.pt2pt.Request pending = core;
        if (pending == null || pending.isComplete())
        {
            return true;
        }
        // Test-style loops must move transports that nobody else polls (shared memory, nonblocking collectives).
        engine.progress();
        return pending.isComplete();
    }

    /** Status of the completed communication; the request becomes null (persistent ones inactive). */
    Status report()
    {
        final Status status;
        final io.colompi.core.pt2pt.Request completed = core;
        if (completed != null)
        {
            status = new Status(completed.source(), completed.tag(), completed.elements(), elementBytes,
                completed.isCancelled());
        }
        else if (immediate != null)
        {
            status = immediate;
        }
        else
        {
            status = new Status();
        }
        release();
        return status;
    }

    void release()
    {
        core = null;
        immediate = null;
    }

    private void checkError(final String call)
    {
        final io.colompi.core.pt2pt.Request completed = core;
        if (completed != null && completed.error() != null)
        {
            release();
            throw MPI.raise(completed.error(), call);
        }
    }

    /** {@code requests}, checked not to be null (an array of null requests is fine: they are inactive). */
    static <T extends Request> T[] given(final T[] requests, final String call)
    {
        if (requests == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.ARG, "the array of requests is null"), call);
        }
        return requests;
    }

    private static int waitForAny(final Request[] requests)
    {
        MPI.started("Request.Waitany");
        Engine engine = null;
        for (final Request r : requests)
        {
            if (r != null && !r.Is_null())
            {
                engine = r.engine;
                break;
            }
        }
        if (engine == null)
        {
            return -1;
        }
        final int[] found = { -1 };
        final long startNs = engine.traceStart();
        final long idledNs;
        try
        {
            idledNs = engine.await(() ->
            {
                for (int i = 0; i < requests.length; i++)
                {
                    final Request r = requests[i];
                    if (r != null && !r.Is_null() && r.done())
                    {
                        found[0] = i;
                        return true;
                    }
                }
                return false;
            });
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Request.Waitany");
        }
        engine.trace(Call.WAITANY, -1, -1, -1, 0, startNs, idledNs);
        return found[0];
    }

    // Open MPI Java bindings API
    //
    // The same requests as above: a request made by either API's calls may be completed by either API's waits.

    /** Block until the communication completes. */
    public void waitFor()
    {
        Wait();
    }

    /** Block until the communication completes; returns its status. */
    public Status waitStatus()
    {
        return Wait();
    }

    /** Whether the communication has completed (then the request becomes null). */
    public boolean test()
    {
        return Test() != null;
    }

    /** The status if the communication has completed (then the request becomes null), else null. */
    public Status testStatus()
    {
        return Test();
    }

    /** Cancel a receive that has not matched yet. */
    public void cancel()
    {
        Cancel();
    }

    /** Release the request; a pending communication still completes. */
    public void free()
    {
        Free();
    }

    /** Whether this is a null request: completed and reported, freed, or never active. */
    public boolean isNull()
    {
        return Is_null();
    }

    /** Wait for one request; returns its index, or {@link MPI#UNDEFINED} if all are null. */
    public static int waitAny(final Request[] requests)
    {
        return Waitany(given(requests, "Request.waitAny")).index;
    }

    /** Wait for one request; its status's {@code getIndex()} names it. */
    public static Status waitAnyStatus(final Request[] requests)
    {
        return Waitany(given(requests, "Request.waitAnyStatus"));
    }

    public static void waitAll(final Request[] requests)
    {
        Waitall(given(requests, "Request.waitAll"));
    }

    public static Status[] waitAllStatus(final Request[] requests)
    {
        return Waitall(given(requests, "Request.waitAllStatus"));
    }

    /** The index of a completed request (now null), or {@link MPI#UNDEFINED} if none has completed. */
    public static int testAny(final Request[] requests)
    {
        final Status status = Testany(given(requests, "Request.testAny"));
        return status == null ? MPI.UNDEFINED : status.index;
    }

    public static Status testAnyStatus(final Request[] requests)
    {
        return Testany(given(requests, "Request.testAnyStatus"));
    }

    /** Whether all have completed (then all become null). */
    public static boolean testAll(final Request[] requests)
    {
        return Testall(given(requests, "Request.testAll")) != null;
    }

    public static Status[] testAllStatus(final Request[] requests)
    {
        return Testall(given(requests, "Request.testAllStatus"));
    }

    /** Indices of the requests that completed, at least one; null if all are null. */
    public static int[] waitSome(final Request[] requests)
    {
        return indices(waitSomeStatus(given(requests, "Request.waitSome")));
    }

    /** Statuses of the requests that completed, at least one; null if all are null. */
    public static Status[] waitSomeStatus(final Request[] requests)
    {
        final Status[] statuses = Waitsome(given(requests, "Request.waitSomeStatus"));
        return statuses.length == 0 ? null : statuses;
    }

    /** Indices of the requests that have completed (possibly none). */
    public static int[] testSome(final Request[] requests)
    {
        return indices(Testsome(given(requests, "Request.testSome")));
    }

    public static Status[] testSomeStatus(final Request[] requests)
    {
        return Testsome(given(requests, "Request.testSomeStatus"));
    }

    private static int[] indices(final Status[] statuses)
    {
        if (statuses == null)
        {
            return null;
        }
        final int[] indices = new int[statuses.length];
        for (int i = 0; i < indices.length; i++)
        {
            indices[i] = statuses[i].index;
        }
        return indices;
    }
}
