package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * An MPI datatype: a layout over a Java array of one base type. Sizes, extents, bounds and displacements are
 * counted in elements of the base type (the mpiJava convention): {@code Datatype.Vector(6,1,5,MPI.DOUBLE).Size()}
 * is 6 and its {@code Extent()} is 26.
 */
public class Datatype
{
    public static final int UNDEFINED = -1;
    public static final int NULL = 0;
    public static final int BYTE = 1;
    public static final int CHAR = 2;
    public static final int SHORT = 3;
    public static final int BOOLEAN = 4;
    public static final int INT = 5;
    public static final int LONG = 6;
    public static final int FLOAT = 7;
    public static final int DOUBLE = 8;
    public static final int PACKED = 9;
    public static final int LB = 10;
    public static final int UB = 11;
    public static final int OBJECT = 12;

    /** The base type code ({@link #INT}, {@link #DOUBLE}, ...), as MPJ Express exposes it. */
    public int baseType;

    final TypeMap map;
    private final String name;
    /** Whether an item is {@code map.size()} consecutive elements of data: {@link #describe}'s quick check applies. */
    private final boolean dense;
    private boolean freed;
    /** The attributes set on this type ({@link #setAttr}); made at the first. */
    private Attributes attributes;

    Datatype(final TypeMap map, final String name)
    {
        this(map, name, codeOf(map));
    }

    Datatype(final TypeMap map, final String name, final int code)
    {
        this.map = map;
        this.name = name;
        this.baseType = code;
        this.dense = map.base() != null && map.size() > 0 && map.isContiguous();
    }

    /** {@code count} copies of {@code oldtype}, one after another. */
    public static Datatype Contiguous(final int count, final Datatype oldtype)
    {
        return derive(() -> TypeMap.contiguous(count, given(oldtype).map), "Datatype.Contiguous");
    }

    /** {@code count} blocks of {@code blocklength} items of {@code oldtype}, starts {@code stride} items apart. */
    public static Datatype Vector(final int count, final int blocklength, final int stride, final Datatype oldtype)
    {
        return derive(() -> TypeMap.vector(count, blocklength, stride, given(oldtype).map), "Datatype.Vector");
    }

    /** As {@link #Vector} with the stride in elements of the base type (buffer index units). */
    public static Datatype Hvector(final int count, final int blocklength, final int stride, final Datatype oldtype)
    {
        return derive(() -> TypeMap.hvector(count, blocklength, stride, given(oldtype).map), "Datatype.Hvector");
    }

    /** Blocks of {@code array_of_blocklengths[i]} items at {@code array_of_displacements[i]} items. */
    public static Datatype Indexed(final int[] array_of_blocklengths, final int[] array_of_displacements,
        final Datatype oldtype)
    {
        return derive(() -> TypeMap.indexed(array_of_blocklengths, array_of_displacements, given(oldtype).map),
            "Datatype.Indexed");
    }

    /** As {@link #Indexed} with displacements in elements of the base type. */
    public static Datatype Hindexed(final int[] array_of_blocklengths, final int[] array_of_displacements,
        final Datatype oldtype)
    {
        return derive(() -> TypeMap.hindexed(array_of_blocklengths, array_of_displacements, given(oldtype).map),
            "Datatype.Hindexed");
    }

    /**
     * Blocks of different types at displacements in base elements; all data types must share one base type,
     * and {@code MPI.LB} / {@code MPI.UB} entries set explicit bounds.
     */
    public static Datatype Struct(final int[] array_of_blocklengths, final int[] array_of_displacements,
        final Datatype[] array_of_types)
    {
        return derive(() ->
        {
            final TypeMap[] maps = new TypeMap[MpiError.nonNull(array_of_types, ErrorClass.ARG, "types").length];
            for (int i = 0; i < maps.length; i++)
            {
                maps[i] = given(array_of_types[i]).map;
            }
            return TypeMap.struct(array_of_blocklengths, array_of_displacements, maps);
        }, "Datatype.Struct");
    }

    /** Distance in elements between consecutive items. */
    public int Extent()
    {
        return live().map.extent();
    }

    /** Elements of data in one item. */
    public int Size()
    {
        return live().map.size();
    }

    public int Lb()
    {
        return live().map.lb();
    }

    public int Ub()
    {
        return live().map.ub();
    }

