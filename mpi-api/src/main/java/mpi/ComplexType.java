package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * Open MPI's complex numbers, {@code MPI.FLOAT_COMPLEX} and {@code MPI.DOUBLE_COMPLEX}: a real and an imaginary part
 * of one type, side by side (read and written through {@link FloatComplex} and {@link DoubleComplex}). {@code SUM}
 * adds them part by part, {@code PROD} multiplies them as complex numbers; the other predefined operations are not
 * defined on complex numbers (ERR_OP), user functions see the two parts.
 */
final class ComplexType extends Datatype
{
    private final ReduceOp product;

    ComplexType(final String name, final BaseType part)
    {
        super(TypeMap.contiguous(2, TypeMap.basic(part)), name);
        this.product = part == BaseType.FLOAT ? new FloatProduct() : new DoubleProduct();
    }

    @Override
    ReduceOp reduction(final ReduceOp op, final String call)
    {
        if (op == PredefinedOp.PROD)
        {
            return product;
        }
        if (op instanceof PredefinedOp && op != PredefinedOp.SUM)
        {
            throw MPI.raise(new MpiError(ErrorClass.OP, "MPI." + op + " is not defined on " + this +
                ": only SUM and PROD are"), call);
        }
        return op;
    }

    /** {@code (a + bi)(c + di) = (ac - bd) + (ad + bc)i} over float pairs. */
    private static final class FloatProduct implements ReduceOp
    {
        @Override
        public boolean commutative()
        {
            return true;
        }

        @Override
        public void reduce(final Object in, final int inOffset, final Object inout, final int inoutOffset,
            final int count, final TypeMap type)
        {
            final float[] x = (float[])in;
            final float[] y = (float[])inout;
            for (int i = 0; i < count * 2; i += 2)
            {
                final float a = x[inOffset + i];
                final float b = x[inOffset + i + 1];
                final float c = y[inoutOffset + i];
                final float d = y[inoutOffset + i + 1];
                y[inoutOffset + i] = a * c - b * d;
                y[inoutOffset + i + 1] = a * d + b * c;
            }
        }
    }

    /** {@code (a + bi)(c + di) = (ac - bd) + (ad + bc)i} over double pairs. */
    private static final class DoubleProduct implements ReduceOp
    {
        @Override
        public boolean commutative()
        {
            return true;
        }

        @Override
        public void reduce(final Object in, final int inOffset, final Object inout, final int inoutOffset,
            final int count, final TypeMap type)
        {
            final double[] x = (double[])in;
            final double[] y = (double[])inout;
            for (int i = 0; i < count * 2; i += 2)
            {
                final double a = x[inOffset + i];
                final double b = x[inOffset + i + 1];
                final double c = y[inoutOffset + i];
                final double d = y[inoutOffset + i + 1];
                y[inoutOffset + i] = a * c - b * d;
                y[inoutOffset + i + 1] = a * d + b * c;
            }
        }
    }
}
