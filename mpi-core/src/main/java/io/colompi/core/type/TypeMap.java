package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.Arrays;

/**
 * The layout of one datatype item over a Java array of one {@link BaseType}: blocks of consecutive elements at
 * displacements counted in elements (the mpiJava convention, so sizes and extents are in elements too).
 * Immutable; derived layouts are built by the static constructors, which mirror MPI's type constructors.
 */
public final class TypeMap
{
    private static final TypeMap[] DENSE = new TypeMap[BaseType.values().length];

    static
    {
        for (final BaseType base : BaseType.values())
        {
            DENSE[base.ordinal()] = basic(base);
        }
    }

    private final BaseType base;
    private final int[] blockDisp;
    private final int[] blockLength;
    private final int size;
    private final int lb;
    private final int ub;
    private final boolean lbMarked;
    private final boolean ubMarked;
    private final boolean contiguous;
    /** The first element and just past the last element one item touches (MPI's true bounds). */
    private final int trueLb;
    private final int trueUb;

    private TypeMap(
        final BaseType base,
        final int[] blockDisp,
        final int[] blockLength,
        final int lb,
        final int ub,
        final boolean lbMarked,
        final boolean ubMarked)
    {
        this.base = base;
        this.blockDisp = blockDisp;
        this.blockLength = blockLength;
        int total = 0;
        int first = blockDisp.length == 0 ? 0 : Integer.MAX_VALUE;
        int end = blockDisp.length == 0 ? 0 : Integer.MIN_VALUE;
        for (int b = 0; b < blockLength.length; b++)
        {
            total += blockLength[b];
            first = Math.min(first, blockDisp[b]);
            end = Math.max(end, blockDisp[b] + blockLength[b]);
        }
        this.size = total;
        this.trueLb = first;
        this.trueUb = end;
        this.lb = lb;
        this.ub = ub;
        this.lbMarked = lbMarked;
        this.ubMarked = ubMarked;
        this.contiguous = lb == 0 && (total == 0 || (blockDisp.length == 1 && blockDisp[0] == 0 && total == ub));
    }

    /** The layout of a dense array of {@code base}: {@link #basic}, made once per base type. */
    public static TypeMap dense(final BaseType base)
    {
        return DENSE[base.ordinal()];
    }

    /** One element of {@code base}. */
    public static TypeMap basic(final BaseType base)
    {
        return new TypeMap(base, new int[]{ 0 }, new int[]{ 1 }, 0, 1, false, false);
    }

    /** Two consecutive elements of {@code base}: the MAXLOC/MINLOC pair types (INT2, DOUBLE2, ...). */
    public static TypeMap pair(final BaseType base)
    {
        return new TypeMap(base, new int[]{ 0 }, new int[]{ 2 }, 0, 2, false, false);
    }

    /** A pseudo-type that only marks the lower bound of a {@link #struct}. */
    public static TypeMap lowerBoundMarker()
    {
        return new TypeMap(null, new int[0], new int[0], 0, 0, true, false);
    }

    /** A pseudo-type that only marks the upper bound of a {@link #struct}. */
    public static TypeMap upperBoundMarker()
    {
        return new TypeMap(null, new int[0], new int[0], 0, 0, false, true);
    }

    public static TypeMap contiguous(final int count, final TypeMap old)
    {
        checkNonNegative("count", count);
        checkReach(0, count, old);
        if (count > 0 && old.contiguous && old.size > 0)
        {
            // one block however many items (as the loop below would merge them): no per-item work up to 2^31-1
            return new TypeMap(old.base, new int[]{ 0 }, new int[]{ count * old.size }, 0, count * old.size,
                old.lbMarked, old.ubMarked);
        }
        final int[] displs = new int[count];
        for (int i = 0; i < count; i++)
        {
            displs[i] = i * old.extent();
        }
        return replicate(old, displs, ones(count));
    }

    /** {@code count} blocks of {@code blockLength} items, block starts {@code stride} items apart. */
    public static TypeMap vector(final int count, final int blockLength, final int stride, final TypeMap old)
    {
        return hvector(count, blockLength, elements((long)stride * old.extent(), "stride"), old);
    }

    /** As {@link #vector} with the stride counted in elements of the base type rather than in items. */
    public static TypeMap hvector(final int count, final int blockLength, final int strideElements, final TypeMap old)
    {
        checkNonNegative("count", count);
        checkNonNegative("blocklength", blockLength);
        checkReach(count == 0 ? 0 : (long)(count - 1) * strideElements, blockLength, old);
        elements((long)count * blockLength * old.size, "the datatype's size");
        final int[] displs = new int[count];
        for (int i = 0; i < count; i++)
        {
            displs[i] = i * strideElements;
        }
        final int[] lengths = new int[count];
        Arrays.fill(lengths, blockLength);
        return replicate(old, displs, lengths);
    }

