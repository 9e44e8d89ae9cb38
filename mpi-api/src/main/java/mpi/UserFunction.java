package mpi;

import io.colompi.core.type.TypeMap;

/**
 * A user reduction written for Open MPI's Java bindings, wrapped by {@link Op#Op(UserFunction, boolean)}: override
 * {@link #call(Object, Object, int, Datatype)} (arrays) or {@link #call(java.nio.ByteBuffer, java.nio.ByteBuffer,
 * int, Datatype)} (native-order byte buffers); colompi calls the one the subclass overrides, the array form first.
 */
public abstract class UserFunction
{
    /** {@code inOutVec[i] = inVec[i] op inOutVec[i]} for {@code count} items of {@code datatype}, over arrays. */
    public void call(final Object inVec, final Object inOutVec, final int count, final Datatype datatype)
    {
        throw NotYet.raise("UserFunction.call", "this user function overrides neither call method");
    }

    /** As {@link #call(Object, Object, int, Datatype)} over byte buffers in native order. */
    public void call(final java.nio.ByteBuffer in, final java.nio.ByteBuffer inOut, final int count,
        final Datatype datatype)
    {
        throw NotYet.raise("UserFunction.call", "this user function overrides neither call method");
    }

    /** The MPJ Express form the engine calls: operands packed densely from offsets, as fresh arrays or buffers here. */
    static User_function adapt(final UserFunction function)
    {
        final boolean arrays = overridden(function, Object.class);
        return new User_function()
        {
            @Override
            public void Call(final Object invec, final int inoffset, final Object inoutvec, final int inoutoffset,
                final int count, final Datatype datatype)
            {
                final TypeMap dense = TypeMap.dense(datatype.map.base());
                final int elements = count * datatype.Size();
                final Object in = arrays ? slice(invec, inoffset, elements) : bytes(elements, datatype);
                final Object inout = arrays ? slice(inoutvec, inoutoffset, elements) : bytes(elements, datatype);
                if (!arrays)
                {
                    io.colompi.core.type.Transfer.copy(invec, inoffset, dense, in, 0, dense, elements);
                    io.colompi.core.type.Transfer.copy(inoutvec, inoutoffset, dense, inout, 0, dense, elements);
                    function.call((java.nio.ByteBuffer)in, (java.nio.ByteBuffer)inout, count, datatype);
                }
                else
                {
                    function.call(in, inout, count, datatype);
                }
                if (inout != inoutvec)
                {
                    io.colompi.core.type.Transfer.copy(inout, 0, dense, inoutvec, inoutoffset, dense, elements);
                }
            }
        };
    }

    /** The operand itself when it starts at 0 and holds exactly its elements (Open MPI's arrays do), else a copy. */
    private static Object slice(final Object array, final int offset, final int elements)
    {
        if (offset == 0 && java.lang.reflect.Array.getLength(array) == elements)
        {
            return array;
        }
        final Object copy = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), elements);
        System.arraycopy(array, offset, copy, 0, elements);
        return copy;
    }

    private static java.nio.ByteBuffer bytes(final int elements, final Datatype datatype)
    {
        return java.nio.ByteBuffer.allocateDirect(elements * datatype.getByteSize()).order(java.nio.ByteOrder.nativeOrder());
    }

    private static boolean overridden(final UserFunction function, final Class<?> operand)
    {
        try
        {
            return function.getClass().getMethod("call", operand, operand, int.class, Datatype.class)
                .getDeclaringClass() != UserFunction.class;
        }
        catch (final NoSuchMethodException e)
        {
            return false;
        }
    }
}
