package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;

/**
 * The request of a nonblocking collective ({@code Intracomm.Ibcast}, ...): {@code Wait}, {@code Test} and the
 * {@code Waitall}/{@code Testany}/... family work on it as on any request, mixed with point-to-point ones; its
 * status carries no source, tag or count. MPI forbids cancelling a collective.
 */
class CollectiveRequest extends Request
{
    CollectiveRequest(final Engine engine, final io.colompi.core.pt2pt.Request core)
    {
        super(engine, core, 0);
    }

    @Override
    public void Cancel()
    {
        if (!Is_null())
        {
            throw MPI.raise(new MpiError(ErrorClass.REQUEST, "a nonblocking collective cannot be cancelled"),
                "Request.Cancel");
        }
    }
}
