package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/**
 * {@link PredefinedOp} loops over {@code short[]}: one small method per operation, so each loop compiles on its
 * own. Logical operations treat nonzero as true and yield 1 or 0, as C does. Arithmetic wraps to the element
 * type, as Java's compound assignment does.
 */
final class ShortReductions
{
    private ShortReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements (pairs of them for MAXLOC and MINLOC). */
    static void apply(
        final PredefinedOp op, final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
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
                throw op.unsupported(BaseType.SHORT);
        }
    }

    private static void max(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)Math.max(in[inOff + i], inout[j]);
        }
    }

    private static void min(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)Math.min(in[inOff + i], inout[j]);
        }
    }

    private static void sum(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] + inout[j]);
        }
    }

    private static void prod(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] * inout[j]);
        }
    }

    private static void land(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] != 0 & inout[j] != 0 ? 1 : 0);
        }
    }

    private static void lor(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] != 0 | inout[j] != 0 ? 1 : 0);
        }
    }

    private static void lxor(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] != 0 ^ inout[j] != 0 ? 1 : 0);
        }
    }

    private static void band(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] & inout[j]);
        }
    }

    private static void bor(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] | inout[j]);
        }
    }

    private static void bxor(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (short)(in[inOff + i] ^ inout[j]);
        }
    }

    private static void maxloc(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final short value = in[inOff + i];
            final short index = in[inOff + i + 1];
            final int j = ioOff + i;
            final short current = inout[j];
            if (value > current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }

    private static void minloc(final short[] in, final int inOff, final short[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final short value = in[inOff + i];
            final short index = in[inOff + i + 1];
            final int j = ioOff + i;
            final short current = inout[j];
            if (value < current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }
}
