package io.colompi.bench;

import mpi.Datatype;
import mpi.MPI;

/** The element type a benchmark sends ({@code --datatype}): its MPI datatype and Java array. */
public enum Element
{
    BYTE(1),
    INT(4),
    DOUBLE(8);

    private final int bytes;

    Element(final int bytes)
    {
        this.bytes = bytes;
    }

    public int bytes()
    {
        return bytes;
    }

    /** Elements in a message of {@code sizeBytes} bytes. */
    public int count(final long sizeBytes)
    {
        return (int)(sizeBytes / bytes);
    }

    /** The rank's own {@code mpi.Datatype} (the {@code mpi} classes are loaded once per rank). */
    public Datatype datatype()
    {
        switch (this)
        {
            case BYTE:
                return MPI.BYTE;
            case INT:
                return MPI.INT;
            default:
                return MPI.DOUBLE;
        }
    }

    /** An array of {@code count} elements, filled with {@code seed}-derived values (OSU touches its buffers too). */
    public Object allocate(final int count, final int seed)
    {
        switch (this)
        {
            case BYTE:
            {
                final byte[] a = new byte[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = (byte)(seed + i);
                }
                return a;
            }
            case INT:
            {
                final int[] a = new int[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = seed + i;
                }
                return a;
            }
            default:
            {
                final double[] a = new double[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = seed + i;
                }
                return a;
            }
        }
    }

    /** A direct buffer in native order ({@code MPI.new*Buffer}) holding the elements of {@code array}. */
    public java.nio.Buffer direct(final Object array)
    {
        switch (this)
        {
            case BYTE:
                return MPI.newByteBuffer(((byte[])array).length).put((byte[])array).clear();
            case INT:
                return MPI.newIntBuffer(((int[])array).length).put((int[])array).clear();
            default:
                return MPI.newDoubleBuffer(((double[])array).length).put((double[])array).clear();
        }
    }

    /** {@code --datatype} value: byte, int, double. */
    public String label()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
