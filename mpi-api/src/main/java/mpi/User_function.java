package mpi;

/** A user-defined reduction, wrapped by {@link Op#Op(User_function, boolean)}. */
public abstract class User_function
{
    /**
     * Combine {@code count} items of {@code datatype}: {@code inoutvec[i] = invec[i] op inoutvec[i]}, with the
     * operands packed densely from the given offsets (item {@code i} at {@code offset + i * datatype.Size()}).
     */
    public abstract void Call(Object invec, int inoffset, Object inoutvec, int inoutoffset, int count, Datatype datatype);
}
