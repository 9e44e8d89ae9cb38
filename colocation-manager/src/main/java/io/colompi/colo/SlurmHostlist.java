package io.colompi.colo;

import java.util.ArrayList;
import java.util.List;

/**
 * Slurm's compressed lists, as in {@code SLURM_JOB_NODELIST} and {@code SLURM_TASKS_PER_NODE}, expanded without
 * calling {@code scontrol}: host lists such as {@code n[1-3,7],gpu[01-02]-ib,login} (zero padding kept) and counts
 * such as {@code 2(x3),1}.
 */
final class SlurmHostlist
{
    private SlurmHostlist()
    {
    }

    /** The host names of a Slurm host list, in order; fails on malformed ranges. */
    static List<String> hosts(final String hostlist)
    {
        final List<String> hosts = new ArrayList<>();
        for (final String item : splitTopLevel(hostlist.trim()))
        {
            expand(item, hosts);
        }
        if (hosts.isEmpty())
        {
            throw new IllegalArgumentException("empty Slurm host list: '" + hostlist + "'");
        }
        return hosts;
    }

    /** The counts of a Slurm count list such as {@code 2(x3),1}: {@code [2, 2, 2, 1]}. */
    static int[] counts(final String counts)
    {
        final List<Integer> expanded = new ArrayList<>();
        for (final String item : counts.trim().split(","))
        {
            final int paren = item.indexOf("(x");
            try
            {
                if (paren < 0)
                {
                    expanded.add(Integer.parseInt(item));
                    continue;
                }
                if (!item.endsWith(")"))
                {
                    throw new NumberFormatException(item);
                }
                final int value = Integer.parseInt(item.substring(0, paren));
                final int times = Integer.parseInt(item.substring(paren + 2, item.length() - 1));
                for (int i = 0; i < times; i++)
                {
                    expanded.add(value);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not a Slurm count list (e.g. '2(x3),1'): '" + counts + "'", ex);
            }
        }
        return expanded.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Split at the commas outside brackets. */
    private static List<String> splitTopLevel(final String hostlist)
    {
        final List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < hostlist.length(); i++)
        {
            final char c = hostlist.charAt(i);
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                items.add(hostlist.substring(start, i));
                start = i + 1;
            }
            if (depth < 0 || depth > 1)
            {
                throw new IllegalArgumentException("unbalanced brackets in Slurm host list '" + hostlist + "'");
            }
        }
        if (depth != 0)
        {
            throw new IllegalArgumentException("unbalanced brackets in Slurm host list '" + hostlist + "'");
        }
        items.add(hostlist.substring(start));
        return items;
    }

    /** {@code prefix[ranges]rest}, where rest may hold further bracket groups (each expands in turn). */
    private static void expand(final String item, final List<String> into)
    {
        if (item.isEmpty())
        {
            throw new IllegalArgumentException("empty host name in a Slurm host list");
        }
        final int open = item.indexOf('[');
        if (open < 0)
        {
            into.add(item);
            return;
        }
        final int close = item.indexOf(']', open);
        final String prefix = item.substring(0, open);
        final String rest = item.substring(close + 1);
        for (final String range : item.substring(open + 1, close).split(","))
        {
            final int dash = range.indexOf('-');
            final String low = dash < 0 ? range : range.substring(0, dash);
            final String high = dash < 0 ? range : range.substring(dash + 1);
            final long from;
            final long to;
            try
            {
                from = Long.parseLong(low);
                to = Long.parseLong(high);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not a range in Slurm host list: '" + range + "' in '" + item + "'", ex);
            }
            if (to < from || to - from > 1_000_000)
            {
                throw new IllegalArgumentException("bad range in Slurm host list: '" + range + "' in '" + item + "'");
            }
            for (long n = from; n <= to; n++)
            {
                String digits = Long.toString(n);
                while (digits.length() < low.length())
                {
                    digits = "0" + digits; // n[01-10]: the width of the lower bound
                }
                expand(prefix + digits + rest, into);
            }
        }
    }
}
