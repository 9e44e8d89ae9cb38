package io.colompi.core.trace;

/** The tier a message took, as a journal code: by the transport's name ({@code local}, {@code shm}, {@code aeron}). */
public final class Tier
{
    public static final int NONE = 0;
    public static final int LOCAL = 1;
    public static final int SHM = 2;
    public static final int AERON = 3;
    public static final int OTHER = 4;

    private static final String[] NAMES = { "-", "local", "shm", "aeron", "other" };

    private Tier()
    {
    }

    /** The code of the transport named {@code transportName}. */
    public static int of(final String transportName)
    {
        for (int code = LOCAL; code < OTHER; code++)
        {
            if (NAMES[code].equals(transportName))
            {
                return code;
            }
        }
        return OTHER;
    }

    public static String name(final int code)
    {
        return code >= 0 && code < NAMES.length ? NAMES[code] : NAMES[OTHER];
    }

    /** Number of codes. */
    public static int count()
    {
        return NAMES.length;
    }
}
