package io.colompi.bench;

import org.HdrHistogram.Histogram;

/** Per-iteration times (ns) summarized with HdrHistogram: median, p99, min, max, in microseconds. */
final class Samples
{
    private final Histogram histogram = new Histogram(3);

    /** The summary of {@code samples[0 .. n)}, each divided by {@code divisor} (2 turns a round trip into one way). */
    Summary summarize(final long[] samples, final int n, final double divisor)
    {
        histogram.reset();
        for (int i = 0; i < n; i++)
        {
            histogram.recordValue(Math.max(1, samples[i]));
        }
        final double scale = 1e-3 / divisor;
        return new Summary(
            histogram.getValueAtPercentile(50) * scale,
            histogram.getValueAtPercentile(99) * scale,
            histogram.getMinValue() * scale,
            histogram.getMaxValue() * scale);
    }

    /** Microseconds. */
    record Summary(double p50, double p99, double min, double max)
    {
    }
}
