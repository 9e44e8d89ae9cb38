package mpi;

import io.colompi.core.pt2pt.Engine;

/** The request of a nonblocking collective whose results are copied back into nio buffers when it completes. */
final class StagedRequest extends CollectiveRequest
{
    private final Staging staging;

    StagedRequest(final Engine engine, final io.colompi.core.pt2pt.Request core, final Staging staging)
    {
        super(engine, core);
        this.staging = staging;
    }

    @Override
    Status report()
    {
        staging.end(true);
        return super.report();
    }
}
