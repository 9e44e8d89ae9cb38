package io.colompi.core.pt2pt;

import io.colompi.core.type.BaseType;

/** The envelope of a message found by a probe, which stays queued. */
public final class ProbeStatus
{
    public int source;
    public int tag;
    public int elements;
    public BaseType base;
}
