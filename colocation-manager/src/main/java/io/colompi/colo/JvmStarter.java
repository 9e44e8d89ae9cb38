package io.colompi.colo;

import java.io.IOException;

/**
 * How the launcher starts one rank-host JVM and hands it its job ({@link HostEnvironment}); the JVM learns it
 * through the matching {@link Bootstrap}. One class per way: {@link LocalJvmStarter} (on this machine, the job in
 * its environment) and {@link AgentJvmStarter} (through a launch agent, the job on its stdin: {@code ssh},
 * {@code ip netns exec}, {@code docker exec}, or {@code srun} inside a Slurm allocation).
 */
interface JvmStarter
{
    /**
     * Start JVM {@code wiring.jvm()}.
     *
     * @param launcherStdin whether the JVM gets the launcher's stdin (JVM 0 of {@code colorun}); else none.
     */
    Process start(HostEnvironment wiring, boolean launcherStdin) throws IOException;

    /** Whether the process started is the JVM itself (so the rendezvous can check its pid), not an agent. */
    boolean direct();
}
