package io.colompi.colo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where test programs leave what they saw; in a shared package, so every rank writes to the same map. */
public final class Observations
{
    private static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    private Observations()
    {
    }

    public static void put(final int rank, final String key, final Object value)
    {
        SEEN.put(rank + "." + key, value);
    }

    public static Object get(final int rank, final String key)
    {
        return SEEN.get(rank + "." + key);
    }

    public static void clear()
    {
        SEEN.clear();
    }
}
