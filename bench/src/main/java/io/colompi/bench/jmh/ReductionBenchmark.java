package io.colompi.bench.jmh;

import io.colompi.core.op.PredefinedOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The reduction kernel of Reduce/Allreduce: {@code PredefinedOp.SUM.reduce} on doubles ({@code inout[i] += in[i]}),
 * next to the same loop written inline (the raw limit the kernel should reach).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class ReductionBenchmark
{
    @Param({ "1024", "131072" })
    public int elements;

    private final TypeMap type = TypeMap.basic(BaseType.DOUBLE);
    private double[] in;
    private double[] inout;

    @Setup(Level.Trial)
    public void setUp()
    {
        in = new double[elements];
        inout = new double[elements];
        for (int i = 0; i < elements; i++)
        {
            in[i] = i * 0.5;
        }
    }

    @Benchmark
    public double[] sumDoubles()
    {
        PredefinedOp.SUM.reduce(in, 0, inout, 0, elements, type);
        return inout;
    }

    @Benchmark
    public double[] inlineLoop()
    {
        final double[] a = in;
        final double[] b = inout;
        for (int i = 0; i < a.length; i++)
        {
            b[i] += a[i];
        }
        return b;
    }
}
