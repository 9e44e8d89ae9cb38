package io.colompi.core.pt2pt;

import io.colompi.core.transport.Transport;

/** How one rank's messages reach some of its peers: the receiver's inbox in this JVM, or frames over a transport. */
interface Route
{
    /** Start delivering {@code send}; called on a thread of the sending rank. */
    void send(SendRequest send);

    /** The tier, for statistics and traces. */
    Transport transport();
}
