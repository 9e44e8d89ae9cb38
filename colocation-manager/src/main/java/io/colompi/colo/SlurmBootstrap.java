package io.colompi.colo;

import java.io.IOException;
import java.util.Map;

/**
 * A task of {@code srun} ({@code srun -N 3 -n 6 colojava -cp app.jar Main}): each task is one JVM of the job with
 * {@code ranksPerJvm} ranks ({@code colojava --ranks-per-task K}, default 1), JVM id = {@code SLURM_PROCID}, the
 * layout from the step's variables ({@link SlurmStep}); the tasks meet through the step's rendezvous file
 * ({@link RendezvousFile}) {@code <dir>/<job>.<step>}, the directory {@value #DIR_PROPERTY} or {@value #DIR_VARIABLE},
 * default {@code ~/.colompi/slurm}.
 */
final class SlurmBootstrap implements Bootstrap
{
    static final String DIR_PROPERTY = "colompi.slurm.dir";
    static final String DIR_VARIABLE = "COLOMPI_SLURM_DIR";
    private static final RendezvousFile RENDEZVOUS = new RendezvousFile(DIR_PROPERTY, DIR_VARIABLE, "slurm");

    @Override
    public boolean applies(final Map<String, String> env)
    {
        return SlurmStep.isTask(env);
    }

    @Override
    public Membership join(final Map<String, String> env, final int ranksPerJvm) throws IOException
    {
        return RENDEZVOUS.join(SlurmStep.of(env), env, ranksPerJvm);
    }
}
