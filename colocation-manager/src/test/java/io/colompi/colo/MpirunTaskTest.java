package io.colompi.colo;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
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
            final MpirunTask task = MpirunTask.of(process(rank));
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

    @Test
    void badOrDisagreeingVariablesAreNamed()
    {
        final Map<String, String> twoNodes = process(1);
        twoNodes.put(MpirunTask.LOCAL_SIZE, "2");
        assertMessage(twoNodes, "colompi under mpirun runs on one node: OMPI_COMM_WORLD_LOCAL_SIZE=2 of OMPI_COMM_WORLD_SIZE=4");
        final Map<String, String> outside = process(1);
        outside.put(MpirunTask.RANK, "4");
        outside.put(MpirunTask.LOCAL_RANK, "4");
        assertMessage(outside, "OMPI_COMM_WORLD_RANK=4 is not a rank of OMPI_COMM_WORLD_SIZE=4");
        final Map<String, String> garbled = process(1);
        garbled.put(MpirunTask.SIZE, "four");
        assertMessage(garbled, "OMPI_COMM_WORLD_SIZE=four is not a number");
        final Map<String, String> noJob = process(1);
        noJob.remove(MpirunTask.NAMESPACE);
        noJob.remove(MpirunTask.JOB_ID);
        assertMessage(noJob, "OMPI_MCA_ess_base_jobid is not set");
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
}