    /** Datatypes are usable as soon as they are built; Commit only checks the type is still valid. */
    public void Commit()
    {
        live();
    }

    /** Marks the type freed; predefined types cannot be freed. */
    public void free()
    {
        MPI.notFinalized("Datatype.free");
        if (name != null)
        {
            throw MPI.raise(new MpiError(ErrorClass.TYPE, "cannot free predefined datatype MPI." + name), "Datatype.free");
        }
        if (freed)
        {
            throw MPI.raise(new MpiError(ErrorClass.TYPE, "datatype was freed already"), "Datatype.free");
        }
        freed = true;
    }

    /** The base type code, e.g. {@link #INT}. */
    public int getType()
    {
        live();
        return baseType;
    }

    /** Bytes of one base element (0 for OBJECT). */
    public int getByteSize()
    {
        return live().map.base() == null ? 0 : map.base().byteSize();
    }

    @Override
    public String toString()
    {
        return name != null ? "MPI." + name : map.toString();
    }

    /** {@link #given} this type, its error raised where no caller names the call. */
    Datatype live()
    {
        try
        {
            return given(this);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Datatype");
        }
    }

    /** {@code type}'s {@link #data}: ERR_TYPE for no type at all (null), as for one without data. */
    static TypeMap data(final Datatype type)
    {
        return given(type).data();
    }

    /**
     * {@code type}, checked to be a datatype and not freed: the error goes to the caller's catch, which names the call
     * (a null datatype is MPI_DATATYPE_NULL's {@code ERR_TYPE}, not a NullPointerException).
     */
    static Datatype given(final Datatype type)
    {
        MPI.notFinalized("Datatype");
        if (MpiError.nonNull(type, ErrorClass.TYPE, "datatype").freed)
        {
            throw new MpiError(ErrorClass.TYPE, "datatype " + type + " was freed");
        }
        return type;
    }

    /** {@link #data()} of {@code type}, or null for a null type, which the core's checks name. */
    static TypeMap dataOf(final Datatype type)
    {
        return type == null ? null : type.data();
    }

    /** The layout of a type that carries data (not LB, UB or NULL), for collectives and packing. */
    TypeMap data()
    {
        given(this);
        if (map.base() == null)
        {
            throw new MpiError(ErrorClass.TYPE, this + " carries no data and cannot describe a buffer");
        }
        return map;
    }

    /** Check {@code count} items of this type fit in {@code buffer} at {@code offset}; returns the layout. */
    TypeMap describe(final Object buffer, final int offset, final int count)
    {
        // the common call, a dense type over an array of its base type, in range: a few instructions (everything
        // else, errors included, takes the full checks below)
        if (dense && !freed && offset >= 0 && count >= 0 && map.base().fits(buffer) &&
            (long)offset + (long)count * map.size() <= Memory.length(buffer))
        {
            return map;
        }
        given(this);
        if (zeroSize())
        {
            return nothingIn(buffer, count);
        }
        data();
        if (count < 0)
        {
            throw new MpiError(ErrorClass.COUNT, "count must not be negative: " + count);
        }
        Memory.checkBuffer(map.base(), buffer, count, false);
        if (offset < 0)
        {
            throw new MpiError(ErrorClass.BUFFER, "offset must not be negative: " + offset);
        }
        Transfer.checkRange(buffer, offset, map, count);
        return map;
    }

    /** A derived type of no data (an empty {@code Struct}, only LB/UB markers): MPJ moves 0 bytes for it. */
    boolean zeroSize()
    {
        return name == null && live().map.base() == null;
    }

    /** The items of this type a point-to-point call moves for {@code count}: none for a zero-size type. */
    int items(final int count)
    {
        return zeroSize() ? 0 : count;
    }

    /** What a zero-size type describes over {@code buffer}: the buffer's base type, to move 0 of (see items). */
    static TypeMap nothingIn(final Object buffer, final int count)
    {
        if (count < 0)
        {
            throw new MpiError(ErrorClass.COUNT, "count must not be negative: " + count);
        }
        for (final BaseType base : BaseType.values())
        {
            if (base.fits(buffer))
            {
                return TypeMap.basic(base);
            }
        }
        throw new MpiError(ErrorClass.BUFFER, "buffer " + describeArray(buffer) + " is not an array MPI can use");
    }

    private static String describeArray(final Object buffer)
    {
        return buffer == null ? "null" : buffer.getClass().getSimpleName();
    }

