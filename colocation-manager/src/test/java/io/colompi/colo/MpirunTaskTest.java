package io.colompi.colo;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open MPI's mpirun variables, parsed and checked without an mpirun (the real one: distribution's MpirunLaunchTest). */
class MpirunTaskTest
{
    @Test
    void everyProcessOfAJobMakesTheSameLayoutAndKey()
    {
        for (int rank = 0; rank < 4; rank++)
        {
            final LaunchedTask task = MpirunTask.of(process(rank));
            assertEquals(rank, task.task());
            assertEquals("479002625", task.key());
            assertEquals("479002624.0;tcp://192.0.2.2:38397", task.instance());
            assertEquals("vm", task.nodeName());
            final JobLayout layout = task.layout(2);
            assertEquals(8, layout.np());
            assertEquals(4, layout.jvmCount());
            assertEquals(0, layout.nodeOfJvm(rank));
            assertArrayEquals(new int[]{ 2 * rank, 2 * rank + 1 }, layout.ranksOf(rank));
        }
    }

    @Test
    void mpirunsVariablesWinOverSlurmsButNotOverColoruns()
    {
        final Map<String, String> env = process(1);
        env.put(SlurmStep.JOB_ID, "12");
        env.put(SlurmStep.STEP_ID, "0");
        env.put(SlurmStep.PROCID, "0");
        assertTrue(Bootstrap.detect(env).orElseThrow() instanceof MpirunBootstrap);
        env.put(HostEnvironment.RENDEZVOUS, "127.0.0.1:1");
        assertTrue(Bootstrap.detect(env).orElseThrow() instanceof ColorunBootstrap);
        final Map<String, String> pmix = new HashMap<>(Map.of(MpirunTask.PMIX_RANK, "2", MpirunTask.SIZE, "4",
            MpirunTask.JOB_ID, "77"));
        assertEquals(2, MpirunTask.of(pmix).task());
        assertEquals("77", MpirunTask.of(pmix).key());
    }

    /**
     * Across nodes (Open MPI 4.1's variables with {@code --map-by node} on two hosts of the same name): each process
     * knows only its own node, so the job takes a census of all four; every process then makes the same layout,
     * JVM t on process t's node, the hosts told apart by their daemons.
     */
    @Test
    void acrossNodesEveryProcessTakesTheCensusAndMakesTheSameLayout()
    {
        NodeCensusChecks.assertRoundRobinOnTwoNodes(rank -> MpirunTask.of(onTwoNodes(rank)), "vm/1", "vm/2");
        assertEquals(0, MpirunTask.of(process(1)).census(), "one node: no census");
    }

    @Test
    void badOrDisagreeingVariablesAreNamed()
    {
        assertMessage(with(process(1), MpirunTask.LOCAL_RANK, "2", MpirunTask.LOCAL_SIZE, "2"),
            "OMPI_COMM_WORLD_LOCAL_RANK=2 of OMPI_COMM_WORLD_LOCAL_SIZE=2 on a node");
        assertMessage(with(onTwoNodes(1), MpirunTask.DAEMON_URI, "tcp://10.77.1.2:39791"),
            "OMPI_MCA_orte_local_daemon_uri=tcp://10.77.1.2:39791 does not name a daemon");
        assertMessage(with(process(1), MpirunTask.RANK, "4", MpirunTask.LOCAL_RANK, "4"),
            "OMPI_COMM_WORLD_RANK=4 is not a rank of OMPI_COMM_WORLD_SIZE=4");
        assertMessage(with(process(1), MpirunTask.SIZE, "four"), "OMPI_COMM_WORLD_SIZE=four is not a number");
        final Map<String, String> noJob = process(1);
        noJob.remove(MpirunTask.NAMESPACE);
        noJob.remove(MpirunTask.JOB_ID);
        assertMessage(noJob, "OMPI_MCA_ess_base_jobid is not set");
    }

    /** {@code env} with the variables and values that follow, in pairs. */
    private static Map<String, String> with(final Map<String, String> env, final String... variablesAndValues)
    {
        for (int i = 0; i < variablesAndValues.length; i += 2)
        {
            env.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        return env;
    }

    private static void assertMessage(final Map<String, String> env, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> MpirunTask.of(env));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    /** The variables Open MPI 4.1's mpirun gives process {@code rank} of a 4-process job on node vm. */
    private static Map<String, String> process(final int rank)
    {
        final Map<String, String> env = new HashMap<>();
        env.put(MpirunTask.RANK, Integer.toString(rank));
        env.put(MpirunTask.PMIX_RANK, Integer.toString(rank));
        env.put(MpirunTask.SIZE, "4");
        env.put(MpirunTask.LOCAL_RANK, Integer.toString(rank));
        env.put(MpirunTask.LOCAL_SIZE, "4");
        env.put(MpirunTask.NAMESPACE, "479002625");
        env.put(MpirunTask.JOB_ID, "479002625");
        env.put(MpirunTask.HNP_URI, "479002624.0;tcp://192.0.2.2:38397");
        env.put(MpirunTask.HOSTNAME, "vm");
        return env;
    }

    /** Process {@code rank} of 4, dealt round two nodes' daemons 1 and 2 ({@code --map-by node}). */
    private static Map<String, String> onTwoNodes(final int rank)
    {
        final Map<String, String> env = process(rank);
        env.put(MpirunTask.LOCAL_RANK, Integer.toString(rank / 2));
        env.put(MpirunTask.LOCAL_SIZE, "2");
        env.put(MpirunTask.DAEMON_URI, "479002624." + (1 + rank % 2) + ";tcp://10.77.1." + (1 + rank % 2) + ":39791");
        return env;
    }
}
