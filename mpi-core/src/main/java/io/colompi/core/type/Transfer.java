package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.agrona.UnsafeApi;

/**
 * Moves elements between typed layouts: array to array (the single copy of an in-JVM handoff) and array to
 * raw memory and back (eager buffers, shared-memory rings). Raw memory is addressed as {@code (base, address)}
 * in {@code Unsafe} style: a {@code byte[]} with {@link #BYTE_ARRAY_BASE} + offset, or {@code null} with an
 * off-heap address. A buffer is an array or a {@link java.nio.Buffer} ({@link Memory}): a direct one is read and
 * written where it lies. Layouts are walked block by block; two contiguous layouts cost one bulk copy.
 */
public final class Transfer
{
    /** Address of element 0 of a {@code byte[]}, for use as a raw-memory address. */
    public static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    /** Runs of at most this many elements are moved one by one rather than with a bulk copy. */
    private static final int SHORT_RUN = 8;

    /** Each thread's two cursors (source, destination), reused: a derived-datatype copy allocates nothing. */
    private static final ThreadLocal<Cursor[]> CURSORS = ThreadLocal.withInitial(() -> new Cursor[]{ new Cursor(), new Cursor() });

    private Transfer()
    {
    }

    /**
     * Copy {@code elements} base elements from {@code count} items of {@code srcType} at {@code srcOffset} into
     * the layout of {@code dstType} at {@code dstOffset}. Arrays must be of the same primitive type, or both
     * {@code Object[]} (then references are copied: callers serialize objects before that).
     */
    public static void copy(
        final Object src, final int srcOffset, final TypeMap srcType,
        final Object dst, final int dstOffset, final TypeMap dstType,
        final int elements)
    {
        if (elements == 0)
        {
            return; // nothing to move, and either buffer may be null (MPI allows it for a count of 0)
        }
        final BaseType base = srcType.base();
        final boolean references = base == BaseType.OBJECT;
        final int scale = base.byteSize();
        final boolean arrays = !(src instanceof java.nio.Buffer) && !(dst instanceof java.nio.Buffer);
        if (srcType.isContiguous() && dstType.isContiguous() && arrays)
        {
            System.arraycopy(src, srcOffset, dst, dstOffset, elements);
            return;
        }
        final Object srcBase = Memory.base(src);
        final Object dstBase = Memory.base(dst);
        final long srcOrigin = references ? 0 : Memory.origin(src, base);
        final long dstOrigin = references ? 0 : Memory.origin(dst, dstType.base());
        if (srcType.isContiguous() && dstType.isContiguous())
        {
            UnsafeApi.copyMemory(srcBase, srcOrigin + (long)srcOffset * scale, dstBase, dstOrigin + (long)dstOffset * scale,
                (long)elements * scale);
            return;
        }
        final Cursor[] cursors = CURSORS.get();
        final Cursor s = cursors[0].at(srcType, srcOffset);
        final Cursor d = cursors[1].at(dstType, dstOffset);
        int remaining = elements;
        while (remaining > 0)
        {
            final int n = Math.min(remaining, Math.min(s.available(), d.available()));
            if (references)
            {
                System.arraycopy(src, s.index(), dst, d.index(), n);
            }
            else
            {
                move(srcBase, srcOrigin + (long)s.index() * scale, dstBase, dstOrigin + (long)d.index() * scale, n, scale);
            }
            s.advance(n);
            d.advance(n);
            remaining -= n;
        }
    }

    /**
     * Write {@code count} items of {@code type} from primitive array {@code src} as packed elements to raw memory.
     *
     * @return bytes written.
     */
    public static int pack(
        final Object src, final int srcOffset, final TypeMap type, final int count,
        final Object dstBase, final long dstAddress)
    {
        checkRange(src, srcOffset, type, count);
        return packRange(src, srcOffset, type, 0, count * type.size(), dstBase, dstAddress);
    }

    /**
     * Write elements {@code first .. first + elements - 1} of the element sequence of a layout (items of
     * {@code type} from {@code srcOffset}) as packed elements to raw memory: one fragment of a large message.
     * The caller has checked the range.
     *
     * @return bytes written.
     */
    public static int packRange(
        final Object src, final int srcOffset, final TypeMap type, final int first, final int elements,
        final Object dstBase, final long dstAddress)
    {
        final BaseType base = type.base();
        final int scale = base.byteSize();
        final Object srcBase = Memory.base(src);
        final long origin = Memory.origin(src, base);
        if (type.isContiguous())
        {
            UnsafeApi.copyMemory(srcBase, origin + (long)(srcOffset + first) * scale, dstBase, dstAddress,
                (long)elements * scale);
            return elements * scale;
        }
        final Cursor s = CURSORS.get()[0].at(type, srcOffset);
        s.skip(first);
        long address = dstAddress;
        int remaining = elements;
        while (remaining > 0)
        {
            final int n = Math.min(remaining, s.available());
            move(srcBase, origin + (long)s.index() * scale, dstBase, address, n, scale);
            address += (long)n * scale;
            s.advance(n);
            remaining -= n;
        }
        return elements * scale;
    }

    /** Read {@code elements} packed elements from raw memory into the layout of {@code type} in {@code dst}. */
    public static void unpack(
        final Object srcBase, final long srcAddress, final int elements,
        final Object dst, final int dstOffset, final TypeMap type)
    {
        if (elements == 0)
        {
            return;
        }
        checkRange(dst, dstOffset, type, (elements + type.size() - 1) / type.size());
        unpackRange(srcBase, srcAddress, dst, dstOffset, type, 0, elements);
    }

