package io.colompi.core.type;

/**
 * The primitive element kinds a message can carry. Every datatype is a layout over exactly one of these,
 * as in mpiJava: a message of ints is a layout over an {@code int[]}.
 */
public enum BaseType
{
    BYTE(1, byte[].class),
    CHAR(2, char[].class),
    SHORT(2, short[].class),
    BOOLEAN(1, boolean[].class),
    INT(4, int[].class),
    LONG(8, long[].class),
    FLOAT(4, float[].class),
    DOUBLE(8, double[].class),
    /** Java objects, sent by value through serialization. */
    OBJECT(0, Object[].class),
    /** Bytes produced by {@code Pack}; interchangeable with {@link #BYTE}. */
    PACKED(1, byte[].class);

    private final int byteSize;
    private final Class<?> arrayClass;

    BaseType(final int byteSize, final Class<?> arrayClass)
    {
        this.byteSize = byteSize;
        this.arrayClass = arrayClass;
    }

    /** Bytes one element occupies on the wire; 0 for {@link #OBJECT}, whose size is known only once serialized. */
    public int byteSize()
    {
        return byteSize;
    }

    /** The Java array class a buffer of this type must be. */
    public Class<?> arrayClass()
    {
        return arrayClass;
    }

    /** A new array of {@code elements} elements of this type ({@code Object[]} for {@link #OBJECT}). */
    public Object newArray(final int elements)
    {
        switch (this)
        {
            case BYTE:
            case PACKED:
                return new byte[elements];
            case CHAR:
                return new char[elements];
            case SHORT:
                return new short[elements];
            case BOOLEAN:
                return new boolean[elements];
            case INT:
                return new int[elements];
            case LONG:
                return new long[elements];
            case FLOAT:
                return new float[elements];
            case DOUBLE:
                return new double[elements];
            default:
                return new Object[elements];
        }
    }

    /** Whether a message of {@code sent} elements may be received into a buffer of this type. */
    public boolean accepts(final BaseType sent)
    {
        return this == sent || (arrayClass == byte[].class && sent.arrayClass == byte[].class);
    }

    /** Whether {@code buffer} is an array this type can read or write, e.g. an {@code int[]} for INT. */
    public boolean fits(final Object buffer)
    {
        return this == OBJECT ? buffer instanceof Object[] : buffer != null && buffer.getClass() == arrayClass;
    }
}
