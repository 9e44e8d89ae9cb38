package io.colompi.bench;

/**
 * Which raw limits this suite can measure in the same run: the in-JVM handoff ({@link RawHandoff}) for tier
 * {@code local}. The shm tier's limit (a raw Agrona ring between two JVMs) and Aeron's (a raw Aeron ping-pong)
 * come with those transports; until then their runs say so instead of printing a ratio.
 */
final class RawLimit
{
    private RawLimit()
    {
    }

    static boolean available(final String tier)
    {
        return "local".equals(tier);
    }

    static void noteMissing(final Results results, final boolean requested, final String tier)
    {
        if (requested && !available(tier) && results.root())
        {
            System.out.println("# raw limit for tier " + tier + ": skipped: not implemented yet");
        }
    }
}