    /**
     * Read {@code elements} packed elements from raw memory into positions {@code first ..} of the element
     * sequence of a layout: one fragment of a large message. The caller has checked the range.
     */
    public static void unpackRange(
        final Object srcBase, final long srcAddress,
        final Object dst, final int dstOffset, final TypeMap type, final int first, final int elements)
    {
        final BaseType base = type.base();
        final int scale = base.byteSize();
        final Object dstBase = Memory.base(dst);
        final long origin = Memory.origin(dst, base);
        if (type.isContiguous())
        {
            UnsafeApi.copyMemory(srcBase, srcAddress, dstBase, origin + (long)(dstOffset + first) * scale,
                (long)elements * scale);
            return;
        }
        final Cursor d = CURSORS.get()[1].at(type, dstOffset);
        d.skip(first);
        long address = srcAddress;
        int remaining = elements;
        while (remaining > 0)
        {
            final int n = Math.min(remaining, d.available());
            move(srcBase, address, dstBase, origin + (long)d.index() * scale, n, scale);
            address += (long)n * scale;
            d.advance(n);
            remaining -= n;
        }
    }

    /**
     * Copy {@code n} elements of {@code scale} bytes. Short runs (strided layouts: a matrix column is runs of one)
     * are moved element by element, which costs a fraction of a bulk-copy call each.
     */
    private static void move(
        final Object srcBase, final long srcAddress, final Object dstBase, final long dstAddress, final int n,
        final int scale)
    {
        if (n > SHORT_RUN)
        {
            UnsafeApi.copyMemory(srcBase, srcAddress, dstBase, dstAddress, (long)n * scale);
            return;
        }
        long from = srcAddress;
        long to = dstAddress;
        for (int i = 0; i < n; i++, from += scale, to += scale)
        {
            switch (scale)
            {
                case 8:
                    UnsafeApi.putLong(dstBase, to, UnsafeApi.getLong(srcBase, from));
                    break;
                case 4:
                    UnsafeApi.putInt(dstBase, to, UnsafeApi.getInt(srcBase, from));
                    break;
                case 2:
                    UnsafeApi.putShort(dstBase, to, UnsafeApi.getShort(srcBase, from));
                    break;
                default:
                    UnsafeApi.putByte(dstBase, to, UnsafeApi.getByte(srcBase, from));
            }
        }
    }

    /**
     * Check that {@code count} items of {@code type} at {@code offset} lie inside {@code array}: raw copies do not
     * check bounds themselves, so this is what keeps a bad offset an error instead of memory corruption.
     */
    public static void checkRange(final Object array, final int offset, final TypeMap type, final int count)
    {
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        final int length = Memory.elements(array, type.base());
        // a contiguous type spans count * size elements from the offset: no bounds to walk
        final boolean contiguous = type.isContiguous();
        final long first = contiguous ? offset : (long)offset + firstElement(type, count);
        final long end = contiguous ? (long)offset + (long)count * type.size() : (long)offset + span(type, count);
        if (first < 0 || end > length)
        {
            throw new MpiError(ErrorClass.BUFFER, "buffer of length " + length + " is too small for " + count +
                " items of " + type + " at offset " + offset + " (needs elements " + first + ".." + (end - 1) + ")");
        }
    }

    /** Elements from an item origin at 0 to just past the last element {@code count} items of {@code type} touch. */
    public static long span(final TypeMap type, final int count)
    {
        if (count == 0 || type.size() == 0)
        {
            return 0;
        }
        return type.trueUb() + (type.extent() > 0 ? (long)(count - 1) * type.extent() : 0);
    }

    private static long firstElement(final TypeMap type, final int count)
    {
        return type.trueLb() + (type.extent() < 0 ? (long)(count - 1) * type.extent() : 0);
    }

    /** A position in the element sequence of a layout repeated item after item; reusable ({@link #at}). */
    static final class Cursor
    {
        private TypeMap type;
        /** A contiguous layout is one endless block: items follow each other without gaps. */
        private boolean endless;
        private int itemOrigin;
        private int block;
        private int inBlock;

        Cursor()
        {
        }

        /** Start over at the first element of the item at {@code offset} of {@code type}. */
        Cursor at(final TypeMap type, final int offset)
        {
            this.type = type;
            this.endless = type.isContiguous();
            this.itemOrigin = offset;
            this.block = 0;
            this.inBlock = 0;
            return this;
        }

        int index()
        {
            return endless ? itemOrigin + inBlock : itemOrigin + type.blockDisp(block) + inBlock;
        }

        int available()
        {
            return endless ? Integer.MAX_VALUE : type.blockLength(block) - inBlock;
        }

        /** Move {@code n} elements on, across blocks and items. */
        void skip(final int n)
        {
            if (endless)
            {
                inBlock += n;
                return;
            }
            final int size = type.size();
            if (size > 0)
            {
                itemOrigin += (n / size) * type.extent();
            }
            int left = size > 0 ? n % size : 0;
            while (left > 0)
            {
                final int step = Math.min(left, available());
                advance(step);
                left -= step;
            }
        }

        void advance(final int n)
        {
            inBlock += n;
            if (endless)
            {
                return;
            }
            if (inBlock == type.blockLength(block))
            {
                inBlock = 0;
                if (++block == type.blockCount())
                {
                    block = 0;
                    itemOrigin += type.extent();
                }
            }
        }
    }
}
