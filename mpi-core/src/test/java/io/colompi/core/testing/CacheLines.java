package io.colompi.core.testing;

import sun.misc.Unsafe;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that fields lie at least a cache line from both ends of their object, so that no other object shares a line
 * with them ({@link io.colompi.core.wait.CacheLinePadding}), whatever the JVM lays out around it.
 */
public final class CacheLines
{
    private static final int CACHE_LINE = 64;

    private CacheLines()
    {
    }

    /** Fails unless each of {@code fields} of the class named {@code className} has its cache lines to itself. */
    public static void assertAlone(final String className, final List<String> fields) throws ReflectiveOperationException
    {
        final Unsafe unsafe = unsafe();
        final Class<?> c = Class.forName(className);
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
        for (final String name : fields)
        {
            final Field field = c.getDeclaredField(name);
            final long offset = unsafe.objectFieldOffset(field);
            final String where = c.getSimpleName() + "." + name + " at " + offset + " of " + end + " bytes";
            assertTrue(offset >= CACHE_LINE, where);
            assertTrue(end - offset - bytes(field) >= CACHE_LINE, where);
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
