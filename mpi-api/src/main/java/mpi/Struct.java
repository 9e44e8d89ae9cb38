package mpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A struct type of Open MPI's Java API: a subclass adds its fields in order ({@code addInt()}, {@code addDouble(n)},
 * ... each returns the field's byte offset; {@link #setOffset} leaves a gap), says how to make its {@link Data}
 * ({@link #newData}), and reads and writes structs in a {@link ByteBuffer} through it ({@code getData(buffer, i)}).
 * {@link #getType()} moves a struct as the bytes of its fields (the gaps between them stay as they are), and spans
 * them rounded up to its most aligned field as a C compiler pads a struct, as Open MPI's {@code createStruct} makes
 * it; values are in the buffer's byte order (native for {@code MPI.newByteBuffer} and the {@code byte[]} forms).
 */
public abstract class Struct
{
    /** Where the next field goes: the end of the last one, or what {@link #setOffset} said. */
    private int end;
    /** The fields' byte offsets, lengths and types, in the order they were added. */
    private final java.util.List<Field> fields = new java.util.ArrayList<>();
    /** The largest alignment of a field: a struct's extent is rounded up to it. */
    private int alignment = 1;
    private int extent;
    private Datatype type;

    /** The bytes one struct spans: its fields and gaps, rounded up to its most aligned field. */
    public final int getExtent()
    {
        commit();
        return extent;
    }

    /** The datatype of one struct: the bytes of its fields, {@link #getExtent()} bytes apart. */
    public final Datatype getType()
    {
        commit();
        return type;
    }

    /** A new {@link Data} of the subclass, to be pointed at a struct by {@link #getData}. */
    protected abstract Data newData();

    /** The struct at the start of {@code buffer}. */
    public final <T extends Data> T getData(final ByteBuffer buffer)
    {
        return getData(buffer, 0);
    }

    /** Struct {@code index} of the array of structs in {@code buffer}. */
    @SuppressWarnings("unchecked")
    public final <T extends Data> T getData(final ByteBuffer buffer, final int index)
    {
        commit();
        final Data data = newData();
        data.buffer = buffer;
        data.offset = index * extent;
        return (T)data;
    }

    /** The struct at the start of {@code array}, in native byte order. */
    public final <T extends Data> T getData(final byte[] array)
    {
        return getData(array, 0);
    }

    /** Struct {@code index} of the structs in {@code array}, in native byte order. */
    public final <T extends Data> T getData(final byte[] array, final int index)
    {
        return getData(ByteBuffer.wrap(array).order(ByteOrder.nativeOrder()), index);
    }

    /** Let the next field start at byte {@code offset}, not before the end of the last one. */
    public final Struct setOffset(final int offset)
    {
        open("Struct.setOffset");
        if (offset < end)
        {
            throw new IllegalArgumentException("offset " + offset + " is inside the fields already added (which end at " +
                end + ")");
        }
        end = offset;
        return this;
    }

    public final int addByte()
    {
        return addByte(1);
    }

    public final int addByte(final int length)
    {
        return addField(Byte.BYTES, Byte.BYTES, length);
    }

    public final int addBoolean()
    {
        return addBoolean(1);
    }

    public final int addBoolean(final int length)
    {
        return addField(1, 1, length);
    }

    public final int addChar()
    {
        return addChar(1);
    }

    public final int addChar(final int length)
    {
        return addField(Character.BYTES, Character.BYTES, length);
    }

    public final int addShort()
    {
        return addShort(1);
    }

    public final int addShort(final int length)
    {
        return addField(Short.BYTES, Short.BYTES, length);
    }

    public final int addInt()
    {
        return addInt(1);
    }

    public final int addInt(final int length)
    {
        return addField(Integer.BYTES, Integer.BYTES, length);
    }

    public final int addLong()
    {
        return addLong(1);
    }

    public final int addLong(final int length)
    {
        return addField(Long.BYTES, Long.BYTES, length);
    }

    public final int addFloat()
    {
        return addFloat(1);
    }

    public final int addFloat(final int length)
    {
        return addField(Float.BYTES, Float.BYTES, length);
    }

    public final int addDouble()
    {
        return addDouble(1);
    }

    public final int addDouble(final int length)
    {
        return addField(Double.BYTES, Double.BYTES, length);
    }

    /** A field that is a struct of {@code struct}'s type. */
    public final int addStruct(final Struct struct)
    {
        return addStruct(struct, 1);
    }

    public final int addStruct(final Struct struct, final int length)
    {
        return addField(struct.getExtent(), struct.alignment, length, struct.getType());
    }

    /** A field of {@code type} (of a primitive base type), as many bytes as it spans. */
    public final int addData(final Datatype type)
    {
        return addData(type, 1);
    }

    public final int addData(final Datatype type, final int length)
    {
        return addField(type.Extent() * type.getByteSize(), type.alignment(), length, type);
    }

    /** The datatype of a struct: its fields, {@code extent} apart; a MINLOC/MAXLOC struct's pair type. */
    Datatype createType(final int extent)
    {
        final int[] lengths = new int[fields.size()];
        final int[] offsets = new int[fields.size()];
        final Datatype[] types = new Datatype[fields.size()];
        for (int f = 0; f < lengths.length; f++)
        {
            offsets[f] = fields.get(f).offset;
            lengths[f] = fields.get(f).length;
            types[f] = fields.get(f).type;
        }
        return Datatype.createResized(Datatype.createStruct(lengths, offsets, types), 0, extent);
    }

    /** A field of {@code length} primitives of {@code bytes} each: their bytes. */
    private int addField(final int bytes, final int align, final int length)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("a field of " + length + " elements");
        }
        return addField(bytes * length, align, 1, Datatype.createContiguous(bytes * length, MPI.BYTE));
    }

    /** A field of {@code length} items of {@code type}, each {@code bytes} long, aligned to {@code align}. */
    private int addField(final int bytes, final int align, final int length, final Datatype type)
    {
        open("Struct.add");
        if (length < 0)
        {
            throw new IllegalArgumentException("a field of " + length + " elements");
        }
        final int offset = end;
        end += bytes * length;
        fields.add(new Field(offset, length, type));
        alignment = Math.max(alignment, align);
        return offset;
    }

    /** Where a field lies, and what it holds. */
    private record Field(int offset, int length, Datatype type)
    {
    }

    private void open(final String call)
    {
        if (type != null)
        {
            throw new IllegalStateException(call + ": the struct's type is made (getType, getExtent or getData was " +
                "called); add every field before");
        }
    }

    private void commit()
    {
        if (type == null)
        {
            extent = (end + alignment - 1) / alignment * alignment;
            type = createType(extent);
        }
    }

    /** One struct in a buffer: the subclass's accessors read and write its fields by their offsets. */
    public abstract class Data
    {
        private ByteBuffer buffer;
        private int offset;

        /** The buffer from this struct on, for {@code send}/{@code recv}. */
        public final ByteBuffer getBuffer()
        {
            return offset == 0 ? buffer : MPI.slice(buffer, offset);
        }

        /** The bytes of the field at {@code field}, one item of {@code type} (a field added with {@code addData}). */
        protected final ByteBuffer getBuffer(final Datatype type, final int field)
        {
            final ByteBuffer from = MPI.slice(buffer, offset + field);
            final int bytes = Math.min(from.capacity(), type.Extent() * type.getByteSize());
            return from.limit(bytes).slice().order(from.order());
        }

        protected final byte getByte(final int field)
        {
            return buffer.get(offset + field);
        }

        protected final byte getByte(final int field, final int index)
        {
            return buffer.get(offset + field + index);
        }

        protected final void putByte(final int field, final byte v)
        {
            buffer.put(offset + field, v);
        }

        protected final void putByte(final int field, final int index, final byte v)
        {
            buffer.put(offset + field + index, v);
        }

        protected final boolean getBoolean(final int field)
        {
            return getBoolean(field, 0);
        }

        protected final boolean getBoolean(final int field, final int index)
        {
            return buffer.get(offset + field + index) != 0;
        }

        protected final void putBoolean(final int field, final boolean v)
        {
            putBoolean(field, 0, v);
        }

        protected final void putBoolean(final int field, final int index, final boolean v)
        {
            buffer.put(offset + field + index, (byte)(v ? 1 : 0));
        }

        protected final char getChar(final int field)
        {
            return getChar(field, 0);
        }

        protected final char getChar(final int field, final int index)
        {
            return buffer.getChar(offset + field + index * Character.BYTES);
        }

        protected final void putChar(final int field, final char v)
        {
            putChar(field, 0, v);
        }

        protected final void putChar(final int field, final int index, final char v)
        {
            buffer.putChar(offset + field + index * Character.BYTES, v);
        }

        protected final short getShort(final int field)
        {
            return getShort(field, 0);
        }

        protected final short getShort(final int field, final int index)
        {
            return buffer.getShort(offset + field + index * Short.BYTES);
        }

        protected final void putShort(final int field, final short v)
        {
            putShort(field, 0, v);
        }

        protected final void putShort(final int field, final int index, final short v)
        {
            buffer.putShort(offset + field + index * Short.BYTES, v);
        }

        protected final int getInt(final int field)
        {
            return getInt(field, 0);
        }

        protected final int getInt(final int field, final int index)
        {
            return buffer.getInt(offset + field + index * Integer.BYTES);
        }

        protected final void putInt(final int field, final int v)
        {
            putInt(field, 0, v);
        }

        protected final void putInt(final int field, final int index, final int v)
        {
            buffer.putInt(offset + field + index * Integer.BYTES, v);
        }

        protected final long getLong(final int field)
        {
            return getLong(field, 0);
        }

        protected final long getLong(final int field, final int index)
        {
            return buffer.getLong(offset + field + index * Long.BYTES);
        }

        protected final void putLong(final int field, final long v)
        {
            putLong(field, 0, v);
        }

        protected final void putLong(final int field, final int index, final long v)
        {
            buffer.putLong(offset + field + index * Long.BYTES, v);
        }

        protected final float getFloat(final int field)
        {
            return getFloat(field, 0);
        }

        protected final float getFloat(final int field, final int index)
        {
            return buffer.getFloat(offset + field + index * Float.BYTES);
        }

        protected final void putFloat(final int field, final float v)
        {
            putFloat(field, 0, v);
        }

        protected final void putFloat(final int field, final int index, final float v)
        {
            buffer.putFloat(offset + field + index * Float.BYTES, v);
        }

        protected final double getDouble(final int field)
        {
            return getDouble(field, 0);
        }

        protected final double getDouble(final int field, final int index)
        {
            return buffer.getDouble(offset + field + index * Double.BYTES);
        }

        protected final void putDouble(final int field, final double v)
        {
            putDouble(field, 0, v);
        }

        protected final void putDouble(final int field, final int index, final double v)
        {
            buffer.putDouble(offset + field + index * Double.BYTES, v);
        }
    }
}
