package mpi;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The blocking collectives on arrays: none is a lambda, whose classes the JDK would spin in every rank's class loader
 * at its first collective (bench/RESULTS.md session 32).
 */
class ArrayCollectiveTest
{
    @Test
    void noCollectiveIsALambda()
    {
        final Method[] lambdas = Arrays.stream(ArrayCollective.class.getDeclaredMethods())
            .filter(m -> m.isSynthetic() && m.getName().startsWith("lambda$"))
            .toArray(Method[]::new);
        assertEquals(0, lambdas.length, Arrays.toString(lambdas));
    }
}
