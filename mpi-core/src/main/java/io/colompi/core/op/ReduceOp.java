package io.colompi.core.op;

import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * A reduction operation as the collectives apply it: {@link PredefinedOp} for MPI's built-in operations, and
 * adapters of the {@code mpi} facade for user functions. Collectives hand it operands packed densely (item
 * {@code i} at {@code offset + i * type.size()} base elements), so an operation never walks a derived layout.
 */
public interface ReduceOp
{
    /**
     * Whether {@code a op b == b op a}. Collectives may combine operands of a commutative operation in any
     * order; for the others they keep rank order, giving {@code x0 op x1 op ... op x(n-1)}.
     */
    boolean commutative();

    /**
     * {@code inout[i] = in[i] op inout[i]} for the {@code count} items of {@code type} packed densely at the two
     * offsets. Both arrays are of {@code type.base()}'s array class; {@code in} is left unchanged.
     */
    void reduce(Object in, int inOffset, Object inout, int inoutOffset, int count, TypeMap type);

    /**
     * {@code inout = a op (b op (c op (d op inout)))} item by item: four {@link #reduce}s, right to left, so the
     * order suits non-commutative operations too. An operation may do them in one pass over {@code inout}.
     */
    default void reduce4(
        final Object a, final int aOffset, final Object b, final int bOffset, final Object c, final int cOffset,
        final Object d, final int dOffset, final Object inout, final int inoutOffset, final int count,
        final TypeMap type)
    {
        reduce(d, dOffset, inout, inoutOffset, count, type);
        reduce(c, cOffset, inout, inoutOffset, count, type);
        reduce(b, bOffset, inout, inoutOffset, count, type);
        reduce(a, aOffset, inout, inoutOffset, count, type);
    }

    /**
     * {@code MPI_REDUCE_LOCAL}: {@link #reduce} on operands laid out as {@code type}, not packed. A type whose items
     * are not dense (a vector, a resized or indexed type) is packed from both layouts, reduced, and unpacked into
     * {@code inout}'s, its holes left as they were.
     */
    default void reduceLocal(final Object in, final int inOffset, final Object inout, final int inoutOffset,
        final int count, final TypeMap type)
    {
        if (type.isContiguous())
        {
            reduce(in, inOffset, inout, inoutOffset, count, type);
            return;
        }
        final int elements = count * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        final Object a = type.base().newArray(elements);
        final Object b = type.base().newArray(elements);
        Transfer.copy(in, inOffset, type, a, 0, dense, elements);
        Transfer.copy(inout, inoutOffset, type, b, 0, dense, elements);
        reduce(a, 0, b, 0, count, type);
        Transfer.copy(b, 0, dense, inout, inoutOffset, type, elements);
    }

    /**
     * Throw {@link io.colompi.core.job.MpiError} with {@link io.colompi.core.job.ErrorClass#OP} if this operation
     * is not defined on {@code type}. Collectives call it on every rank before communicating, so an unsupported
     * combination fails everywhere instead of only on the ranks that happen to combine. Accepts all by default.
     */
    default void check(final TypeMap type)
    {
    }
}
