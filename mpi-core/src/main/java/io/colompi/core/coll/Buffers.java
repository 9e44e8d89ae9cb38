package io.colompi.core.coll;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.ObjectCodec;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;

/**
 * Temporaries and rank-local copies for the collective algorithms. Temporaries are dense arrays of a base type
 * (laid out as {@link TypeMap#dense}); {@code MPI.OBJECT} data copied out of a user buffer goes through
 * {@link ObjectCodec}, so a rank's own contribution is a copy by value exactly as a peer's is.
 */
final class Buffers
{
    private Buffers()
    {
    }

    /**
     * Pack {@code count} items of {@code type} at {@code offset} in {@code src} into dense {@code dst} at
     * {@code dstOffset}; objects are copied by value.
     */
    static void pack(final Engine engine, final Object src, final int offset, final int count, final TypeMap type,
        final Object dst, final int dstOffset)
    {
        final int elements = count * type.size();
        if (elements == 0)
        {
            return;
        }
        if (type.base() == BaseType.OBJECT)
        {
            final byte[] bytes = ObjectCodec.serialize((Object[])src, offset, type, count);
            ObjectCodec.deserialize(bytes, bytes.length, elements, (Object[])dst, dstOffset,
                TypeMap.dense(BaseType.OBJECT), engine.classLoader(), engine.objectFilter());
        }
        else
        {
            walk(src, offset, type, dst, dstOffset, elements, true);
        }
    }

    /**
     * Unpack {@code elements} elements of a dense temporary (received as, or packed from, {@code sent}) into
     * room for {@code rcount} items of {@code rtype}, with the checks a message would get. Objects in a
     * temporary are already this rank's copies, so they are placed as they are.
     */
    static void place(final Object src, final int srcOffset, final int elements, final BaseType sent,
        final Object dst, final int dstOffset, final int rcount, final TypeMap rtype)
    {
        final MpiError unfit = unfit(elements, sent, rcount, rtype, -1);
        if (unfit != null)
        {
            throw unfit;
        }
        if (elements > 0)
        {
            walk(dst, dstOffset, rtype, src, srcOffset, elements, false);
        }
    }

    /**
     * Why {@code elements} elements of {@code sent} from rank {@code sender} (negative: this rank's own) cannot go
     * into room for {@code rcount} items of {@code rtype} (truncation, another type), as a message between ranks
     * would be checked; null if they fit.
     */
    static MpiError unfit(final long elements, final BaseType sent, final int rcount, final TypeMap rtype,
        final int sender)
    {
        if (elements == 0)
        {
            return null;
        }
        final long room = (long)rcount * rtype.size();
        if (room < elements)
        {
            return new MpiError(ErrorClass.TRUNCATE, "message truncated: " + (sender < 0 ? "" : "rank " + sender +
                " sent ") + elements + " elements " + (sender < 0 ? "arrived " : "") + "but the receive has room for " +
                room);
        }
        if (rtype.base() == null || !rtype.base().accepts(sent))
        {
            return new MpiError(ErrorClass.TYPE, "the data is " + sent + " but the receive expects " + rtype.base());
        }
        return null;
    }

    /** Copy {@code elements} elements from dense {@code src} into the layout of {@code type} in {@code dst}. */
    static void unpack(final Object src, final int srcOffset, final Object dst, final int offset, final TypeMap type,
        final int elements)
    {
        walk(dst, offset, type, src, srcOffset, elements, false);
    }

    /**
     * A rank's own block of a collective: {@code scount} items of {@code stype} into room for {@code rcount}
     * items of {@code rtype}, with the checks a message between ranks would get (type, truncation).
     */
    static void copyLocal(
        final Engine engine,
        final Object src, final int srcOffset, final int scount, final TypeMap stype,
        final Object dst, final int dstOffset, final int rcount, final TypeMap rtype)
    {
        final int elements = scount * stype.size();
        if (elements == 0)
        {
            return;
        }
        if ((long)rcount * rtype.size() < elements)
        {
            throw new MpiError(ErrorClass.TRUNCATE, "message truncated: this rank contributes " + elements +
                " elements to itself but the receive has room for " + (long)rcount * rtype.size());
        }
        if (rtype.base() == null || !rtype.base().accepts(stype.base()))
        {
            throw new MpiError(ErrorClass.TYPE, "this rank sends " + stype.base() + " to itself but the receive " +
                "expects " + rtype.base());
        }
        if (stype.base() == BaseType.OBJECT)
        {
            final byte[] bytes = ObjectCodec.serialize((Object[])src, srcOffset, stype, scount);
            ObjectCodec.deserialize(bytes, bytes.length, elements, (Object[])dst, dstOffset, rtype,
                engine.classLoader(), engine.objectFilter());
        }
        else if (stype.isContiguous())
        {
            walk(dst, dstOffset, rtype, src, srcOffset, elements, false);
        }
        else if (rtype.isContiguous())
        {
            walk(src, srcOffset, stype, dst, dstOffset, elements, true);
        }
        else
        {
            Transfer.copy(src, srcOffset, stype, dst, dstOffset, rtype, elements);
        }
    }

