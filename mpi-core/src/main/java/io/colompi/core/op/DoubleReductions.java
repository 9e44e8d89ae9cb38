package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/**
 * {@link PredefinedOp} loops over {@code double[]}: one small method per operation, so each loop compiles on
 * its own.
 */
final class DoubleReductions
{
    private DoubleReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements (pairs of them for MAXLOC and MINLOC). */
    static void apply(
        final PredefinedOp op, final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
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
                throw op.unsupported(BaseType.DOUBLE);
        }
    }

    /**
     * {@code inout[i] = a[i] + (b[i] + (c[i] + (d[i] + inout[i])))} for {@code n} elements: four sums in one pass
     * over {@code inout}, in the order four calls of {@code apply(SUM)} from {@code d} to {@code a} would take.
     */
    static void sum4(
        final double[] a, final int aOff, final double[] b, final int bOff, final double[] c, final int cOff,
        final double[] d, final int dOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = a[aOff + i] + (b[bOff + i] + (c[cOff + i] + (d[dOff + i] + inout[j])));
        }
    }

    private static void max(final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.max(in[inOff + i], inout[j]);
        }
    }

    private static void min(final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.min(in[inOff + i], inout[j]);
        }
    }

    private static void sum(final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] + inout[j]);
        }
    }

    private static void prod(final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] * inout[j]);
        }
    }

    private static void maxloc(final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final double value = in[inOff + i];
            final double index = in[inOff + i + 1];
            final int j = ioOff + i;
            final double current = inout[j];
            if (value > current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }

    private static void minloc(final double[] in, final int inOff, final double[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final double value = in[inOff + i];
            final double index = in[inOff + i + 1];
            final int j = ioOff + i;
            final double current = inout[j];
            if (value < current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }
}
