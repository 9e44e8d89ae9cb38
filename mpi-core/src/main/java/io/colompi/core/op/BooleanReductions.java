package io.colompi.core.op;

import io.colompi.core.type.BaseType;

/** {@link PredefinedOp} loops over {@code boolean[]}: the logical and bitwise operations, which coincide here. */
final class BooleanReductions
{
    private BooleanReductions()
    {
    }

    /** {@code inout[i] = in[i] op inout[i]} for {@code n} elements. */
    static void apply(
        final PredefinedOp op, final boolean[] in, final int inOffset, final boolean[] inout, final int inoutOffset,
        final int n)
    {
        switch (op)
        {
            case LAND:
            case BAND:
                and(in, inOffset, inout, inoutOffset, n);
                break;
            case LOR:
            case BOR:
                or(in, inOffset, inout, inoutOffset, n);
                break;
            case LXOR:
            case BXOR:
                xor(in, inOffset, inout, inoutOffset, n);
                break;
            default:
                throw op.unsupported(BaseType.BOOLEAN);
        }
    }

    private static void and(final boolean[] in, final int inOff, final boolean[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] & inout[j];
        }
    }

    private static void or(final boolean[] in, final int inOff, final boolean[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] | inout[j];
        }
    }

    private static void xor(final boolean[] in, final int inOff, final boolean[] inout, final int ioOff, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int j = ioOff + i;
            inout[j] = in[inOff + i] ^ inout[j];
        }
    }
}
