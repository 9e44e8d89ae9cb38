package io.colompi.bench.report;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured point against another (colompi against Open MPI, traced against untraced), round by round. colobench
 * runs every point once a round (the CSV's {@code run}) and this machine changes speed between rounds, up to 3-4x, so
 * each round's two runs, made minutes apart at most, are divided first and the median taken over the rounds; a
 * ratio of the two medians would set a fast round's run against a slow one's. Rows without a round (CSV files older
 * than the column, or runs that record none) give the ratio of the medians, without a range.
 *
 * @param median the median over rounds of {@code ours / reference}.
 * @param min    the smallest round's ratio; NaN without rounds.
 * @param max    the largest; NaN without rounds.
 * @param rounds how many rounds had both; 0 where the medians were divided instead.
 */
record RoundRatio(double median, double min, double max, int rounds)
{
    /** {@code ours} against {@code reference}, each the rows of one point, in the rounds both ran. */
    static RoundRatio of(final List<Report.Row> ours, final List<Report.Row> reference)
    {
        final Map<Integer, Double> referenceByRound = new HashMap<>();
        for (final Report.Row row : reference)
        {
            if (row.run() > 0)
            {
                referenceByRound.put(row.run(), row.value());
            }
        }
        final double[] ratios = ours.stream().filter(row -> referenceByRound.containsKey(row.run()))
            .mapToDouble(row -> row.value() / referenceByRound.get(row.run())).filter(v -> !Double.isNaN(v))
            .sorted().toArray();
        if (ratios.length == 0)
        {
            final double ratio = Report.median(Report.values(ours)) / Report.median(Report.values(reference));
            return new RoundRatio(ratio, Double.NaN, Double.NaN, 0);
        }
        return new RoundRatio(Report.median(ratios), ratios[0], ratios[ratios.length - 1], ratios.length);
    }

    /** A table cell: the median, and its range where rounds were paired ({@code " 1.13 [1.04..1.20] |"}). */
    String cellWithRange()
    {
        if (Double.isNaN(median))
        {
            return " |";
        }
        return rounds == 0 ? String.format(Locale.ROOT, " %.2f |", median) :
            String.format(Locale.ROOT, " %.2f [%.2f..%.2f] |", median, min, max);
    }
}
