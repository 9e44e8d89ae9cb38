package io.colompi.jitprobe;

import org.agrona.BitUtil;

/**
 * A program for {@code JitOptionsTest}: a runtime method (Agrona's) and a twin of it of its own, each called 2 000
 * times, fewer than the 5 000 calls after which HotSpot compiles a method with C2, more than a tenth of them. Both
 * branch, so that their profile keeps them in C1's profiling tier until then (a method with nothing to profile goes on
 * to C2 at once).
 */
public final class WarmCalls
{
    private WarmCalls()
    {
    }

    static boolean twin(final int value)
    {
        return value > 0 && (value & (~value + 1)) == value;
    }

    public static void main(final String[] args)
    {
        int sum = 0;
        for (int call = 0; call < 2_000; call++)
        {
            sum += (BitUtil.isPowerOfTwo(call) ? 1 : 0) + (twin(call) ? 1 : 0);
        }
        System.out.println("sum " + sum);
    }
}
