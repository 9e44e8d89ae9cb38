package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.LinkedHashMap;
import java.util.Map;

/** Open MPI's {@code Info}: hints as key-value strings. colompi reads none of them; they are kept and returned. */
public final class Info
{
    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean freed;

    public Info()
    {
    }

    public void set(final String key, final String value)
    {
        live("Info.set").put(key, value);
    }

    /** The value under {@code key}, or null. */
    public String get(final String key)
    {
        return live("Info.get").get(key);
    }

    public void delete(final String key)
    {
        if (live("Info.delete").remove(key) == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.ARG, "no info key " + key), "Info.delete");
        }
    }

    public int size()
    {
        return live("Info.size").size();
    }

    /** The {@code i}-th key, in the order they were set. */
    public String getKey(final int i)
    {
        return live("Info.getKey").keySet().toArray(new String[0])[i];
    }

    public Info dup()
    {
        final Info copy = new Info();
        copy.entries.putAll(live("Info.dup"));
        return copy;
    }

    public void free()
    {
        freed = true;
    }

    public boolean isNull()
    {
        return freed;
    }

    private Map<String, String> live(final String call)
    {
        if (freed)
        {
            throw MPI.raise(new MpiError(ErrorClass.ARG, "info was freed"), call);
        }
        return entries;
    }
}
