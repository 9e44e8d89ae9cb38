package io.colompi.core.pt2pt;

import io.colompi.core.wait.WakeCondition;

/** What a blocking probe waits for: a matching unexpected message. One per thread, reused: a probe allocates no condition. */
final class ProbeWait implements WakeCondition
{
    private final Matcher matcher;
    private int context;
    private int source;
    private int tag;
    private ProbeStatus out;

    ProbeWait(final Matcher matcher)
    {
        this.matcher = matcher;
    }

    ProbeWait set(final int context, final int source, final int tag, final ProbeStatus out)
    {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.out = out;
        return this;
    }

    /** Drop the status, which belongs to the caller. */
    void clear()
    {
        out = null;
    }

    @Override
    public boolean ready()
    {
        return matcher.probe(context, source, tag, out);
    }
}
