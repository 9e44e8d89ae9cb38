package io.colompi.core.pt2pt;

/** MPI's four send modes. */
public enum SendMode
{
    /** May buffer small messages (eager) and wait for the receiver on large ones (rendezvous). */
    STANDARD,
    /** Completes only once the receiver has matched the message. */
    SYNCHRONOUS,
    /** The receive is known to be posted; handled as {@link #STANDARD}. */
    READY
}
