package io.colompi.core.wait;

import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fields that a rank writes on every message, or that other ranks read on every send, lie at least a cache line
 * from both ends of their object ({@link CacheLinePadding}), so no other object shares a line with them.
 */
class CacheLinePaddingTest
{
    private static final int CACHE_LINE = 64;

    @Test
    void theFieldsOfTheMessagePathHaveTheirLinesToThemselves() throws ReflectiveOperationException
    {
        final Map<String, List<String>> hot = Map.of(
            "io.colompi.core.wait.Backoff",
            List.of("idle", "parkNs", "lastSpinNs", "contendedUntilNs", "lastPreemptedNs", "stallAtNs"),
            "io.colompi.core.wait.Doorbell", List.of("sleeping"),
            "io.colompi.core.transport.TransportStats", List.of("messages", "bytes"),
            "io.colompi.core.pt2pt.ReadingLock", List.of("held"),
            "io.colompi.core.pt2pt.Matcher",
            List.of("postedHead", "postedTail", "unexpectedHead", "unexpectedTail", "free"),
            "io.colompi.core.pt2pt.Reassembly", List.of("context", "tag", "bytesDone", "direct", "buffered"),
            "io.colompi.core.pt2pt.Incoming", List.of("context", "tag", "data", "length", "own", "pooled"));
        final Unsafe unsafe = unsafe();
        for (final Map.Entry<String, List<String>> type : hot.entrySet())
        {
            final Class<?> c = Class.forName(type.getKey());
            long end = 0;
            for (Class<?> k = c; k != Object.class; k = k.getSuperclass())
            {
                for (final Field field : k.getDeclaredFields())
                {
                    if (!Modifier.isStatic(field.getModifiers()))
                    {
                        end = Math.max(end, unsafe.objectFieldOffset(field) + bytes(field));
                    }
                }
            }
            for (final String name : type.getValue())
            {
                final Field field = c.getDeclaredField(name);
                final long offset = unsafe.objectFieldOffset(field);
                final String where = c.getSimpleName() + "." + name + " at " + offset + " of " + end + " bytes";
                assertTrue(offset >= CACHE_LINE, where);
                assertTrue(end - offset - bytes(field) >= CACHE_LINE, where);
            }
        }
    }

    private static long bytes(final Field field)
    {
        final Class<?> t = field.getType();
        return t == long.class || t == double.class ? 8 : t == byte.class || t == boolean.class ? 1 :
            t == short.class || t == char.class ? 2 : 4;
    }

    private static Unsafe unsafe() throws ReflectiveOperationException
    {
        final Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        return (Unsafe)theUnsafe.get(null);
    }
}
