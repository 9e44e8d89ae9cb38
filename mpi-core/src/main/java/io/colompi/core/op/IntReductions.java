package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/**
 * {@link PredefinedOp} loops over {@code int[]}: one small method per operation, so each loop compiles on its
 * own. Logical operations treat nonzero as true and yield 1 or 0, as C does.
 */
final class IntReductions
{
    private IntReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements (pairs of them for MAXLOC and MINLOC). */
    static void apply(
        final PredefinedOp op, final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
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
            case LAND:
                land(in, inOff, inout, ioOff, n);
                break;
            case LOR:
                lor(in, inOff, inout, ioOff, n);
                break;
            case LXOR:
                lxor(in, inOff, inout, ioOff, n);
                break;
            case BAND:
                band(in, inOff, inout, ioOff, n);
                break;
            case BOR:
                bor(in, inOff, inout, ioOff, n);
                break;
            case BXOR:
                bxor(in, inOff, inout, ioOff, n);
                break;
            case MAXLOC:
                maxloc(in, inOff, inout, ioOff, n);
                break;
            case MINLOC:
                minloc(in, inOff, inout, ioOff, n);
                break;
            default:
                throw op.unsupported(BaseType.INT);
        }
    }

    /**
     * {@code inout[i] = a[i] + (b[i] + (c[i] + (d[i] + inout[i])))} for {@code n} elements: four sums in one pass
     * over {@code inout}, in the order four calls of {@code apply(SUM)} from {@code d} to {@code a} would take.
     */
    static void sum4(
        final int[] a, final int aOff, final int[] b, final int bOff, final int[] c, final int cOff,
        final int[] d, final int dOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = a[aOff + i] + (b[bOff + i] + (c[cOff + i] + (d[dOff + i] + inout[j])));
        }
    }

    private static void max(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.max(in[inOff + i], inout[j]);
        }
    }

    private static void min(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.min(in[inOff + i], inout[j]);
        }
    }

    private static void sum(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] + inout[j]);
        }
    }

    private static void prod(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] * inout[j]);
        }
    }

    private static void land(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] != 0 & inout[j] != 0 ? 1 : 0;
        }
    }

    private static void lor(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] != 0 | inout[j] != 0 ? 1 : 0;
        }
    }

    private static void lxor(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] != 0 ^ inout[j] != 0 ? 1 : 0;
        }
    }

    private static void band(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] & inout[j]);
        }
    }

    private static void bor(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] | inout[j]);
        }
    }

    private static void bxor(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] ^ inout[j]);
        }
    }

    private static void maxloc(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final int value = in[inOff + i];
            final int index = in[inOff + i + 1];
            final int j = ioOff + i;
            final int current = inout[j];
            if (value > current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }

    private static void minloc(final int[] in, final int inOff, final int[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final int value = in[inOff + i];
            final int index = in[inOff + i + 1];
            final int j = ioOff + i;
            final int current = inout[j];
            if (value < current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }
}
