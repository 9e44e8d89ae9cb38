package io.colompi.core.rma;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * The operations an accumulate applies at its target: MPI's predefined reductions but MINLOC and MAXLOC, and
 * {@link #REPLACE} and {@link #NO_OP}, which only one-sided operations take. They travel as a code.
 */
public final class AccumulateOps
{
    /** {@code MPI_REPLACE}: the target's elements become the origin's. */
    public static final ReduceOp REPLACE = new RmaOnly("MPI.REPLACE");
    /** {@code MPI_NO_OP}: the target's elements stay as they are. */
    public static final ReduceOp NO_OP = new RmaOnly("MPI.NO_OP");

    private static final int REPLACE_CODE = -1;
    private static final int NO_OP_CODE = -2;

    private AccumulateOps()
    {
    }

    /** The code of {@code op}; ERR_OP for an operation an accumulate cannot take. */
    static int code(final ReduceOp op)
    {
        if (op == REPLACE)
        {
            return REPLACE_CODE;
        }
        if (op == NO_OP)
        {
            return NO_OP_CODE;
        }
        if (op instanceof PredefinedOp && op != PredefinedOp.MAXLOC && op != PredefinedOp.MINLOC)
        {
            return ((PredefinedOp)op).ordinal();
        }
        throw new MpiError(ErrorClass.OP, "an accumulate takes MPI's predefined operations (not MINLOC or MAXLOC), " +
            "MPI.REPLACE or MPI.NO_OP, not " + op);
    }

    /** Whether {@code op} is one of the two that move elements without combining them. */
    static boolean movesOnly(final ReduceOp op)
    {
        return op == REPLACE || op == NO_OP;
    }

    /** Whether {@code code} names an operation ({@link #code}'s, or 0 for the operations that take none). */
    static boolean known(final int code)
    {
        return code == REPLACE_CODE || code == NO_OP_CODE || code >= 0 && code < PredefinedOp.values().length &&
            code != PredefinedOp.MAXLOC.ordinal() && code != PredefinedOp.MINLOC.ordinal();
    }

    static boolean isNoOp(final int code)
    {
        return code == NO_OP_CODE;
    }

    /**
     * Compare-and-swap: {@code pair} holds the new element, then the one to compare with; {@code before} the target's
     * element as it was. Equal bit for bit, the target's element becomes the new one.
     */
    static void swapIfEqual(final Object pair, final Object before, final Object memory, final int offset,
        final TypeMap layout)
    {
        if (java.util.Objects.equals(java.lang.reflect.Array.get(pair, 1), java.lang.reflect.Array.get(before, 0)))
        {
            Transfer.copy(pair, 0, TypeMap.dense(layout.base()), memory, offset, layout, 1);
        }
    }

    /**
     * Apply operation {@code code} with the {@code elements} elements of dense array {@code operand} to as many
     * elements of {@code memory} laid out as {@code layout} (item after item) from element {@code offset}.
     */
    static void apply(final int code, final Object operand, final Object memory, final int offset,
        final TypeMap layout, final int elements)
    {
        final BaseType base = layout.base();
        final TypeMap dense = TypeMap.dense(base);
        if (code == NO_OP_CODE)
        {
            return;
        }
        if (code == REPLACE_CODE)
        {
            Transfer.copy(operand, 0, dense, memory, offset, layout, elements);
            return;
        }
        final Object current = base.newArray(elements);
        Transfer.copy(memory, offset, layout, current, 0, dense, elements);
        PredefinedOp.values()[code].reduce(operand, 0, current, 0, elements, dense);
        Transfer.copy(current, 0, dense, memory, offset, layout, elements);
    }

    /** REPLACE and NO_OP: a collective that is given one fails its check with ERR_OP. */
    private static final class RmaOnly implements ReduceOp
    {
        private final String name;

        RmaOnly(final String name)
        {
            this.name = name;
        }

        @Override
        public boolean commutative()
        {
            return false;
        }

        @Override
        public void reduce(final Object in, final int inOffset, final Object inout, final int inoutOffset,
            final int count, final TypeMap type)
        {
            throw new MpiError(ErrorClass.OP, name + " is for accumulates only");
        }

        @Override
        public void check(final TypeMap type)
        {
            throw new MpiError(ErrorClass.OP, name + " is for accumulates only");
        }

        @Override
        public String toString()
        {
            return name;
        }
    }
}
