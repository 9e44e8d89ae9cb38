package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Where the elements of a message buffer live, as an {@code Unsafe}-style {@code (base, origin)} pair: a Java
 * array ({@code base} the array, {@code origin} its first element), a direct {@link Buffer} ({@code base} null,
 * {@code origin} its native address: moved off-heap to off-heap, no copy through the heap) or a heap buffer
 * (its backing array from its array offset). Element {@code i} of a buffer is at index {@code i} from element 0
 * of the buffer, whatever its position (Open MPI's convention: offsets come from {@code MPI.slice}).
 * A {@link ByteBuffer} holds elements of any primitive type; a typed buffer ({@link IntBuffer}, ...) those of its own.
 */
public final class Memory
{
    private static final long[] ARRAY_BASE = new long[BaseType.values().length];
    /** The typed buffer classes and the element each holds (a byte buffer holds any: see {@link #fits}). */
    private static final Class<?>[] KINDS = {
        ByteBuffer.class, IntBuffer.class, DoubleBuffer.class, LongBuffer.class, FloatBuffer.class, ShortBuffer.class,
        CharBuffer.class };
    private static final BaseType[] KIND_TYPES = {
        BaseType.BYTE, BaseType.INT, BaseType.DOUBLE, BaseType.LONG, BaseType.FLOAT, BaseType.SHORT, BaseType.CHAR };

    static
    {
        for (final BaseType type : BaseType.values())
        {
            if (type != BaseType.OBJECT)
            {
                ARRAY_BASE[type.ordinal()] = UnsafeApi.arrayBaseOffset(type.arrayClass());
            }
        }
    }

    private Memory()
    {
    }

    /** The object raw addresses of {@code buffer} are relative to: the array, or null for a direct buffer. */
    public static Object base(final Object buffer)
    {
        if (buffer instanceof Buffer)
        {
            final Buffer nio = (Buffer)buffer;
            return nio.isDirect() ? null : nio.array();
        }
        return buffer;
    }

    /** Raw address (relative to {@link #base}) of element 0 of {@code buffer} holding elements of {@code type}. */
    public static long origin(final Object buffer, final BaseType type)
    {
        if (buffer instanceof Buffer)
        {
            final Buffer nio = (Buffer)buffer;
            if (nio.isDirect())
            {
                return UnsafeApi.getLong(nio, BufferUtil.BYTE_BUFFER_ADDRESS_FIELD_OFFSET);
            }
            final Class<?> arrayClass = nio.array().getClass();
            return UnsafeApi.arrayBaseOffset(arrayClass) + (long)nio.arrayOffset() * UnsafeApi.arrayIndexScale(arrayClass);
        }
        return ARRAY_BASE[type.ordinal()];
    }

    /** Elements of {@code type} the buffer holds: an array's length, a buffer's capacity. */
    public static int elements(final Object buffer, final BaseType type)
    {
        if (buffer instanceof Buffer)
        {
            final Buffer nio = (Buffer)buffer;
            return (int)((long)nio.capacity() * elementBytes(nio) / type.byteSize());
        }
        return length(buffer);
    }

    /**
     * The length of {@code array}: read as the JIT reads any array's length for the array types buffers are, not
     * with {@link java.lang.reflect.Array#getLength}, a native call until C2 compiles its caller.
     */
    public static int length(final Object array)
    {
        if (array instanceof double[] doubles)
        {
            return doubles.length;
        }
        if (array instanceof byte[] bytes)
        {
            return bytes.length;
        }
        if (array instanceof int[] ints)
        {
            return ints.length;
        }
        if (array instanceof long[] longs)
        {
            return longs.length;
        }
        if (array instanceof float[] floats)
        {
            return floats.length;
        }
        if (array instanceof Object[] objects)
        {
            return objects.length;
        }
        return java.lang.reflect.Array.getLength(array);
    }

    /**
     * Whether {@code buffer} can carry elements of {@code type}: an array of that type, a typed buffer of it or
     * a byte buffer, direct, or heap with an accessible array (views of heap buffers and read-only heap buffers
     * have none: see {@link #check}).
     */
    public static boolean fits(final BaseType type, final Object buffer)
    {
        if (!(buffer instanceof Buffer))
        {
            return type.fits(buffer);
        }
        if (type == BaseType.OBJECT)
        {
            return false;
        }
        final Buffer nio = (Buffer)buffer;
        return (nio.isDirect() || nio.hasArray()) && (buffer instanceof ByteBuffer || kindOf(nio) == type);
    }

    /** An error saying why {@code buffer} cannot carry {@code type}, or null when {@link #fits} it. */
    public static MpiError check(final BaseType type, final Object buffer)
    {
        if (fits(type, buffer))
        {
            return null;
        }
        if (buffer instanceof Buffer && type != BaseType.OBJECT)
        {
            final Buffer nio = (Buffer)buffer;
            if (!nio.isDirect() && !nio.hasArray())
            {
                return new MpiError(ErrorClass.BUFFER, "a " + nio.getClass().getSimpleName() + " is neither direct " +
                    "nor backed by an accessible array (a read-only or view heap buffer): use MPI.new" +
                    kindName(nio) + "Buffer, a direct buffer, a writable wrapped array, or an array");
            }
        }
        if (buffer == null)
        {
            return new MpiError(ErrorClass.BUFFER, "the buffer is null: only a count of 0 may pass null");
        }
        return new MpiError(ErrorClass.TYPE, "buffer " + buffer.getClass().getSimpleName() +
            " does not hold " + type + " (needs a " + type.arrayClass().getSimpleName() +
            (type == BaseType.OBJECT ? "" : ", a ByteBuffer or a " + typedName(type) + "Buffer") + ")");
    }

    /**
     * Throws what is wrong with {@code buffer} as {@code count} items over {@code type}, which the call {@code writes}
     * into or only reads: a buffer that cannot carry {@code type} ({@link #check}), or a read-only one written. A null
     * buffer is fine for no items (MPI allows it where the count is 0, as Open MPI's Java bindings did).
     */
    public static void checkBuffer(final BaseType type, final Object buffer, final int count, final boolean writes)
    {
        if (buffer == null && count == 0)
        {
            return;
        }
        final MpiError unfit = check(type, buffer);
        if (unfit != null)
        {
            throw unfit;
        }
        if (writes && isReadOnly(buffer))
        {
            throw new MpiError(ErrorClass.BUFFER, "a read-only " + buffer.getClass().getSimpleName() +
                " cannot receive data");
        }
    }

    /** Whether {@code buffer} must not be written: a read-only nio buffer. */
    public static boolean isReadOnly(final Object buffer)
    {
        return buffer instanceof Buffer && ((Buffer)buffer).isReadOnly();
    }

    /** Bytes of one of {@code nio}'s elements: 1 for a byte buffer. */
    public static int elementBytes(final Buffer nio)
    {
        final BaseType kind = kindOf(nio);
        return kind == null ? 1 : kind.byteSize();
    }

    private static BaseType kindOf(final Buffer nio)
    {
        for (int i = 0; i < KINDS.length; i++)
        {
            if (KINDS[i].isInstance(nio))
            {
                return KIND_TYPES[i];
            }
        }
        return null;
    }

    private static String kindName(final Buffer nio)
    {
        final BaseType kind = kindOf(nio);
        return kind == null ? "Byte" : typedName(kind);
    }

    private static String typedName(final BaseType type)
    {
        final String name = type == BaseType.PACKED || type == BaseType.BOOLEAN ? "byte" : type.name().toLowerCase();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
