package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The user attributes and name of a communicator (Open MPI's {@code setAttr}, {@code setName}): kept beside the
 * communicator, rank-private like every static of package {@code mpi}; a datatype keeps its own. Keys come from
 * {@link #createKeyval}.
 */
final class Attributes
{
    /** First user key: below it are the predefined ones ({@code MPI.TAG_UB}, ...). */
    private static final int FIRST_KEY = 16;
    private static final Map<Comm, Attributes> OF = new WeakHashMap<>();
    private static final java.util.Set<Integer> KEYS = new java.util.HashSet<>();
    private static int nextKey = FIRST_KEY;

    String name;
    private final Map<Integer, Object> values = new HashMap<>();

    Attributes()
    {
    }

    static synchronized Attributes of(final Comm comm)
    {
        return OF.computeIfAbsent(comm, c -> new Attributes());
    }

    static synchronized int createKeyval()
    {
        KEYS.add(nextKey);
        return nextKey++;
    }

    static synchronized void freeKeyval(final int keyval)
    {
        if (!KEYS.remove(keyval))
        {
            throw MPI.raise(new MpiError(ErrorClass.KEYVAL, "no attribute key " + keyval), "Comm.freeKeyval");
        }
    }

    // A freed key stays valid where it is still set (MPI frees it once no object holds it any more).
    synchronized void set(final int keyval, final Object value, final String call)
    {
        if (!values.containsKey(keyval))
        {
            check(keyval, call);
        }
        values.put(keyval, value);
    }

    synchronized Object get(final int keyval, final String call)
    {
        if (!values.containsKey(keyval))
        {
            check(keyval, call);
        }
        return values.get(keyval);
    }

    synchronized void delete(final int keyval, final String call)
    {
        if (!values.containsKey(keyval))
        {
            check(keyval, call);
        }
        values.remove(keyval);
    }

    /** ERR_KEYVAL, naming {@code call}, unless {@code keyval} was made by {@link #createKeyval} and not freed. */
    static void check(final int keyval, final String call)
    {
        synchronized (Attributes.class)
        {
            if (!KEYS.contains(keyval))
            {
                throw MPI.raise(new MpiError(ErrorClass.KEYVAL, "attribute key " + keyval +
                    " was not made by createKeyval (or was freed)"), call);
            }
        }
    }
}
