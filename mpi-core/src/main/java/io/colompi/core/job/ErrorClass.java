package io.colompi.core.job;

/**
 * MPI's error classes: MPI-1's in the standard's order, numbered from 0, then the one-sided ones with Open MPI's
 * numbers; {@link #code()} is the MPI error class number.
 */
public enum ErrorClass
{
    SUCCESS, BUFFER, COUNT, TYPE, TAG, COMM, RANK, REQUEST, ROOT, GROUP, OP, TOPOLOGY, DIMS, ARG, UNKNOWN,
    TRUNCATE, OTHER, INTERN, PENDING, IN_STATUS,
    DISP(26), LOCKTYPE(37), RMA_SYNC(47), SIZE(49), WIN(53), RMA_RANGE(68);

    private final int code;

    ErrorClass()
    {
        this.code = -1;
    }

    ErrorClass(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code < 0 ? ordinal() : code;
    }

    /** The class numbered {@code code}; OTHER for a number no class has. */
    public static ErrorClass ofCode(final int code)
    {
        for (final ErrorClass c : values())
        {
            if (c.code() == code)
            {
                return c;
            }
        }
        return OTHER;
    }

    /** The largest class number. */
    public static int lastCode()
    {
        return RMA_RANGE.code();
    }
}
