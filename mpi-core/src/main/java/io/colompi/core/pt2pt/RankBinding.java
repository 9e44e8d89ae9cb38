package io.colompi.core.pt2pt;


/**
 * Implemented by the class loader of a colocated rank: the {@code mpi} classes it loads find their rank's
 * engine through it, so a rank's identity is its class loader, not a thread.
 */
public interface RankBinding
{
    Engine engine();
}
