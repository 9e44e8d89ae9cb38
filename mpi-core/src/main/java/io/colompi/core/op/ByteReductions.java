package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/**
 * {@link PredefinedOp} loops over {@code byte[]}: one small method per operation, so each loop compiles on its
 * own. Logical operations treat nonzero as true and yield 1 or 0, as C does. Arithmetic wraps to the element
 * type, as Java's compound assignment does.
 */
final class ByteReductions
{
    private ByteReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements (pairs of them for MAXLOC and MINLOC). */
    static void apply(
        final PredefinedOp op, final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
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
                throw op.unsupported(BaseType.BYTE);
        }
    }

    private static void max(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)Math.max(in[inOff + i], inout[j]);
        }
    }

    private static void min(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)Math.min(in[inOff + i], inout[j]);
        }
    }

    private static void sum(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] + inout[j]);
        }
    }

    private static void prod(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] * inout[j]);
        }
    }

    private static void land(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] != 0 & inout[j] != 0 ? 1 : 0);
        }
    }

    private static void lor(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] != 0 | inout[j] != 0 ? 1 : 0);
        }
    }

    private static void lxor(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] != 0 ^ inout[j] != 0 ? 1 : 0);
        }
    }

    private static void band(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] & inout[j]);
        }
    }

    private static void bor(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] | inout[j]);
        }
    }

    private static void bxor(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = (byte)(in[inOff + i] ^ inout[j]);
        }
    }

    private static void maxloc(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final byte value = in[inOff + i];
            final byte index = in[inOff + i + 1];
            final int j = ioOff + i;
            final byte current = inout[j];
            if (value > current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }

    private static void minloc(final byte[] in, final int inOff, final byte[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i += 2)
        {
            final byte value = in[inOff + i];
            final byte index = in[inOff + i + 1];
            final int j = ioOff + i;
            final byte current = inout[j];
            if (value < current || (value == current && index < inout[j + 1]))
            {
                inout[j] = value;
                inout[j + 1] = index;
            }
        }
    }
}
