package mpi;

import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.trace.Call;

/** A persistent request: made once by {@code Send_init}/{@code Recv_init}, started any number of times. */
public class Prequest extends Request
{
    final io.colompi.core.pt2pt.Request prototype;
    private final Status procNull;
    private final Comm.BufferedSend buffered;
    private boolean freed;

    Prequest(final Engine engine, final io.colompi.core.pt2pt.Request prototype, final int elementBytes,
        final Comm.BufferedSend buffered)
    {
        super(engine, null, elementBytes);
        this.prototype = prototype;
        this.procNull = null;
        this.buffered = buffered;
    }

    /** A persistent request with a {@code PROC_NULL} peer: every start completes at once. */
    Prequest(final Engine engine, final Status procNull)
    {
        super(engine, null, 0);
        this.prototype = null;
        this.procNull = procNull;
        this.buffered = null;
    }

    /** Start the communication again, with the buffer's current contents. */
    public void Start()
    {
        MPI.started("Prequest.Start");
        if (freed)
        {
            throw MPI.raise(new MpiError(io.colompi.core.job.ErrorClass.REQUEST, "persistent request was freed"),
                "Prequest.Start");
        }
        if (!Is_null())
        {
            throw MPI.raise(new MpiError(io.colompi.core.job.ErrorClass.REQUEST,
                "persistent request started while still active"), "Prequest.Start");
        }
        if (procNull != null)
        {
            immediate = procNull;
            return;
        }
        try
        {
            if (buffered != null)
            {
                immediate = buffered.start();
            }
            else if (prototype instanceof SendRequest)
            {
                engine.isend((SendRequest)prototype, Call.START);
                core = prototype;
            }
            else
            {
                engine.irecv((RecvRequest)prototype, Call.START_RECV);
                core = prototype;
            }
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Prequest.Start");
        }
    }

    public static void Startall(final Prequest[] array_of_requests)
    {
        for (final Prequest request : given(array_of_requests, "Prequest.Startall"))
        {
            if (request == null)
            {
                throw MPI.raise(new MpiError(io.colompi.core.job.ErrorClass.REQUEST,
                    "a null request cannot be started"), "Prequest.Startall");
            }
            request.Start();
        }
    }

    @Override
    public void Free()
    {
        super.Free();
        freed = true;
    }

    // Open MPI Java bindings API

    /** Start the communication again, with the buffer's current contents. */
    public void start()
    {
        Start();
    }

    public static void startAll(final Prequest[] requests)
    {
        Startall(given(requests, "Prequest.startAll"));
    }
}
