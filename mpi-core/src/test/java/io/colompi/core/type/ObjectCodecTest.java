package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObjectCodecTest
{
    private static final TypeMap OBJECT = TypeMap.basic(BaseType.OBJECT);
    /** A program that defines no class of its own: the gadget on the class path is not its. */
    private static final ClassLoader BARE_PROGRAM = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
    private static final ClassLoader THIS_PROGRAM = ObjectCodecTest.class.getClassLoader();

    /** A class whose deserialization has a side effect, as the gadgets of a deserialization attack have. */
    static final class Gadget implements Serializable
    {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger READS = new AtomicInteger();

        private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException
        {
            READS.incrementAndGet();
            in.defaultReadObject();
        }
    }

    @BeforeEach
    void reset()
    {
        Gadget.READS.set(0);
    }

    private static Object[] roundTrip(final ObjectFilter filter, final ClassLoader program, final Object... objects)
    {
        final byte[] bytes = ObjectCodec.serialize(objects, 0, OBJECT, objects.length);
        final Object[] got = new Object[objects.length];
        ObjectCodec.deserialize(bytes, bytes.length, objects.length, got, 0, OBJECT, program, filter);
        return got;
    }

    private static MpiError refused(final ObjectFilter filter, final ClassLoader program, final Object... objects)
    {
        final MpiError error = assertThrows(MpiError.class, () -> roundTrip(filter, program, objects));
        assertEquals(ErrorClass.TYPE, error.errorClass());
        return error;
    }

    @Test
    void aClassTheReceivingProgramDoesNotDefineIsRefusedBeforeItsReadObjectRuns()
    {
        final MpiError error = refused(new ObjectFilter(null), BARE_PROGRAM, "before", new Gadget());
        assertEquals("an MPI.OBJECT element was refused: class " + Gadget.class.getName() + " is not allowed to be " +
            "deserialized here (colompi.object.filter widens what is)", error.getMessage());
        assertEquals(0, Gadget.READS.get());
    }

    @Test
    void theProgramsOwnClassesAndJdkValueTypesPass()
    {
        final Map<String, List<Integer>> map = new HashMap<>(Map.of("a", new ArrayList<>(List.of(1, 2))));
        final Object[] values = { "s", 3, 4.5, new BigDecimal("1.25"), LocalDate.of(2026, 12, 2), map, List.of('c'),
            new int[][]{ { 1 }, { 2, 3 } }, new String[]{ "x" }, Thread.State.NEW };
        final Object[] got = roundTrip(new ObjectFilter(null), BARE_PROGRAM, values);
        assertEquals(List.of(values).subList(0, 7), List.of(got).subList(0, 7));
        assertArrayEquals((int[][])values[7], (int[][])got[7]);
        assertEquals(Thread.State.NEW, got[9]);

        assertEquals(Gadget.class, roundTrip(new ObjectFilter(null), THIS_PROGRAM, new Gadget())[0].getClass());
        assertEquals(1, Gadget.READS.get());
    }

    @Test
    void deepGraphsAndLongArraysAreRefused()
    {
        List<Object> nested = new ArrayList<>();
        for (int depth = 0; depth < ObjectFilter.MAX_DEPTH + 10; depth++)
        {
            final List<Object> outer = new ArrayList<>();
            outer.add(nested);
            nested = outer;
        }
        final Object deep = nested;
        assertEquals(true, refused(new ObjectFilter(null), BARE_PROGRAM, deep).getMessage()
            .startsWith("an MPI.OBJECT element was refused: an object graph 65 deep"));
        assertEquals(true, refused(new ObjectFilter("maxarray=10"), BARE_PROGRAM, (Object)new long[11]).getMessage()
            .contains(", an array of 11 is not allowed"));
        assertEquals(1, roundTrip(new ObjectFilter("maxdepth=1000"), BARE_PROGRAM, deep).length);
    }

    @Test
    void thePropertyPatternWidensAndNarrows()
    {
        assertEquals(Gadget.class, roundTrip(new ObjectFilter(Gadget.class.getName()), BARE_PROGRAM, new Gadget())[0].getClass());
        assertEquals(1, Gadget.READS.get());
        assertEquals("an MPI.OBJECT element was refused: class java.lang.Integer is not allowed to be deserialized " +
            "here (colompi.object.filter widens what is)", refused(new ObjectFilter("!java.lang.Integer"), BARE_PROGRAM, 7).getMessage());
        refused(new ObjectFilter("!io.colompi.**"), THIS_PROGRAM, new Gadget());
        assertEquals(1, Gadget.READS.get());
    }
}
