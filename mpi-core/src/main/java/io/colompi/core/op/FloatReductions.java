package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/**
 * {@link PredefinedOp} loops over {@code float[]}: one small method per operation, so each loop compiles on its
 * own.
 */
final class FloatReductions
{
    private FloatReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements (pairs of them for MAXLOC and MINLOC). */
    static void apply(
        final PredefinedOp op, final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        switch (op)
        {
            case MAX:
                max(in, inOff, inout, ioOff, n);
                break;
            case MIN:
                min(in, inOff, inout, ioOff, n);
                break;
            case SUM:
                sum(in, inOff, inout, ioOff, n);
                break;
            case PROD:
                prod(in, inOff, inout, ioOff, n);
                break;
            case MAXLOC:
                maxloc(in, inOff, inout, ioOff, n);
                break;
            case MINLOC:
                minloc(in, inOff, inout, ioOff, n);
                break;
            default:
                throw op.unsupported(BaseType.FLOAT);
        }
    }

    private static void max(final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.max(in[inOff + i], inout[j]);
        }
    }

    private static void min(final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.min(in[inOff + i], inout[j]);
        }
    }

    private static void sum(final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] + inout[j]);
        }
    }

    private static void prod(final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] * inout[j]);
        }
    }

    private static void maxloc(final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final float value = in[inOff + i];
            final float index = in[inOff + i + 1];
            final int j = ioOff + i;
            final float current = inout[j];
            if (value > current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }

    private static void minloc(final float[] in, final int inOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final float value = in[inOff + i];
            final float index = in[inOff + i + 1];
            final int j = ioOff + i;
            final float current = inout[j];
            if (value < current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }
}
