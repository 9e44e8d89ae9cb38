package io.colompi.colo;

import java.io.IOException;
import java.util.Map;

/**
 * A process of Open MPI's {@code mpirun} ({@code mpirun -np 4 colojava -cp . Main}): each process is one JVM of the
 * job with {@code ranksPerJvm} ranks, JVM id = its rank ({@link MpirunTask}); they meet through the job's rendezvous
 * file ({@link RendezvousFile}) {@code <dir>/<job>}, the directory {@value #DIR_PROPERTY} or {@value #DIR_VARIABLE},
 * default {@code ~/.colompi/mpirun}, which every node must see; across nodes they take a {@link NodeCensus} there
 * first. Open MPI's own wire-up (PMIx) is not used.
 */
final class MpirunBootstrap implements Bootstrap
{
    static final String DIR_PROPERTY = "colompi.mpirun.dir";
    static final String DIR_VARIABLE = "COLOMPI_MPIRUN_DIR";
    private static final RendezvousFile RENDEZVOUS = new RendezvousFile(DIR_PROPERTY, DIR_VARIABLE, "mpirun");

    @Override
    public boolean applies(final Map<String, String> env)
    {
        return MpirunTask.isTask(env);
    }

    @Override
    public Membership join(final Map<String, String> env, final int ranksPerJvm) throws IOException
    {
        return RENDEZVOUS.join(MpirunTask.of(env), env, ranksPerJvm);
    }
}
