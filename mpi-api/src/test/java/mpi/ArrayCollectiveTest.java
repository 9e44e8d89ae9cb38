package mpi;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The blocking collectives on arrays: every one reaches its core call, and none is a lambda, whose classes the JDK
 * would spin in every rank's class loader at its first collective (bench/RESULTS.md session 32).
 */
class ArrayCollectiveTest
{
    @Test
    void everyCollectiveReachesItsCoreCall()
    {
        for (final ArrayCollective collective : ArrayCollective.values())
        {
            // no communicator: the core call fails on it, where a collective without a case would fail before
            final Throwable thrown = assertThrows(Throwable.class, () -> collective.run(null, null, 0, 0, null, null,
                null, null, 0, 0, null, null, null, 0, null));
            assertNotEquals(AssertionError.class, thrown.getClass(), collective + ": " + thrown);
        }
    }

    @Test
    void noCollectiveIsALambda()
    {
        final Method[] lambdas = Arrays.stream(ArrayCollective.class.getDeclaredMethods())
            .filter(m -> m.isSynthetic() && m.getName().startsWith("lambda$"))
            .toArray(Method[]::new);
        assertEquals(0, lambdas.length, Arrays.toString(lambdas));
    }
}
