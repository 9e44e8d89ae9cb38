package io.colompi.colo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a rank JVM learns its job: which ranks it runs, where the others run ({@link JobLayout}), the job's id and
 * secret and the rendezvous where the JVMs meet. One class per way of starting JVMs: {@link ColorunBootstrap}
 * (started by {@code colorun}), {@link MpirunBootstrap} (a process of Open MPI's {@code mpirun}),
 * {@link HydraBootstrap} (a process of MPICH's {@code mpiexec}), {@link SlurmBootstrap} (a task of {@code srun}).
 */
interface Bootstrap
{
    /**
     * Tried in this order: colorun's own variables win over the scheduler's that its JVMs also inherit, and
     * mpirun's and Hydra's over Slurm's (an {@code mpirun} or {@code mpiexec} inside an allocation starts its daemons
     * as a step).
     */
    List<Bootstrap> ALL = List.of(new ColorunBootstrap(), new MpirunBootstrap(), new HydraBootstrap(),
        new SlurmBootstrap());

    /** Whether {@code env} says this JVM was started this way. */
    boolean applies(Map<String, String> env);

    /**
     * Join the job {@code env} describes, {@code ranksPerJvm} ranks in this JVM where the way of starting leaves that
     * open; may serve the job's rendezvous itself (Slurm's task 0).
     *
     * @throws IllegalArgumentException if the variables are missing or disagree (the message names them).
     */
    Membership join(Map<String, String> env, int ranksPerJvm) throws IOException;

    /** The first bootstrap that applies to {@code env}; empty when none does (a JVM started by hand). */
    static Optional<Bootstrap> detect(final Map<String, String> env)
    {
        return ALL.stream().filter(bootstrap -> bootstrap.applies(env)).findFirst();
    }

    /**
     * This JVM's place in a job.
     *
     * @param wiring        the job, as a launcher would have told it.
     * @param nodeDirectory whether the JVMs of the node share the job's directory without a launcher that removes it:
     *                      it is created if needed, and removed by the last JVM (by any, if the job fails).
     * @param service       what this JVM serves for the others (the rendezvous), closed once they are done.
     */
    record Membership(HostEnvironment wiring, boolean nodeDirectory, AutoCloseable service)
    {
        static Membership launched(final HostEnvironment wiring, final boolean nodeDirectory)
        {
            return new Membership(wiring, nodeDirectory, () -> { });
        }
    }
}