    /** Blocks of {@code blockLengths[i]} items at {@code displs[i]} items. */
    public static TypeMap indexed(final int[] blockLengths, final int[] displs, final TypeMap old)
    {
        MpiError.nonNull(displs, ErrorClass.ARG, "displacements");
        final int[] scaled = new int[displs.length];
        for (int i = 0; i < displs.length; i++)
        {
            scaled[i] = elements((long)displs[i] * old.extent(), "displacement");
        }
        return hindexed(blockLengths, scaled, old);
    }

    /** As {@link #indexed} with displacements counted in elements of the base type. */
    public static TypeMap hindexed(final int[] blockLengths, final int[] displsElements, final TypeMap old)
    {
        MpiError.nonNull(blockLengths, ErrorClass.ARG, "blocklengths");
        MpiError.nonNull(displsElements, ErrorClass.ARG, "displacements");
        if (blockLengths.length != displsElements.length)
        {
            throw new MpiError(ErrorClass.ARG, "blocklengths has " + blockLengths.length +
                " entries but displacements has " + displsElements.length);
        }
        long size = 0;
        for (int i = 0; i < blockLengths.length; i++)
        {
            checkNonNegative("blocklength", blockLengths[i]);
            checkReach(displsElements[i], blockLengths[i], old);
            size += (long)blockLengths[i] * old.size;
        }
        elements(size, "the datatype's size");
        return replicate(old, displsElements, blockLengths);
    }

    /**
     * Blocks of different types at displacements in base elements. All data types must share one base type
     * (the mpiJava restriction); {@link #lowerBoundMarker()} and {@link #upperBoundMarker()} set explicit bounds.
     */
    public static TypeMap struct(final int[] blockLengths, final int[] displsElements, final TypeMap[] types)
    {
        MpiError.nonNull(blockLengths, ErrorClass.ARG, "blocklengths");
        MpiError.nonNull(displsElements, ErrorClass.ARG, "displacements");
        if (blockLengths.length != displsElements.length || blockLengths.length != types.length)
        {
            throw new MpiError(ErrorClass.ARG, "Struct needs equally long arrays, got blocklengths=" +
                blockLengths.length + " displacements=" + displsElements.length + " types=" + types.length);
        }
        long size = 0;
        for (int i = 0; i < types.length; i++)
        {
            checkNonNegative("blocklength", blockLengths[i]);
            checkReach(displsElements[i], blockLengths[i], types[i]);
            size += (long)blockLengths[i] * types[i].size;
        }
        elements(size, "the datatype's size");
        final Builder builder = new Builder();
        for (int i = 0; i < types.length; i++)
        {
            for (int j = 0; j < blockLengths[i]; j++)
            {
                builder.add(types[i], displsElements[i] + j * types[i].extent());
            }
        }
        return builder.build();
    }

    private static TypeMap replicate(final TypeMap old, final int[] displs, final int[] lengths)
    {
        final Builder builder = new Builder();
        for (int i = 0; i < displs.length; i++)
        {
            for (int j = 0; j < lengths[i]; j++)
            {
                builder.add(old, displs[i] + j * old.extent());
            }
        }
        return builder.build();
    }

    private static int[] ones(final int count)
    {
        final int[] ones = new int[count];
        Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * Raises {@code ARG} unless {@code count} items of {@code old} from element {@code start}, their size and their
     * bounds, lie within an int of elements (Java arrays are indexed by int): no derived type wraps around.
     */
    private static void checkReach(final long start, final int count, final TypeMap old)
    {
        if (count == 0)
        {
            return;
        }
        final long item = Math.max(Math.max(Math.abs((long)old.lb), Math.abs((long)old.ub)),
            Math.max(Math.abs((long)old.trueLb), Math.abs((long)old.trueUb)));
        elements(Math.abs(start) + (count - 1L) * Math.abs((long)old.ub - old.lb) + item, "the datatype's reach");
        elements((long)count * old.size, "the datatype's size");
    }

    /** {@code value}, which must fit an int of elements: else {@code ARG} naming {@code what}. */
    private static int elements(final long value, final String what)
    {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)
        {
            throw new MpiError(ErrorClass.ARG, what + " comes to " + value + " elements, more than an array holds " +
                "(2^31-1)");
        }
        return (int)value;
    }

    private static void checkNonNegative(final String what, final int value)
    {
        if (value < 0)
        {
            throw new MpiError(ErrorClass.ARG, what + " must not be negative: " + value);
        }
    }

    public BaseType base()
    {
        return base;
    }

    /** Elements of data in one item. */
    public int size()
    {
        return size;
    }

    public int lb()
    {
        return lb;
    }

    public int ub()
    {
        return ub;
    }

    /** Distance in elements between consecutive items of a buffer. */
    public int extent()
    {
        return ub - lb;
    }

    /** Displacement of the first element one item touches, whatever its lower bound marker says. */
    public int trueLb()
    {
        return trueLb;
    }

