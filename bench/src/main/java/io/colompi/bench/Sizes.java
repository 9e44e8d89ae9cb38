package io.colompi.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Message sizes in bytes: parsing {@code 4M}/{@code 64K}/{@code 8}, and OSU's doubling sequence. */
public final class Sizes
{
    /** OSU's boundary between small and large messages (fewer iterations above it). */
    public static final int LARGE_MESSAGE = 8192;

    private Sizes()
    {
    }

    /** {@code 8}, {@code 64K}, {@code 4M}, {@code 1G} (binary multiples) to bytes. */
    public static int parse(final String text)
    {
        final String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty())
        {
            throw new IllegalArgumentException("empty size");
        }
        final char unit = t.charAt(t.length() - 1);
        final int shift;
        switch (unit)
        {
            case 'K':
                shift = 10;
                break;
            case 'M':
                shift = 20;
                break;
            case 'G':
                shift = 30;
                break;
            default:
                shift = 0;
        }
        final String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        final long value = Long.parseLong(digits) << shift;
        if (value < 0 || value > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("size out of range: " + text);
        }
        return (int)value;
    }

    /** Human form used in progress lines and chart ticks: 512, 4K, 1M. */
    public static String format(final long bytes)
    {
        if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        {
            return (bytes >> 20) + "M";
        }
        if (bytes >= 1024 && bytes % 1024 == 0)
        {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }

    /**
     * {@code min, 2 min, 4 min, ...} up to {@code max}, skipping sizes that are not a whole number of
     * {@code elementBytes}-byte elements (an 8-byte double cannot travel in 1 byte). A zero {@code min} gives 0 first.
     */
    public static List<Integer> doubling(final int min, final int max, final int elementBytes)
    {
        final List<Integer> sizes = new ArrayList<>();
        if (min == 0)
        {
            sizes.add(0);
        }
        for (long size = Math.max(1, min); size <= max; size <<= 1)
        {
            if (size % elementBytes == 0)
            {
                sizes.add((int)size);
            }
        }
        return sizes;
    }
}
