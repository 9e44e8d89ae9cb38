package io.colompi.core.op;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.util.EnumSet;
import java.util.Set;

/**
 * MPI's predefined reduction operations, on the base types where MPI defines them: arithmetic (MAX MIN SUM PROD)
 * on BYTE SHORT CHAR INT LONG FLOAT DOUBLE; logical (LAND LOR LXOR) and bitwise (BAND BOR BXOR) on the integer
 * types and BOOLEAN, logical ones treating nonzero as true as C does; MAXLOC and MINLOC on (value, index) pairs
 * of one arithmetic type (INT2, DOUBLE2, ...), ties taking the smaller index. Integer arithmetic wraps.
 * A derived datatype is reduced element by element over its base type (pair by pair for MAXLOC / MINLOC).
 * All are commutative. Each call switches on the base type once and then runs one tight loop.
 */
public enum PredefinedOp implements ReduceOp
{
    MAX(Domain.ARITHMETIC),
    MIN(Domain.ARITHMETIC),
    SUM(Domain.ARITHMETIC),
    PROD(Domain.ARITHMETIC),
    LAND(Domain.LOGICAL),
    BAND(Domain.LOGICAL),
    LOR(Domain.LOGICAL),
    BOR(Domain.LOGICAL),
    LXOR(Domain.LOGICAL),
    BXOR(Domain.LOGICAL),
    MAXLOC(Domain.LOCATION),
    MINLOC(Domain.LOCATION);

    private final Domain domain;

    PredefinedOp(final Domain domain)
    {
        this.domain = domain;
    }

    @Override
    public boolean commutative()
    {
        return true;
    }

    /** Whether this operation is defined on elements of {@code base}. */
    public boolean supports(final BaseType base)
    {
        return domain.types.contains(base);
    }

    @Override
    public void check(final TypeMap type)
    {
        final BaseType base = type.base();
        if (base == null)
        {
            return; // a type of bound markers only: no elements to combine
        }
        if (!supports(base))
        {
            throw unsupported(base);
        }
        if (domain == Domain.LOCATION && type.size() % 2 != 0)
        {
            throw new MpiError(ErrorClass.OP, "MPI." + name() + " needs (value, index) pairs such as MPI.INT2, but " +
                "the datatype has " + type.size() + " elements per item: " + type);
        }
    }

    @Override
    public void reduce(
        final Object in, final int inOffset, final Object inout, final int inoutOffset, final int count,
        final TypeMap type)
    {
        check(type);
        final int n = count * type.size();
        if (n == 0)
        {
            return;
        }
        switch (type.base())
        {
            case BYTE:
                ByteReductions.apply(this, (byte[])in, inOffset, (byte[])inout, inoutOffset, n);
                break;
            case SHORT:
                ShortReductions.apply(this, (short[])in, inOffset, (short[])inout, inoutOffset, n);
                break;
            case CHAR:
                CharReductions.apply(this, (char[])in, inOffset, (char[])inout, inoutOffset, n);
                break;
            case INT:
                IntReductions.apply(this, (int[])in, inOffset, (int[])inout, inoutOffset, n);
                break;
            case LONG:
                LongReductions.apply(this, (long[])in, inOffset, (long[])inout, inoutOffset, n);
                break;
            case FLOAT:
                FloatReductions.apply(this, (float[])in, inOffset, (float[])inout, inoutOffset, n);
                break;
            case DOUBLE:
                DoubleReductions.apply(this, (double[])in, inOffset, (double[])inout, inoutOffset, n);
                break;
            case BOOLEAN:
                BooleanReductions.apply(this, (boolean[])in, inOffset, (boolean[])inout, inoutOffset, n);
                break;
            default:
                throw unsupported(type.base());
        }
    }

    /** SUM of the wide arithmetic types in one pass (the bulk of large reductions); the others four passes. */
    @Override
    public void reduce4(
        final Object a, final int aOffset, final Object b, final int bOffset, final Object c, final int cOffset,
        final Object d, final int dOffset, final Object inout, final int inoutOffset, final int count,
        final TypeMap type)
    {
        final BaseType base = type.base();
        final int n = count * type.size();
        if (this != SUM || n == 0)
        {
            ReduceOp.super.reduce4(a, aOffset, b, bOffset, c, cOffset, d, dOffset, inout, inoutOffset, count, type);
            return;
        }
        switch (base)
        {
            case DOUBLE:
                DoubleReductions.sum4((double[])a, aOffset, (double[])b, bOffset, (double[])c, cOffset,
                    (double[])d, dOffset, (double[])inout, inoutOffset, n);
                break;
            case FLOAT:
                FloatReductions.sum4((float[])a, aOffset, (float[])b, bOffset, (float[])c, cOffset,
                    (float[])d, dOffset, (float[])inout, inoutOffset, n);
                break;
            case INT:
                IntReductions.sum4((int[])a, aOffset, (int[])b, bOffset, (int[])c, cOffset,
                    (int[])d, dOffset, (int[])inout, inoutOffset, n);
                break;
            case LONG:
                LongReductions.sum4((long[])a, aOffset, (long[])b, bOffset, (long[])c, cOffset,
                    (long[])d, dOffset, (long[])inout, inoutOffset, n);
                break;
            default:
                ReduceOp.super.reduce4(a, aOffset, b, bOffset, c, cOffset, d, dOffset, inout, inoutOffset, count,
                    type);
        }
    }

    MpiError unsupported(final BaseType base)
    {
        return new MpiError(ErrorClass.OP, "MPI." + name() + " is not defined on " + base + ": it applies to " +
            domain.types + (domain == Domain.LOCATION ? " pairs" : ""));
    }

    /** The element types an operation family is defined on. */
    private enum Domain
    {
        ARITHMETIC(EnumSet.of(BaseType.BYTE, BaseType.SHORT, BaseType.CHAR, BaseType.INT, BaseType.LONG,
            BaseType.FLOAT, BaseType.DOUBLE)),
        LOGICAL(EnumSet.of(BaseType.BYTE, BaseType.SHORT, BaseType.CHAR, BaseType.INT, BaseType.LONG,
            BaseType.BOOLEAN)),
        LOCATION(ARITHMETIC.types);

        private final Set<BaseType> types;

        Domain(final Set<BaseType> types)
        {
            this.types = types;
        }
    }
}
