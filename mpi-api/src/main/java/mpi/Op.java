package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.rma.AccumulateOps;
import io.colompi.core.type.TypeMap;

/** A reduction operation: one of MPI's predefined ones ({@code MPI.SUM}, ...) or a {@link User_function}. */
public class Op
{
    final ReduceOp core;
    private final boolean predefined;
    private boolean freed;

    /** A user operation; {@code commute} says whether the collectives may combine operands in any order. */
    public Op(final User_function function, final boolean commute)
    {
        this.core = new UserOp(function, commute);
        this.predefined = false;
    }

    /** As {@link #Op(User_function, boolean)}; the op code of MPJ Express is not needed by colompi. */
    public Op(final User_function function, final boolean commute, final int opCode)
    {
        this(function, commute);
    }

    /**
     * The predefined operation of that {@code PredefinedOp} name, or {@code REPLACE} or {@code NO_OP}, which only
     * accumulates take (no core type here: see package-info).
     */
    Op(final String predefinedOp)
    {
        this.core = predefinedOp.equals("REPLACE") ? AccumulateOps.REPLACE :
            predefinedOp.equals("NO_OP") ? AccumulateOps.NO_OP : PredefinedOp.valueOf(predefinedOp);
        this.predefined = true;
    }

    /** Whether the operation is commutative. */
    public boolean Is_commute()
    {
        return live("Op.Is_commute").commutative();
    }

    /** Free a user operation; predefined operations cannot be freed. */
    public void free()
    {
        live("Op.free");
        if (predefined)
        {
            throw MPI.raise(new MpiError(ErrorClass.OP, "cannot free predefined operation " + core), "Op.free");
        }
        freed = true;
    }

    /** {@code op}'s {@link #live}: ERR_OP for no operation at all (null), naming {@code call}. */
    static ReduceOp live(final Op op, final String call)
    {
        if (op == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.OP, "the operation is null"), call);
        }
        return op.live(call);
    }

    /** {@code op}'s {@link #live(String, Datatype)}: ERR_OP for no operation at all (null), naming {@code call}. */
    static ReduceOp live(final Op op, final String call, final Datatype type)
    {
        return live(op, call) == null ? null : op.live(call, type);
    }

    ReduceOp live(final String call)
    {
        MPI.notFinalized(call);
        if (freed)
        {
            throw MPI.raise(new MpiError(ErrorClass.OP, "operation was freed"), call);
        }
        return core;
    }

    /** What this operation does on {@code type}: pairs of two types and complex numbers define their own. */
    ReduceOp live(final String call, final Datatype type)
    {
        final ReduceOp op = live(call);
        return type == null ? op : type.reduction(op, call);
    }

    /** Adapts a {@link User_function} to the engine's reduction interface. */
    private static final class UserOp implements ReduceOp
    {
        private final User_function function;
        private final boolean commute;

        UserOp(final User_function function, final boolean commute)
        {
            if (function == null)
            {
                throw MPI.raise(new MpiError(ErrorClass.OP, "user function must not be null"), "Op");
            }
            this.function = function;
            this.commute = commute;
        }

        @Override
        public boolean commutative()
        {
            return commute;
        }

        @Override
        public void reduce(final Object in, final int inOffset, final Object inout, final int inoutOffset,
            final int count, final TypeMap type)
        {
            function.Call(in, inOffset, inout, inoutOffset, count, new Datatype(type, null));
        }

        @Override
        public String toString()
        {
            return "user function " + function.getClass().getName();
        }
    }

    // Open MPI Java bindings API

    /** A user operation written for Open MPI's Java bindings. */
    public Op(final UserFunction function, final boolean commute)
    {
        this(UserFunction.adapt(function), commute);
    }

    public boolean isCommutative()
    {
        return Is_commute();
    }

    /** Whether the operation was freed. */
    public boolean isNull()
    {
        return freed;
    }
}
