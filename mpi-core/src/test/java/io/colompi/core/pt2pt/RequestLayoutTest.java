package io.colompi.core.pt2pt;

import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request's completion flag shares no cache line with the request's other fields: the waiting rank polls the flag
 * while another rank's thread writes the status (see {@link RequestCompletion}). (The object's header may share it:
 * nobody writes a request's header, requests are never locked or hashed.)
 */
class RequestLayoutTest
{
    private static final int CACHE_LINE = 64;

    @Test
    void theCompletionFlagOfReceivesAndSendsHasALineOfItsOwn() throws ReflectiveOperationException
    {
        final Unsafe unsafe = unsafe();
        final long flag = unsafe.objectFieldOffset(CompletionFlag.class.getDeclaredField("complete"));
        assertTrue(flag >= CACHE_LINE, "the flag is " + flag + " bytes from the object's start");
        for (final Class<?> request : new Class<?>[] { RecvRequest.class, SendRequest.class })
        {
            for (Class<?> c = request; c != Object.class; c = c.getSuperclass())
            {
                for (final Field field : c.getDeclaredFields())
                {
                    if (Modifier.isStatic(field.getModifiers()) || field.getName().equals("complete") ||
                        field.getName().matches("[pq]\\d\\d"))
                    {
                        continue;
                    }
                    final long distance = Math.abs(unsafe.objectFieldOffset(field) - flag);
                    assertTrue(distance >= CACHE_LINE, request.getSimpleName() + "." + field.getName() + " is " +
                        distance + " bytes from the completion flag");
                }
            }
        }
    }

    private static Unsafe unsafe() throws ReflectiveOperationException
    {
        final Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        return (Unsafe)theUnsafe.get(null);
    }
}
