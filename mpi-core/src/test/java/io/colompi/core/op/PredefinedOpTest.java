package io.colompi.core.op;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Array;
import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PredefinedOpTest
{
    private static final EnumSet<BaseType> INTEGERS =
        EnumSet.of(BaseType.BYTE, BaseType.SHORT, BaseType.CHAR, BaseType.INT, BaseType.LONG);
    private static final EnumSet<PredefinedOp> ELEMENTWISE = EnumSet.range(PredefinedOp.MAX, PredefinedOp.BXOR);
    private static final EnumSet<PredefinedOp> ARITHMETIC =
        EnumSet.of(PredefinedOp.MAX, PredefinedOp.MIN, PredefinedOp.SUM, PredefinedOp.PROD);
    private static final int N = 64;
    private static final int IN_OFFSET = 3;
    private static final int INOUT_OFFSET = 5;

    @ParameterizedTest
    @EnumSource(value = BaseType.class, names = { "BYTE", "SHORT", "CHAR", "INT", "LONG" })
    void integerTypesSupportArithmeticLogicalAndBitwiseOpsElementByElement(final BaseType base)
    {
        final Random random = new Random(base.ordinal());
        for (final PredefinedOp op : ELEMENTWISE)
        {
            final long[] a = integers(random, base);
            final long[] b = integers(random, base);
            final Object in = array(base, a, IN_OFFSET);
            final Object inout = array(base, b, INOUT_OFFSET);
            op.reduce(in, IN_OFFSET, inout, INOUT_OFFSET, N, TypeMap.basic(base));
            for (int i = 0; i < N; i++)
            {
                final long expected = narrow(base, integerReference(op, a[i], b[i]));
                assertEquals(expected, integer(inout, INOUT_OFFSET + i), op + " on " + base + " at " + i +
                    " of " + a[i] + ", " + b[i]);
                assertEquals(a[i], integer(in, IN_OFFSET + i), "in must not change");
            }
            assertEquals(0, integer(inout, INOUT_OFFSET - 1), "nothing before the range is written");
            assertEquals(0, integer(inout, INOUT_OFFSET + N), "nothing after the range is written");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BaseType.class, names = { "FLOAT", "DOUBLE" })
    void floatingTypesSupportArithmeticOps(final BaseType base)
    {
        final Random random = new Random(base.ordinal());
        for (final PredefinedOp op : ARITHMETIC)
        {
            final double[] a = new double[N];
            final double[] b = new double[N];
            for (int i = 0; i < N; i++)
            {
                a[i] = narrow(base, random.nextGaussian() * 100);
                b[i] = narrow(base, i % 7 == 0 ? a[i] : random.nextGaussian() * 100);
            }
            final Object in = floats(base, a, IN_OFFSET);
            final Object inout = floats(base, b, INOUT_OFFSET);
            op.reduce(in, IN_OFFSET, inout, INOUT_OFFSET, N / 2, TypeMap.pair(base));
            for (int i = 0; i < N; i++)
            {
                final double expected = narrow(base, floatReference(op, a[i], b[i]));
                assertEquals(expected, ((Number)Array.get(inout, INOUT_OFFSET + i)).doubleValue(), op + " at " + i);
            }
        }
    }

    @Test
    void charArithmeticIsUnsignedAndWraps()
    {
        final char[] inout = { 0xFFFF, 1, 0x8000 };
        PredefinedOp.MAX.reduce(new char[]{ 1, 0xFFFF, 0x7FFF }, 0, inout, 0, 3, TypeMap.basic(BaseType.CHAR));
        assertArrayEquals(new char[]{ 0xFFFF, 0xFFFF, 0x8000 }, inout);
        PredefinedOp.SUM.reduce(new char[]{ 1, 1, 1 }, 0, inout, 0, 3, TypeMap.basic(BaseType.CHAR));
        assertArrayEquals(new char[]{ 0, 0, 0x8001 }, inout);
    }

    @Test
    void logicalOpsOnIntegersYieldOneOrZero()
    {
        final int[] inout = { 5, 0, -3, 0 };
        PredefinedOp.LAND.reduce(new int[]{ 7, 7, 0, 0 }, 0, inout, 0, 4, TypeMap.basic(BaseType.INT));
        assertArrayEquals(new int[]{ 1, 0, 0, 0 }, inout);
        final byte[] bytes = { 4, 0, 2, 0 };
        PredefinedOp.LXOR.reduce(new byte[]{ 8, 8, 0, 0 }, 0, bytes, 0, 4, TypeMap.basic(BaseType.BYTE));
        assertArrayEquals(new byte[]{ 0, 1, 1, 0 }, bytes);
    }

    @Test
    void booleanSupportsLogicalAndBitwiseOps()
    {
        final boolean[] a = { true, true, false, false };
        final boolean[] b = { true, false, true, false };
        final TypeMap type = TypeMap.basic(BaseType.BOOLEAN);
        for (final PredefinedOp op : EnumSet.of(PredefinedOp.LAND, PredefinedOp.BAND))
        {
            final boolean[] inout = b.clone();
            op.reduce(a, 0, inout, 0, 4, type);
            assertArrayEquals(new boolean[]{ true, false, false, false }, inout, op.name());
        }
        for (final PredefinedOp op : EnumSet.of(PredefinedOp.LOR, PredefinedOp.BOR))
        {
            final boolean[] inout = b.clone();
            op.reduce(a, 0, inout, 0, 4, type);
            assertArrayEquals(new boolean[]{ true, true, true, false }, inout, op.name());
        }
        for (final PredefinedOp op : EnumSet.of(PredefinedOp.LXOR, PredefinedOp.BXOR))
        {
            final boolean[] inout = b.clone();
            op.reduce(a, 0, inout, 0, 4, type);
            assertArrayEquals(new boolean[]{ false, true, true, false }, inout, op.name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BaseType.class, names = { "BYTE", "SHORT", "CHAR", "INT", "LONG", "FLOAT", "DOUBLE" })
    void maxlocAndMinlocPickTheExtremeValueAndTheSmallerIndexOnTies(final BaseType base)
    {
        // pairs (value, index): in = (5,1) (3,4) (7,2) (2,9); inout = (5,0) (3,2) (1,1) (8,3)
        final long[] in = { 5, 1, 3, 4, 7, 2, 2, 9 };
        final long[] inout = { 5, 0, 3, 2, 1, 1, 8, 3 };
        final TypeMap pair = TypeMap.pair(base);
        final Object max = typed(base, inout);
        PredefinedOp.MAXLOC.reduce(typed(base, in), 0, max, 0, 4, pair);
        assertArrayEquals(new long[]{ 5, 0, 3, 2, 7, 2, 8, 3 }, longs(max), "MAXLOC on " + base);
        final Object min = typed(base, inout);
        PredefinedOp.MINLOC.reduce(typed(base, in), 0, min, 0, 4, pair);
        assertArrayEquals(new long[]{ 5, 0, 3, 2, 1, 1, 2, 9 }, longs(min), "MINLOC on " + base);
    }

    @Test
    void derivedTypesAreReducedOverTheirDenselyPackedElements()
    {
        final TypeMap vector = TypeMap.vector(2, 1, 3, TypeMap.basic(BaseType.INT));
        final int[] inout = { 1, 2, 3, 4, 5, 6 };
        PredefinedOp.SUM.reduce(new int[]{ 0, 10, 20, 30, 40, 50, 60 }, 1, inout, 0, 3, vector);
        assertArrayEquals(new int[]{ 11, 22, 33, 44, 55, 66 }, inout);
        final TypeMap pairs = TypeMap.contiguous(2, TypeMap.pair(BaseType.INT));
        final int[] loc = { 1, 7, 4, 2 };
        PredefinedOp.MAXLOC.reduce(new int[]{ 3, 1, 4, 0 }, 0, loc, 0, 1, pairs);
        assertArrayEquals(new int[]{ 3, 1, 4, 0 }, loc);
    }

    @Test
    void unsupportedCombinationsAreOpErrorsNamingOpAndType()
    {
        assertUnsupported(PredefinedOp.SUM, TypeMap.basic(BaseType.BOOLEAN), "SUM", "BOOLEAN");
        assertUnsupported(PredefinedOp.MAX, TypeMap.basic(BaseType.BOOLEAN), "MAX", "BOOLEAN");
        assertUnsupported(PredefinedOp.LAND, TypeMap.basic(BaseType.DOUBLE), "LAND", "DOUBLE");
        assertUnsupported(PredefinedOp.BXOR, TypeMap.basic(BaseType.FLOAT), "BXOR", "FLOAT");
        assertUnsupported(PredefinedOp.PROD, TypeMap.basic(BaseType.OBJECT), "PROD", "OBJECT");
        assertUnsupported(PredefinedOp.BOR, TypeMap.basic(BaseType.PACKED), "BOR", "PACKED");
        assertUnsupported(PredefinedOp.MAXLOC, TypeMap.basic(BaseType.INT), "MAXLOC", "pairs");
        assertUnsupported(PredefinedOp.MINLOC, TypeMap.pair(BaseType.BOOLEAN), "MINLOC", "BOOLEAN");
    }

    @Test
    void supportMatrixFollowsMpi()
    {
        for (final PredefinedOp op : PredefinedOp.values())
        {
            assertTrue(op.commutative());
            assertFalse(op.supports(BaseType.OBJECT));
            assertFalse(op.supports(BaseType.PACKED));
            for (final BaseType base : INTEGERS)
            {
                assertTrue(op.supports(base), op + " on " + base);
            }
            assertEquals(ARITHMETIC.contains(op) || op == PredefinedOp.MAXLOC || op == PredefinedOp.MINLOC,
                op.supports(BaseType.DOUBLE), op + " on DOUBLE");
            assertEquals(!ARITHMETIC.contains(op) && op != PredefinedOp.MAXLOC && op != PredefinedOp.MINLOC,
                op.supports(BaseType.BOOLEAN), op + " on BOOLEAN");
        }
    }

    @Test
    void zeroItemsTouchNothing()
    {
        final int[] inout = { 9 };
        PredefinedOp.PROD.reduce(new int[0], 0, inout, 0, 0, TypeMap.basic(BaseType.INT));
        assertArrayEquals(new int[]{ 9 }, inout);
    }

    private static void assertUnsupported(final PredefinedOp op, final TypeMap type, final String... words)
    {
        final Object buffer = Array.newInstance(
            type.base() == BaseType.OBJECT ? Object.class : type.base().arrayClass().getComponentType(), 4);
        final MpiError error = assertThrows(MpiError.class, () -> op.reduce(buffer, 0, buffer, 0, 1, type));
        assertEquals(ErrorClass.OP, error.errorClass());
        for (final String word : words)
        {
            assertTrue(error.getMessage().contains(word), error.getMessage() + " should name " + word);
        }
        assertEquals(ErrorClass.OP, assertThrows(MpiError.class, () -> op.check(type)).errorClass());
    }

    private static long integerReference(final PredefinedOp op, final long a, final long b)
    {
        switch (op)
        {
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            case SUM:
                return a + b;
            case PROD:
                return a * b;
            case LAND:
                return a != 0 && b != 0 ? 1 : 0;
            case LOR:
                return a != 0 || b != 0 ? 1 : 0;
            case LXOR:
                return (a != 0) != (b != 0) ? 1 : 0;
            case BAND:
                return a & b;
            case BOR:
                return a | b;
            case BXOR:
                return a ^ b;
            default:
                throw new AssertionError(op);
        }
    }

    private static double floatReference(final PredefinedOp op, final double a, final double b)
    {
        switch (op)
        {
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            case SUM:
                return a + b;
            case PROD:
                return a * b;
            default:
                throw new AssertionError(op);
        }
    }

    private static long[] integers(final Random random, final BaseType base)
    {
        final long[] values = new long[N];
        for (int i = 0; i < N; i++)
        {
            final int kind = i % 4;
            values[i] = narrow(base, kind == 0 ? 0 : kind == 1 ? random.nextInt(7) - 3 : random.nextLong());
        }
        return values;
    }

    private static long narrow(final BaseType base, final long value)
    {
        switch (base)
        {
            case BYTE:
                return (byte)value;
            case SHORT:
                return (short)value;
            case CHAR:
                return (char)value;
            case INT:
                return (int)value;
            default:
                return value;
        }
    }

    private static double narrow(final BaseType base, final double value)
    {
        return base == BaseType.FLOAT ? (float)value : value;
    }

    /** A zeroed array of {@code base} with {@code values} at {@code offset} and a zero on either side. */
    private static Object array(final BaseType base, final long[] values, final int offset)
    {
        final Object array = Array.newInstance(base.arrayClass().getComponentType(), offset + values.length + 1);
        for (int i = 0; i < values.length; i++)
        {
            setInteger(array, offset + i, values[i]);
        }
        return array;
    }

    private static Object floats(final BaseType base, final double[] values, final int offset)
    {
        final Object array = Array.newInstance(base.arrayClass().getComponentType(), offset + values.length);
        for (int i = 0; i < values.length; i++)
        {
            if (base == BaseType.FLOAT)
            {
                Array.setFloat(array, offset + i, (float)values[i]);
            }
            else
            {
                Array.setDouble(array, offset + i, values[i]);
            }
        }
        return array;
    }

    private static Object typed(final BaseType base, final long[] values)
    {
        if (base == BaseType.FLOAT || base == BaseType.DOUBLE)
        {
            final double[] doubles = new double[values.length];
            for (int i = 0; i < values.length; i++)
            {
                doubles[i] = values[i];
            }
            return floats(base, doubles, 0);
        }
        return array(base, values, 0);
    }

    private static long[] longs(final Object array)
    {
        final boolean floating = array instanceof float[] || array instanceof double[];
        // integer arrays from array() carry one guard element at the end
        final long[] values = new long[Array.getLength(array) - (floating ? 0 : 1)];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = floating ? (long)Array.getDouble(array, i) : integer(array, i);
        }
        return values;
    }

    private static void setInteger(final Object array, final int index, final long value)
    {
        if (array instanceof char[])
        {
            Array.setChar(array, index, (char)value);
        }
        else if (array instanceof byte[])
        {
            Array.setByte(array, index, (byte)value);
        }
        else if (array instanceof short[])
        {
            Array.setShort(array, index, (short)value);
        }
        else if (array instanceof int[])
        {
            Array.setInt(array, index, (int)value);
        }
        else
        {
            Array.setLong(array, index, value);
        }
    }

    private static long integer(final Object array, final int index)
    {
        return array instanceof char[] ? Array.getChar(array, index) : Array.getLong(array, index);
    }

    /** Four reductions in one call equal four calls from the last operand to the first, on every type. */
    @ParameterizedTest
    @EnumSource(value = BaseType.class, names = { "BYTE", "SHORT", "CHAR", "INT", "LONG", "FLOAT", "DOUBLE" })
    void reduce4IsFourReductionsRightToLeft(final BaseType base)
    {
        final Random random = new Random(31 + base.ordinal());
        final TypeMap type = TypeMap.basic(base);
        for (final PredefinedOp op : ARITHMETIC)
        {
            final Object[] operands = new Object[4];
            for (int k = 0; k < 4; k++)
            {
                operands[k] = array(base, integers(random, base), IN_OFFSET + k);
            }
            final long[] start = integers(random, base);
            final Object fused = array(base, start, INOUT_OFFSET);
            final Object oneByOne = array(base, start, INOUT_OFFSET);
            op.reduce4(operands[0], IN_OFFSET, operands[1], IN_OFFSET + 1, operands[2], IN_OFFSET + 2, operands[3],
                IN_OFFSET + 3, fused, INOUT_OFFSET, N, type);
            for (int k = 3; k >= 0; k--)
            {
                op.reduce(operands[k], IN_OFFSET + k, oneByOne, INOUT_OFFSET, N, type);
            }
            for (int i = 0; i < Array.getLength(fused); i++)
            {
                assertEquals(Array.get(oneByOne, i), Array.get(fused, i), op + " on " + base + " at " + i);
            }
        }
    }
}
