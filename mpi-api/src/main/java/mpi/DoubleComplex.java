package mpi;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;

/**
 * A complex number of {@code MPI.DOUBLE_COMPLEX} where it lies in a buffer or an array: its real part, then its
 * imaginary part (Open MPI's Java bindings). Reads and writes go straight to the buffer.
 */
public final class DoubleComplex
{
    private final DoubleBuffer buffer;
    private final int offset;

    private DoubleComplex(final DoubleBuffer buffer, final int index)
    {
        this.buffer = buffer;
        this.offset = 2 * index;
    }

    /** The first complex number of {@code buffer}. */
    public static DoubleComplex get(final DoubleBuffer buffer)
    {
        return get(buffer, 0);
    }

    /** Complex number {@code index} of {@code buffer}. */
    public static DoubleComplex get(final DoubleBuffer buffer, final int index)
    {
        return new DoubleComplex(buffer, index);
    }

    /** The complex number in the first two elements of {@code array}. */
    public static DoubleComplex get(final double[] array)
    {
        return get(array, 0);
    }

    /** Complex number {@code index} of {@code array}. */
    public static DoubleComplex get(final double[] array, final int index)
    {
        return new DoubleComplex(DoubleBuffer.wrap(array), index);
    }

    /** The first complex number of a byte buffer, in the buffer's byte order. */
    public static DoubleComplex get(final ByteBuffer buffer)
    {
        return get(buffer, 0);
    }

    /** Complex number {@code index} of a byte buffer, in the buffer's byte order. */
    public static DoubleComplex get(final ByteBuffer buffer, final int index)
    {
        return new DoubleComplex(buffer.asDoubleBuffer(), index);
    }

    public double getReal()
    {
        return buffer.get(offset);
    }

    public double getImag()
    {
        return buffer.get(offset + 1);
    }

    public void putReal(final double real)
    {
        buffer.put(offset, real);
    }

    public void putImag(final double imag)
    {
        buffer.put(offset + 1, imag);
    }

    /** The buffer, starting at this number. */
    public DoubleBuffer getBuffer()
    {
        return offset == 0 ? buffer : MPI.slice(buffer, offset);
    }
}
