package mpi;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * A complex number of {@code MPI.FLOAT_COMPLEX} where it lies in a buffer or an array: its real part, then its
 * imaginary part (Open MPI's Java bindings). Reads and writes go straight to the buffer.
 */
public final class FloatComplex
{
    private final FloatBuffer buffer;
    private final int offset;

    private FloatComplex(final FloatBuffer buffer, final int index)
    {
        this.buffer = buffer;
        this.offset = 2 * index;
    }

    /** The first complex number of {@code buffer}. */
    public static FloatComplex get(final FloatBuffer buffer)
    {
        return get(buffer, 0);
    }

    /** Complex number {@code index} of {@code buffer}. */
    public static FloatComplex get(final FloatBuffer buffer, final int index)
    {
        return new FloatComplex(buffer, index);
    }

    /** The complex number in the first two elements of {@code array}. */
    public static FloatComplex get(final float[] array)
    {
        return get(array, 0);
    }

    /** Complex number {@code index} of {@code array}. */
    public static FloatComplex get(final float[] array, final int index)
    {
        return new FloatComplex(FloatBuffer.wrap(array), index);
    }

    /** The first complex number of a byte buffer, in the buffer's byte order. */
    public static FloatComplex get(final ByteBuffer buffer)
    {
        return get(buffer, 0);
    }

    /** Complex number {@code index} of a byte buffer, in the buffer's byte order. */
    public static FloatComplex get(final ByteBuffer buffer, final int index)
    {
        return new FloatComplex(buffer.asFloatBuffer(), index);
    }

    public float getReal()
    {
        return buffer.get(offset);
    }

    public float getImag()
    {
        return buffer.get(offset + 1);
    }

    public void putReal(final float real)
    {
        buffer.put(offset, real);
    }

    public void putImag(final float imag)
    {
        buffer.put(offset + 1, imag);
    }

    /** The buffer, starting at this number. */
    public FloatBuffer getBuffer()
    {
        return offset == 0 ? buffer : MPI.slice(buffer, offset);
    }
}
