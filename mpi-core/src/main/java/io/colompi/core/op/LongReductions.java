package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/**
 * {@link PredefinedOp} loops over {@code long[]}: one small method per operation, so each loop compiles on its
 * own. Logical operations treat nonzero as true and yield 1 or 0, as C does.
 */
final class LongReductions
{
    private LongReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements (pairs of them for MAXLOC and MINLOC). */
    static void apply(
        final PredefinedOp op, final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
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
                throw op.unsupported(BaseType.LONG);
        }
    }

    /**
     * {@code inout[i] = a[i] + (b[i] + (c[i] + (d[i] + inout[i])))} for {@code n} elements: four sums in one pass
     * over {@code inout}, in the order four calls of {@code apply(SUM)} from {@code d} to {@code a} would take.
     */
    static void sum4(
        final long[] a, final int aOff, final long[] b, final int bOff, final long[] c, final int cOff,
        final long[] d, final int dOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = a[aOff + i] + (b[bOff + i] + (c[cOff + i] + (d[dOff + i] + inout[j])));
        }
    }

    private static void max(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.max(in[inOff + i], inout[j]);
        }
    }

    private static void min(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = Math.min(in[inOff + i], inout[j]);
        }
    }

    private static void sum(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] + inout[j]);
        }
    }

    private static void prod(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] * inout[j]);
        }
    }

    private static void land(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] != 0 & inout[j] != 0 ? 1 : 0;
        }
    }

    private static void lor(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] != 0 | inout[j] != 0 ? 1 : 0;
        }
    }

    private static void lxor(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] != 0 ^ inout[j] != 0 ? 1 : 0;
        }
    }

    private static void band(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] & inout[j]);
        }
    }

    private static void bor(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] | inout[j]);
        }
    }

    private static void bxor(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (in[inOff + i] ^ inout[j]);
        }
    }

    private static void maxloc(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final long value = in[inOff + i];
            final long index = in[inOff + i + 1];
            final int j = ioOff + i;
            final long current = inout[j];
            if (value > current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }

    private static void minloc(final long[] in, final int inOff, final long[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final long value = in[inOff + i];
            final long index = in[inOff + i + 1];
            final int j = ioOff + i;
            final long current = inout[j];
            if (value < current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }
}
