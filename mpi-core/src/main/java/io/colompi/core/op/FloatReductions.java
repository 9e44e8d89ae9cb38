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

    /**
     * {@code inout[i] = a[i] + (b[i] + (c[i] + (d[i] + inout[i])))} for {@code n} elements: four sums in one pass
     * over {@code inout}, in the order four calls of {@code apply(SUM)} from {@code d} to {@code a} would take.
     */
    static void sum4(
        final float[] a, final int aOff, final float[] b, final int bOff, final float[] c, final int cOff,
        final float[] d, final int dOff, final float[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = a[aOff + i] + (b[bOff + i] + (c[cOff + i] + (d[dOff + i] + inout[j])));
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
