package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A (value, int index) pair of two types, {@code MPI.DOUBLE_INT}, {@code FLOAT_INT}, {@code LONG_INT},
 * {@code SHORT_INT}: laid out as C lays them out (the index after the value, aligned; {@link DoubleInt}, ...), it
 * moves as its bytes, and {@code MINLOC}/{@code MAXLOC} on it compare values in native byte order (that of
 * {@code MPI.newByteBuffer}), the lower index winning a tie. Same-type pairs ({@code MPI.INT2}, ...) lie over arrays
 * of their type and need none of this.
 */
final class PairType extends Datatype
{
    private final BaseType value;
    private final int indexOffset;
    private final int extent;
    private final ReduceOp minloc = new Location(false);
    private final ReduceOp maxloc = new Location(true);

    PairType(final String name, final BaseType value, final int indexOffset, final int extent)
    {
        super(TypeMap.contiguous(extent, TypeMap.basic(BaseType.BYTE)), name);
        this.value = value;
        this.indexOffset = indexOffset;
        this.extent = extent;
    }

    /** As C aligns the pair: by its value, or by its int index if that is larger. */
    @Override
    int alignment()
    {
        return Math.max(value.byteSize(), Integer.BYTES);
    }

    /** The operation {@code op} is on these pairs: MINLOC and MAXLOC by value, user functions on the bytes. */
    @Override
    ReduceOp reduction(final ReduceOp op, final String call)
    {
        if (op == PredefinedOp.MINLOC)
        {
            return minloc;
        }
        if (op == PredefinedOp.MAXLOC)
        {
            return maxloc;
        }
        if (op instanceof PredefinedOp)
        {
            throw MPI.raise(new MpiError(ErrorClass.OP, "MPI." + op + " is not defined on " + this +
                ": only MINLOC and MAXLOC are"), call);
        }
        return op;
    }

    /** MINLOC or MAXLOC over pairs packed densely in byte arrays. */
    private final class Location implements ReduceOp
    {
        private static final VarHandle SHORT = view(short[].class);
        private static final VarHandle INT = view(int[].class);
        private static final VarHandle LONG = view(long[].class);
        private static final VarHandle FLOAT = view(float[].class);
        private static final VarHandle DOUBLE = view(double[].class);

        private final boolean max;

        Location(final boolean max)
        {
            this.max = max;
        }

        @Override
        public boolean commutative()
        {
            return true;
        }

        @Override
        public void reduce(final Object in, final int inOffset, final Object inout, final int inoutOffset,
            final int count, final TypeMap type)
        {
            final byte[] a = (byte[])in;
            final byte[] b = (byte[])inout;
            for (int i = 0; i < count; i++)
            {
                final int at = inOffset + i * extent;
                final int bt = inoutOffset + i * extent;
                final int order = compare(a, at, b, bt);
                if ((max ? order > 0 : order < 0) ||
                    order == 0 && (int)INT.get(a, at + indexOffset) < (int)INT.get(b, bt + indexOffset))
                {
                    System.arraycopy(a, at, b, bt, extent);
                }
            }
        }

        private int compare(final byte[] a, final int at, final byte[] b, final int bt)
        {
            switch (value)
            {
                case SHORT:
                    return Short.compare((short)SHORT.get(a, at), (short)SHORT.get(b, bt));
                case LONG:
                    return Long.compare((long)LONG.get(a, at), (long)LONG.get(b, bt));
                case FLOAT:
                    return Float.compare((float)FLOAT.get(a, at), (float)FLOAT.get(b, bt));
                default:
                    return Double.compare((double)DOUBLE.get(a, at), (double)DOUBLE.get(b, bt));
            }
        }

        private static VarHandle view(final Class<?> arrayClass)
        {
            return MethodHandles.byteArrayViewVarHandle(arrayClass, ByteOrder.nativeOrder());
        }

        @Override
        public String toString()
        {
            return (max ? "MAXLOC" : "MINLOC") + " on " + PairType.this;
        }
    }
}
