package io.colompi.core.job;

/**
 * MPI's error classes: MPI-1's in the standard's order, numbered from 0, then the file and one-sided ones with Open
 * MPI's numbers; {@link #code()} is the MPI error class number.
 */
public enum ErrorClass
{
    SUCCESS, BUFFER, COUNT, TYPE, TAG, COMM, RANK, REQUEST, ROOT, GROUP, OP, TOPOLOGY, DIMS, ARG, UNKNOWN,
    TRUNCATE, OTHER, INTERN, PENDING, IN_STATUS,
    ACCESS(20), AMODE(21), BAD_FILE(23), DISP(26), FILE_EXISTS(28), FILE(30), IO(35), KEYVAL(36), LOCKTYPE(37),
    NAME(38), NOT_SAME(40), NO_SUCH_FILE(42), PORT(43), READ_ONLY(45), RMA_SYNC(47), SERVICE(48), SIZE(49),
    UNSUPPORTED_DATAREP(51), WIN(53), RMA_RANGE(68);

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
