package io.colompi.core.job;

/** MPI-1 error classes, in the standard's order; {@link #code()} is the MPI error class number. */
public enum ErrorClass
{
    SUCCESS, BUFFER, COUNT, TYPE, TAG, COMM, RANK, REQUEST, ROOT, GROUP, OP, TOPOLOGY, DIMS, ARG, UNKNOWN,
    TRUNCATE, OTHER, INTERN, PENDING, IN_STATUS;

    public int code()
    {
        return ordinal();
    }
}
