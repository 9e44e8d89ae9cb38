package io.colompi.colo;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A process of MPICH's Hydra ({@code mpiexec -n 4 colojava -cp . Main}, Intel MPI's {@code mpiexec.hydra} alike):
 * each process is one JVM of the job with {@code ranksPerJvm} ranks, JVM id = its rank ({@link HydraTask}), the job's
 * name (and in port mode the rank) asked of Hydra ({@link HydraPmi}); they meet through the job's rendezvous file
 * ({@link RendezvousFile}) {@code <dir>/<job>}, the directory {@value #DIR_PROPERTY} or {@value #DIR_VARIABLE},
 * default {@code ~/.colompi/hydra}, which every node must see; across nodes they take a {@link NodeCensus} there
 * first. Hydra's key-value space is not used: the job's secret stays in files only its user can read.
 */
final class HydraBootstrap implements Bootstrap
{
    static final String DIR_PROPERTY = "colompi.hydra.dir";
    static final String DIR_VARIABLE = "COLOMPI_HYDRA_DIR";
    private static final RendezvousFile RENDEZVOUS = new RendezvousFile(DIR_PROPERTY, DIR_VARIABLE, "hydra");

    @Override
    public boolean applies(final Map<String, String> env)
    {
        return HydraTask.isTask(env);
    }

    @Override
    public Membership join(final Map<String, String> env, final int ranksPerJvm) throws IOException
    {
        final Duration timeout = Duration.ofMillis(RunningJob.WIRE_UP_TIMEOUT_MS);
        final String channel = HydraTask.channel(env);
        final boolean portMode = HydraTask.portMode(env);
        final String pmiId = portMode ? HydraTask.pmiId(env) : null;
        final HydraPmi.Answer answer;
        try (HydraPmi pmi = portMode ? HydraPmi.connected(env.get(HydraTask.PORT), channel, timeout) :
            HydraPmi.inherited(HydraTask.descriptor(env), channel))
        {
            answer = pmi.ask(timeout, pmiId);
        }
        return RENDEZVOUS.join(HydraTask.of(env, answer), env, ranksPerJvm);
    }
}
