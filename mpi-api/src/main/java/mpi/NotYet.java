package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

/** The error of an Open MPI-API call colompi does not implement yet: names the call and the missing feature. */
final class NotYet
{
    private NotYet()
    {
    }

    static MPIException raise(final String call, final String feature)
    {
        return MPI.raise(new MpiError(ErrorClass.OTHER, call + " is not implemented yet in colompi (" + feature +
            "; see README, 'Not yet')"), call);
    }
}
