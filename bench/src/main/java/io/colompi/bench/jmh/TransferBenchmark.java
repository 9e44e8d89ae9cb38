package io.colompi.bench.jmh;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
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
 * {@link Transfer}'s pack (array to raw bytes), unpack (raw bytes to array) and copy (array to array, the single
 * copy of an in-JVM handoff) of {@code elements} doubles, for a contiguous layout and a strided one (a matrix
 * column: {@code Vector(elements, 1, 2, DOUBLE)}, one element per block). {@code arraycopy} is the raw limit for the
 * contiguous case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class TransferBenchmark
{
    @Param({ "1024" })
    public int elements;

    @Param({ "contiguous", "vector" })
    public String layout;

    private TypeMap type;
    private int count;
    private double[] source;
    private double[] target;
    private byte[] packed;

    @Setup(Level.Trial)
    public void setUp()
    {
        final TypeMap dbl = TypeMap.basic(BaseType.DOUBLE);
        if (layout.equals("contiguous"))
        {
            type = dbl;
            count = elements;
            source = new double[elements];
            target = new double[elements];
        }
        else
        {
            type = TypeMap.vector(elements, 1, 2, dbl);
            count = 1;
            source = new double[2 * elements];
            target = new double[2 * elements];
        }
        for (int i = 0; i < source.length; i++)
        {
            source[i] = i;
        }
        packed = new byte[elements * Double.BYTES];
    }

    @Benchmark
    public int pack()
    {
        return Transfer.pack(source, 0, type, count, packed, Transfer.BYTE_ARRAY_BASE);
    }

    @Benchmark
    public double[] unpack()
    {
        Transfer.unpack(packed, Transfer.BYTE_ARRAY_BASE, elements, target, 0, type);
        return target;
    }

    @Benchmark
    public double[] copy()
    {
        Transfer.copy(source, 0, type, target, 0, type, elements);
        return target;
    }

    /** The raw limit: one bulk copy of the same number of elements. */
    @Benchmark
    public double[] arraycopy()
    {
        System.arraycopy(source, 0, target, 0, elements);
        return target;
    }
}