    /** The alignment C gives a field of this type, in bytes: its element's size ({@link Struct} pads by it). */
    int alignment()
    {
        return getByteSize();
    }

    /** What {@code op} does on items of this type: the operation itself, but where a type defines its own. */
    io.colompi.core.op.ReduceOp reduction(final io.colompi.core.op.ReduceOp op, final String call)
    {
        return op;
    }

    static Datatype derive(final java.util.function.Supplier<TypeMap> builder, final String call)
    {
        try
        {
            return new Datatype(builder.get(), null);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    static int codeOf(final TypeMap map)
    {
        final BaseType base = map.base();
        if (base == null)
        {
            return NULL;
        }
        switch (base)
        {
            case BYTE: return BYTE;
            case CHAR: return CHAR;
            case SHORT: return SHORT;
            case BOOLEAN: return BOOLEAN;
            case INT: return INT;
            case LONG: return LONG;
            case FLOAT: return FLOAT;
            case DOUBLE: return DOUBLE;
            case PACKED: return PACKED;
            default: return OBJECT;
        }
    }

    // Open MPI Java bindings API
    //
    // As in Open MPI's Java bindings, sizes, extents and bounds are in buffer elements, and the H-constructors,
    // createStruct and createResized take byte displacements (which must be whole elements of the base type).

    public static Datatype createContiguous(final int count, final Datatype oldType)
    {
        return Contiguous(count, oldType);
    }

    /** {@code count} blocks of {@code blockLength} items, starts {@code stride} items apart. */
    public static Datatype createVector(final int count, final int blockLength, final int stride, final Datatype oldType)
    {
        return Vector(count, blockLength, stride, oldType);
    }

    /** As {@link #createVector} with the stride in bytes. */
    public static Datatype createHVector(final int count, final int blockLength, final int stride, final Datatype oldType)
    {
        return Hvector(count, blockLength, elements(stride, oldType, "Datatype.createHVector"), oldType);
    }

    /** Blocks of {@code blockLengths[i]} items at {@code displacements[i]} items. */
    public static Datatype createIndexed(final int[] blockLengths, final int[] displacements, final Datatype oldType)
    {
        return Indexed(blockLengths, displacements, oldType);
    }

    /** As {@link #createIndexed} with displacements in bytes. */
    public static Datatype createHIndexed(final int[] blockLengths, final int[] displacements, final Datatype oldType)
    {
        return Hindexed(blockLengths, elements(displacements, oldType, "Datatype.createHIndexed"), oldType);
    }

    /** Blocks of {@code blockLength} items at {@code displacements[i]} items. */
    public static Datatype createIndexedBlock(final int blockLength, final int[] displacements, final Datatype oldType)
    {
        final int[] lengths = new int[displacements.length];
        java.util.Arrays.fill(lengths, blockLength);
        return Indexed(lengths, displacements, oldType);
    }

    /**
     * Blocks of different types at byte displacements. Over one base type, a layout of that type's elements; over
     * several, a layout of bytes, for a byte buffer that holds them (as C lays out a struct: its extent padded to its
     * most aligned member unless {@code MPI.UB} marks it). Objects cannot share a struct with other base types.
     */
    public static Datatype createStruct(final int[] blockLengths, final int[] displacements, final Datatype[] types)
    {
        Datatype first = null;
        boolean oneBase = true;
        for (final Datatype type : types)
        {
            final BaseType base = type.live().map.base();
            if (base != null && first == null)
            {
                first = type;
            }
            else if (base != null)
            {
                oneBase &= first.map.base().accepts(base) && base.accepts(first.map.base());
            }
        }
        if (first == null)
        {
            return Struct(blockLengths, displacements, types);
        }
        if (oneBase)
        {
            return Struct(blockLengths, elements(displacements, first, "Datatype.createStruct"), types);
        }
        return derive(() ->
        {
            final TypeMap[] bytes = new TypeMap[types.length];
            int alignment = 1;
            for (int i = 0; i < types.length; i++)
            {
                final TypeMap map = types[i].live().map;
                bytes[i] = map.inBytes();
                alignment = Math.max(alignment, map.base() == null ? 1 : map.base().byteSize());
            }
            return TypeMap.struct(blockLengths, displacements, bytes).paddedTo(alignment);
        }, "Datatype.createStruct");
    }

    /** {@code oldType} with lower bound {@code lb} and extent {@code extent}, both in bytes. */
    public static Datatype createResized(final Datatype oldType, final int lb, final int extent)
    {
        final int lower = elements(lb, oldType, "Datatype.createResized");
        final int length = elements(extent, oldType, "Datatype.createResized");
        return Struct(new int[]{ 1, 1, 1 }, new int[]{ lower, 0, lower + length },
            new Datatype[]{ MPI.LB, oldType, MPI.UB });
    }

    public void commit()
    {
        Commit();
    }

    /** Extent in buffer elements. */
    public int getExtent()
    {
        return Extent() * bufferElementsPerElement();
    }

    /** Lower bound in buffer elements. */
    public int getLb()
    {
        return Lb() * bufferElementsPerElement();
    }

    /** Buffer elements of data in one item. */
    public int getSize()
    {
        return Size() * bufferElementsPerElement();
    }

    /**
     * How many of the buffer elements Open MPI's {@code get*} methods count make one element of this type: 1, but
     * for {@code MPI.INT2}, whose buffer is a {@code ByteBuffer} there ({@code MPI.int2}), so that
     * {@code MPI.INT2.getExtent()} is 8 as Open MPI says, where MPJ Express' {@code Extent()} is 2 ints.
     */
    int bufferElementsPerElement()
    {
        return 1;
    }

    /** Extent from the first to just past the last element of data, in buffer elements. */
    public int getTrueExtent()
    {
        final TypeMap m = live().map;
        return m.size() == 0 ? 0 : ((int)Transfer.span(m, 1) - trueLbElements()) * bufferElementsPerElement();
    }

    /** Displacement of the first element of data, in buffer elements. */
    public int getTrueLb()
    {
        return trueLbElements() * bufferElementsPerElement();
    }

    /** Displacement of the first element of data, in elements. */
    private int trueLbElements()
    {
        final TypeMap m = live().map;
        int min = m.size() == 0 ? 0 : Integer.MAX_VALUE;
        for (int b = 0; b < m.blockCount(); b++)
        {
            min = Math.min(min, m.blockDisp(b));
        }
        return min;
    }

    /** A new datatype with the same layout. */
    public Datatype dup()
    {
        return new Datatype(live().map, null);
    }

    /** {@link #dup}, as Open MPI's {@code clone()}. */
    @Override
    public Datatype clone()
    {
        return dup();
    }

    /** Keys are shared with communicators' ({@link Comm#createKeyval}). */
    public static int createKeyval()
    {
        return Comm.createKeyval();
    }

    public static void freeKeyval(final int keyval)
    {
        Comm.freeKeyval(keyval);
    }

    public void setAttr(final int keyval, final Object value)
    {
        MPI.started("Datatype.setAttr");
        live();
        attributes().set(keyval, value, "Datatype.setAttr");
    }

    /** The value set for {@code keyval}, or null. */
    public Object getAttr(final int keyval)
    {
        MPI.started("Datatype.getAttr");
        live();
        return attributes().get(keyval, "Datatype.getAttr");
    }

    public void deleteAttr(final int keyval)
    {
        MPI.started("Datatype.deleteAttr");
        live();
        attributes().delete(keyval, "Datatype.deleteAttr");
    }

    private synchronized Attributes attributes()
    {
        if (attributes == null)
        {
            attributes = new Attributes();
        }
        return attributes;
    }

    /** Whether this is {@code MPI.DATATYPE_NULL}, or freed (Open MPI sets a freed type to it). */
    public boolean isNull()
    {
        return freed || this == MPI.DATATYPE_NULL;
    }

    public void setName(final String name)
    {
        live();
        this.label = name;
    }

    public String getName()
    {
        live();
        return label != null ? label : name != null ? "MPI_" + name : "";
    }

    private String label;

    private static int elements(final int bytes, final Datatype type, final String call)
    {
        final int scale = type.getByteSize();
        if (scale == 0 || bytes % scale != 0)
        {
            throw MPI.raise(new MpiError(ErrorClass.ARG, bytes + " bytes is not a whole number of " + type +
                " elements (" + scale + " bytes each)"), call);
        }
        return bytes / scale;
    }

    private static int[] elements(final int[] bytes, final Datatype type, final String call)
    {
        final int[] elements = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            elements[i] = elements(bytes[i], type, call);
        }
        return elements;
    }
}
