package io.colompi.jitprobe;

import org.agrona.BitUtil;

/**
 * A program for {@code JitOptionsTest}, in a package of its own (not the runtime's): a hot kernel of its own that
 * calls a runtime method (Agrona's) on every step, so that both reach C2's thresholds.
 */
public final class HotKernel
{
    private HotKernel()
    {
    }

    static long kernel(final int steps)
    {
        long sum = 0;
        for (int i = 0; i < steps; i++)
        {
            sum += BitUtil.align(i, 64) ^ i;
        }
        return sum;
    }

    public static void main(final String[] args)
    {
        long sum = 0;
        for (int call = 0; call < 20_000; call++)
        {
            sum += kernel(200);
        }
        System.out.println("sum " + sum);
    }
}
