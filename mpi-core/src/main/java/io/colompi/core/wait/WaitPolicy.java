package io.colompi.core.wait;

/**
 * How a rank waits: spin briefly, then yield, then park on its {@link Doorbell} with a growing timeout.
 * The timeout bounds the wait for transports that cannot ring (another JVM); in-JVM senders ring at once.
 *
 * @param spins     busy polls before yielding (cheap wake-up when a core is free for each rank).
 * @param yields    {@code Thread.yield()} polls before parking (lets oversubscribed ranks run).
 * @param minParkNs first park timeout.
 * @param maxParkNs longest park timeout; the timeout doubles up to it.
 */
public record WaitPolicy(int spins, int yields, long minParkNs, long maxParkNs)
{
    /** Default back-off, tuned on a 2-core machine (see bench/RESULTS.md). */
    public static final WaitPolicy BACKOFF = new WaitPolicy(
        Integer.getInteger("colompi.wait.spins", 2_000),
        Integer.getInteger("colompi.wait.yields", 20),
        1_000,
        Long.getLong("colompi.wait.maxParkNs", 1_000_000L));

    /** For dedicated cores: never yield or park early (still parks after ~minutes of nothing, never spins forever). */
    public static final WaitPolicy SPIN = new WaitPolicy(Integer.MAX_VALUE / 2, 1_000, 1_000, 1_000_000L);

    /** The policy named by system property {@code colompi.wait} ({@code backoff} or {@code spin}). */
    public static WaitPolicy fromSystemProperties()
    {
        final String name = System.getProperty("colompi.wait", "backoff");
        switch (name)
        {
            case "backoff":
                return BACKOFF;
            case "spin":
                return SPIN;
            default:
                throw new IllegalArgumentException("colompi.wait must be backoff or spin, not " + name);
        }
    }
}
