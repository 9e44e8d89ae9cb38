package io.colompi.core.pt2pt;

/**
 * The message arriving from each sending rank over one transport: a {@link Reassembly} per source world rank,
 * made when the source first sends. One per source is enough, since a sender's messages come one after another.
 * Used by the one thread that reads the transport's inbound traffic at a time.
 */
public final class Arrivals
{
    private final Engine engine;
    private final Reassembly[] bySource;

    public Arrivals(final Engine engine)
    {
        this.engine = engine;
        this.bySource = new Reassembly[engine.worldSize()];
    }

    /** The reassembly of world rank {@code source}'s messages. */
    public Reassembly of(final int source)
    {
        Reassembly arrival = bySource[source];
        if (arrival == null)
        {
            arrival = new Reassembly(engine);
            bySource[source] = arrival;
        }
        return arrival;
    }
}