    /**
     * Check that {@code buffer} is an array of {@code type}'s base type and holds {@code count} items at
     * {@code offset}, so that a bad argument fails before any message is sent.
     */
    static void check(final String what, final Object buffer, final int offset, final int count, final TypeMap type)
    {
        if (type == null)
        {
            throw new MpiError(ErrorClass.TYPE, "datatype of the " + what + " is null");
        }
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        if (!type.base().fits(buffer))
        {
            // as point-to-point calls say: no buffer is ERR_BUFFER, an array of another type ERR_TYPE
            final boolean array = buffer != null && !(buffer instanceof java.nio.Buffer);
            throw new MpiError(array ? ErrorClass.TYPE : ErrorClass.BUFFER, what + " is " +
                (buffer == null ? "null" : "a " + buffer.getClass().getSimpleName()) + " but the datatype is over " +
                type.base() + ", which needs a " + type.base().arrayClass().getSimpleName() +
                (buffer instanceof java.nio.Buffer ? " (collectives with an offset argument take arrays; the " +
                    "Open MPI-style ones, allReduce..., take nio buffers)" : ""));
        }
        Transfer.checkRange(buffer, offset, type, count);
    }

    /**
     * {@link #check} of block {@code index} of a v-collective's {@code side}, one per {@code unit} (a rank or a
     * neighbour): its name is made only for the error, so a call whose blocks all fit builds no text.
     */
    static void checkBlock(final String side, final String unit, final int index, final Object buffer,
        final int offset, final int count, final TypeMap type)
    {
        if (type == null || count != 0 && type.size() != 0 && !type.base().fits(buffer))
        {
            check(side + " buffer (block of " + unit + " " + index + ")", buffer, offset, count, type);
        }
        Transfer.checkRange(buffer, offset, type, count);
    }

    /** Move {@code elements} elements between the layout of {@code type} and a dense array, block by block. */
    private static void walk(
        final Object layout, final int offset, final TypeMap type,
        final Object dense, final int denseOffset, final int elements, final boolean toDense)
    {
        if (elements == 0)
        {
            return;
        }
        if (type.isContiguous())
        {
            move(layout, offset, dense, denseOffset, elements, toDense);
            return;
        }
        final int blocks = type.blockCount();
        final int extent = type.extent();
        int origin = offset;
        int position = denseOffset;
        int remaining = elements;
        while (remaining > 0)
        {
            for (int b = 0; b < blocks && remaining > 0; b++)
            {
                final int length = Math.min(type.blockLength(b), remaining);
                move(layout, origin + type.blockDisp(b), dense, position, length, toDense);
                position += length;
                remaining -= length;
            }
            origin += extent;
        }
    }

    private static void move(
        final Object layout, final int layoutIndex, final Object dense, final int denseIndex, final int length,
        final boolean toDense)
    {
        if (toDense)
        {
            System.arraycopy(layout, layoutIndex, dense, denseIndex, length);
        }
        else
        {
            System.arraycopy(dense, denseIndex, layout, layoutIndex, length);
        }
    }

    /** A new array of the class and length of {@code buffer} (an array that passed {@link #check}): a scratch. */
    static Object sameShape(final Object buffer)
    {
        return java.lang.reflect.Array.newInstance(buffer.getClass().getComponentType(),
            java.lang.reflect.Array.getLength(buffer));
    }

    /** {@code n} counts of {@code count} each. */
    static int[] uniform(final int n, final int count)
    {
        final int[] counts = new int[n];
        Arrays.fill(counts, count);
        return counts;
    }

    /** The displacements of {@code n} consecutive blocks of {@code count} each. */
    static int[] consecutive(final int n, final int count)
    {
        final int[] displs = new int[n];
        Arrays.setAll(displs, i -> i * count);
        return displs;
    }
}