    /** Displacement just past the last element one item touches, whatever its upper bound marker says. */
    public int trueUb()
    {
        return trueUb;
    }

    /** Whether one item is {@link #size()} consecutive elements starting at its origin, and items follow each other. */
    public boolean isContiguous()
    {
        return contiguous;
    }

    public int blockCount()
    {
        return blockDisp.length;
    }

    /** Displacement, in elements from the item's origin, of block {@code i}. */
    public int blockDisp(final int i)
    {
        return blockDisp[i];
    }

    public int blockLength(final int i)
    {
        return blockLength[i];
    }

    /**
     * This layout counted in bytes, over {@link BaseType#BYTE}: a member of a struct of several base types, whose
     * buffer holds their bytes. A bound marker and a byte layout are their own; objects have no fixed bytes (ERR_TYPE).
     */
    public TypeMap inBytes()
    {
        if (base == null || base.arrayClass() == byte[].class)
        {
            return this;
        }
        if (base == BaseType.OBJECT)
        {
            throw new MpiError(ErrorClass.TYPE, "objects have no fixed bytes: a struct of several base types cannot " +
                "hold MPI.OBJECT");
        }
        final int scale = base.byteSize();
        final int[] disp = new int[blockDisp.length];
        final int[] length = new int[blockLength.length];
        for (int b = 0; b < disp.length; b++)
        {
            disp[b] = blockDisp[b] * scale;
            length[b] = blockLength[b] * scale;
        }
        return new TypeMap(BaseType.BYTE, disp, length, lb * scale, ub * scale, lbMarked, ubMarked);
    }

    /**
     * This layout with its extent rounded up to a multiple of {@code alignment}, as C MPI pads a struct for its most
     * aligned member, unless its upper bound is marked.
     */
    public TypeMap paddedTo(final int alignment)
    {
        final int extent = extent();
        if (ubMarked || alignment <= 1 || extent % alignment == 0)
        {
            return this;
        }
        return new TypeMap(base, blockDisp, blockLength, lb, lb + (extent / alignment + 1) * alignment, lbMarked,
            true);
    }

    /** Bytes that {@code count} items occupy packed; not defined for {@link BaseType#OBJECT}. */
    public long packedBytes(final int count)
    {
        return (long)count * size * base.byteSize();
    }

    @Override
    public String toString()
    {
        return "TypeMap{base=" + base + ", size=" + size + ", lb=" + lb + ", ub=" + ub +
            ", blocks=" + blockDisp.length + "}";
    }

    /** Accumulates shifted copies of types in type-map order, merging adjacent blocks. */
    private static final class Builder
    {
        private BaseType base;
        private int[] disp = new int[4];
        private int[] length = new int[4];
        private int blocks;
        private int dataLb = Integer.MAX_VALUE;
        private int dataUb = Integer.MIN_VALUE;
        private int markedLb = Integer.MAX_VALUE;
        private int markedUb = Integer.MIN_VALUE;
        private boolean lbMarked;
        private boolean ubMarked;

        void add(final TypeMap type, final int shift)
        {
            if (type.base != null)
            {
                if (base == null)
                {
                    base = type.base;
                }
                else if (!base.accepts(type.base))
                {
                    throw new MpiError(ErrorClass.TYPE, "a derived datatype must have one base type, found " +
                        base + " and " + type.base);
                }
            }
            for (int b = 0; b < type.blockDisp.length; b++)
            {
                addBlock(type.blockDisp[b] + shift, type.blockLength[b]);
            }
            if (type.lbMarked)
            {
                lbMarked = true;
                markedLb = Math.min(markedLb, type.lb + shift);
            }
            else if (type.size > 0)
            {
                dataLb = Math.min(dataLb, type.lb + shift);
            }
            if (type.ubMarked)
            {
                ubMarked = true;
                markedUb = Math.max(markedUb, type.ub + shift);
            }
            else if (type.size > 0)
            {
                dataUb = Math.max(dataUb, type.ub + shift);
            }
        }

        private void addBlock(final int d, final int l)
        {
            if (l == 0)
            {
                return;
            }
            if (blocks > 0 && disp[blocks - 1] + length[blocks - 1] == d)
            {
                length[blocks - 1] += l;
                return;
            }
            if (blocks == disp.length)
            {
                disp = Arrays.copyOf(disp, blocks * 2);
                length = Arrays.copyOf(length, blocks * 2);
            }
            disp[blocks] = d;
            length[blocks] = l;
            blocks++;
        }

        TypeMap build()
        {
            int lb = lbMarked ? markedLb : dataLb;
            int ub = ubMarked ? markedUb : dataUb;
            if (lb == Integer.MAX_VALUE)
            {
                lb = 0;
            }
            if (ub == Integer.MIN_VALUE)
            {
                ub = lb;
            }
            return new TypeMap(base, Arrays.copyOf(disp, blocks), Arrays.copyOf(length, blocks), lb, ub, lbMarked, ubMarked);
        }
    }
}
