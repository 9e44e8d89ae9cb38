package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After {@code MPI.Finalize} every MPI call is an error; a rank that never finalizes is reported. */
@Timeout(120)
class FinalizeTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void everyCallAfterFinalizeThrows(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, AfterFinalize.class);
    }

    public static class AfterFinalize
    {
        static void expect(final Runnable call)
        {
            final MPIException e = assertThrows(MPIException.class, call::run);
            assertEquals(MPI.ERR_OTHER, e.getErrorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("after MPI.Finalize"), e.getMessage());
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int peer = world.Rank() ^ 1;
            final Request pending = world.Irecv(new int[1], 0, 1, MPI.INT, peer, 1);
            world.Send(new int[]{ 1 }, 0, 1, MPI.INT, peer, 1);
            pending.Wait();
            MPI.Finalize();
            assertTrue(MPI.Finalized());
            expect(() -> world.Send(new int[1], 0, 1, MPI.INT, peer, 0));
            expect(() -> world.Recv(new int[1], 0, 1, MPI.INT, peer, 0));
            expect(() -> world.Isend(new int[1], 0, 1, MPI.INT, peer, 0));
            expect(world::Barrier);
            expect(() -> world.Allreduce(new int[1], 0, new int[1], 0, 1, MPI.INT, MPI.SUM));
            expect(() -> world.Bcast(new int[1], 0, 1, MPI.INT, 0));
            expect(world::Rank);
            expect(pending::Wait);
            expect(MPI::Finalize);
            expect(() -> MPI.Buffer_detach());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void everyPublicCallOfEitherApiAfterFinalizeThrowsButReadsOfPlainValues(final Ranks.Layout layout)
        throws Exception
    {
        final Path dir = Files.createTempDirectory("colompi-finalize");
        try
        {
            Ranks.run(layout, 2, EveryCallAfterFinalize.class, dir.resolve("file").toString());
        }
        finally
        {
            Files.deleteIfExists(dir.resolve("file"));
            Files.delete(dir);
        }
    }

    /**
     * Calls every public method of the API's classes after {@code Finalize}, with arguments that would be valid
     * before it, on objects made before it: each must throw an {@link MPIException}, but the calls that only read
     * plain values, which MPI and Java leave usable ({@link #PLAIN_VALUES}: a status's fields, a handle's null
     * test, the nio buffer helpers, a status's {@code free}, which frees nothing; {@link Info}, a map of
     * strings), and {@code Abort}, which ends the job.
     */
    public static class EveryCallAfterFinalize
    {
        static final Set<String> PLAIN_VALUES = Set.of("Initialized", "Finalized", "isInitialized", "isFinalized",
            "Get_version", "getVersion", "getLibVersion", "Wtime", "Wtick", "wtime", "wtick", "Get_processor_name",
            "getProcessorName", "queryThread", "isThreadMain", "isMainThread", "newByteBuffer", "newCharBuffer",
            "newShortBuffer", "newIntBuffer", "newLongBuffer", "newFloatBuffer", "newDoubleBuffer", "slice",
            "isNull", "Is_null", "getRequest", "Abort", "abort", "getErrorClass", "getErrorCode", "getMessage",
            "getSource", "getTag", "getIndex", "getError", "Test_cancelled", "isCancelled", "toString", "equals",
            "hashCode", "isNoProc", "Status.free");
        static final List<Class<?>> API = List.of(MPI.class, Comm.class, Intracomm.class, Intercomm.class,
            Cartcomm.class, Graphcomm.class, Group.class, Datatype.class, Op.class, Request.class, Prequest.class,
            Win.class, File.class, Message.class, Status.class);

        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final Datatype vector = Datatype.Vector(2, 1, 2, MPI.INT);
            vector.Commit();
            final Request received = world.Irecv(new int[1], 0, 1, MPI.INT, rank ^ 1, 1);
            final Intracomm half = world.Split(rank, 0);
            final List<Object> made = List.of(world,
                world.Create_cart(new int[]{ world.Size() }, new boolean[]{ true }, false),
                world.Create_graph(new int[]{ 1, 2 }, new int[]{ 1, 0 }, false),
                world.Create_intercomm(half, 0, rank ^ 1, 5), world.Group(), vector, received,
                world.Send_init(new int[1], 0, 1, MPI.INT, rank ^ 1, 2),
                new Op(new User_function()
                {
                    @Override
                    public void Call(final Object in, final int inOffset, final Object inOut, final int inOutOffset,
                        final int count, final Datatype type)
                    {
                    }
                }, true),
                new Win(MPI.newIntBuffer(4), 4, 4, MPI.INFO_NULL, world),
                new File(world, args[0], MPI.MODE_CREATE | MPI.MODE_RDWR, MPI.INFO_NULL),
                new Message(), new Status(), new Info(), MPI.SUM, MPI.INT, MPI.ERRORS_RETURN,
                new mpjbuf.Buffer(mpjbuf.BufferFactory.create(64), 0, 64));
            world.Send(new int[]{ 1 }, 0, 1, MPI.INT, rank ^ 1, 1);
            received.Wait();
            MPI.Finalize();

            final List<String> usable = new ArrayList<>();
            for (final boolean frees : new boolean[]{ false, true })
            {
                for (final Class<?> type : API)
                {
                    for (final Method method : type.getMethods())
                    {
                        if (method.getDeclaringClass().getPackageName().equals("mpi") &&
                            !PLAIN_VALUES.contains(method.getName()) &&
                            !PLAIN_VALUES.contains(type.getSimpleName() + "." + method.getName()) &&
                            method.getName().equalsIgnoreCase("free") == frees)
                        {
                            final String failure = callAfterFinalize(type, method, made);
                            if (failure != null)
                            {
                                usable.add(failure);
                            }
                        }
                    }
                }
            }
            assertTrue(usable.isEmpty(), usable.size() + " calls after MPI.Finalize:\n" + String.join("\n", usable));
            final MPIException again = assertThrows(MPIException.class, () -> MPI.Init(args));
            assertTrue(again.getMessage().contains("MPI.Init: called after MPI.Finalize"), again.getMessage());
        }

        /** Null if {@code method} threw an MPIException, else what it did. */
        static String callAfterFinalize(final Class<?> type, final Method method, final List<Object> made)
            throws IllegalAccessException
        {
            final Object target = Modifier.isStatic(method.getModifiers()) ? null : argument(type, made);
            final Class<?>[] parameters = method.getParameterTypes();
            final Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < arguments.length; i++)
            {
                arguments[i] = argument(parameters[i], made);
            }
            try
            {
                method.invoke(target, arguments);
                return type.getSimpleName() + "." + method + " returned";
            }
            catch (final InvocationTargetException e)
            {
                return e.getCause() instanceof MPIException ? null :
                    type.getSimpleName() + "." + method + " threw " + e.getCause();
            }
        }

        /** A value of {@code type} that the call would take before {@code Finalize}. */
        static Object argument(final Class<?> type, final List<Object> made)
        {
            for (final Object value : made)
            {
                if (type.isInstance(value))
                {
                    return value;
                }
            }
            if (type == int.class || type == long.class)
            {
                return type == int.class ? (Object)1 : (Object)1L;
            }
            if (type == boolean.class)
            {
                return false;
            }
            if (type == double.class)
            {
                return 1.0;
            }
            if (type == String.class)
            {
                return "x";
            }
            if (type == Object.class)
            {
                return new int[8];
            }
            if (type == int[][].class)
            {
                return new int[][]{ { 0, 0, 1 } };
            }
            if (type.isArray())
            {
                final Object element = type.getComponentType().isPrimitive() ? null :
                    argument(type.getComponentType(), made);
                final Object array = Array.newInstance(type.getComponentType(), element == null ? 4 : 1);
                if (element != null)
                {
                    Array.set(array, 0, element);
                }
                return array;
            }
            return nioBuffer(type);
        }

        static Object nioBuffer(final Class<?> type)
        {
            final ByteBuffer bytes = ByteBuffer.allocateDirect(64);
            if (type == CharBuffer.class)
            {
                return bytes.asCharBuffer();
            }
            if (type == ShortBuffer.class)
            {
                return bytes.asShortBuffer();
            }
            if (type == IntBuffer.class)
            {
                return bytes.asIntBuffer();
            }
            if (type == LongBuffer.class)
            {
                return bytes.asLongBuffer();
            }
            if (type == FloatBuffer.class)
            {
                return bytes.asFloatBuffer();
            }
            if (type == DoubleBuffer.class)
            {
                return bytes.asDoubleBuffer();
            }
            return type.isInstance(bytes) ? bytes : null;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void abortAfterFinalizeStillEndsTheJobWithItsCode(final Ranks.Layout layout) throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(layout, 2, AbortAfterFinalize.class);
        assertEquals(3, result.exitCode(), result.report());
        assertTrue(result.says("rank 0 called Abort(3)"), result.report());
    }

    public static class AbortAfterFinalize
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final int rank = MPI.COMM_WORLD.Rank();
            MPI.Finalize();
            if (rank == 0)
            {
                MPI.COMM_WORLD.Abort(3);
            }
        }
    }

    /**
     * A rank that returns from {@code main} without {@code MPI.Finalize} ends the job, failed, as Open MPI's
     * {@code mpirun} ends it ("exiting improperly"): the others would wait for it for ever (they did).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Ranks.Layout.class)
    void aRankThatReturnsWithoutFinalizeEndsTheJobNamingIt(final Ranks.Layout layout) throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(layout, 3, NoFinalize.class);
        assertEquals(1, result.exitCode(), result.report());
        assertTrue(result.says("rank 1 returned from main without calling MPI.Finalize"), result.report());
    }

    /** Rank 1 returns without a word to the others, which wait for its message. */
    public static class NoFinalize
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            if (MPI.COMM_WORLD.Rank() != 1)
            {
                MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 1, 0);
                MPI.Finalize();
            }
        }
    }
}
