package io.colompi.colo;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slurm's variables, parsed and checked without a Slurm: host lists, a step's tasks, an allocation's slots. */
class SlurmTest
{
    @Test
    void hostListsExpandRangesKeepingZeroPadding()
    {
        assertEquals(List.of("n1", "n2", "n3"), SlurmHostlist.hosts("n[1-3]"));
        assertEquals(List.of("n1", "n3", "n4", "gpu08-ib", "gpu09-ib", "gpu10-ib", "login"),
            SlurmHostlist.hosts("n[1,3-4],gpu[08-10]-ib,login"));
        assertEquals(List.of("a1b7", "a1b8", "a2b7", "a2b8"), SlurmHostlist.hosts("a[1-2]b[7-8]"));
        assertEquals(List.of("localhost"), SlurmHostlist.hosts("localhost"));
    }

    @Test
    void malformedHostListsAndCountsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> SlurmHostlist.hosts("n[1-3"));
        assertThrows(IllegalArgumentException.class, () -> SlurmHostlist.hosts("n[3-1]"));
        assertThrows(IllegalArgumentException.class, () -> SlurmHostlist.hosts("n[a-b]"));
        assertThrows(IllegalArgumentException.class, () -> SlurmHostlist.hosts(""));
        assertThrows(IllegalArgumentException.class, () -> SlurmHostlist.counts("2(x3"));
        assertThrows(IllegalArgumentException.class, () -> SlurmHostlist.counts("two"));
    }

    @Test
    void countListsExpandRepeats()
    {
        assertArrayEquals(new int[]{ 2, 2, 2, 1 }, SlurmHostlist.counts("2(x3),1"));
        assertArrayEquals(new int[]{ 4 }, SlurmHostlist.counts("4"));
    }

    @Test
    void aStepsTasksMakeTheSameLayoutInEveryTask()
    {
        for (int task = 0; task < 6; task++)
        {
            final SlurmStep step = SlurmStep.of(task(task, task / 2, task % 2));
            assertEquals(task, step.task());
            assertEquals("12.0", step.key());
            assertEquals("n" + (task / 2 + 1), step.nodeName());
            final JobLayout layout = step.layout(2);
            assertEquals(12, layout.np());
            assertEquals(6, layout.jvmCount());
            assertEquals(task / 2, layout.nodeOfJvm(task));
            assertArrayEquals(new int[]{ 2 * task, 2 * task + 1 }, layout.ranksOf(task));
        }
    }

    @Test
    void disagreeingSlurmVariablesAreNamed()
    {
        final Map<String, String> env = task(3, 1, 1);
        env.put(SlurmStep.NTASKS, "7");
        assertMessage(env, "SLURM_STEP_TASKS_PER_NODE=2(x3) adds up to 6 tasks, SLURM_NTASKS is 7");

        final Map<String, String> cyclic = task(1, 1, 0);
        assertMessage(cyclic, "colompi needs 'srun -m block'");

        final Map<String, String> wrongNode = task(2, 1, 0);
        wrongNode.put(SlurmStep.NODENAME, "n3");
        assertMessage(wrongNode, "SLURMD_NODENAME=n3, but node 1 of SLURM_STEP_NODELIST is n2");

        final Map<String, String> missing = task(0, 0, 0);
        missing.remove(SlurmStep.STEP_NODELIST);
        assertMessage(missing, "SLURM_STEP_NODELIST is not set");

        final Map<String, String> garbled = task(0, 0, 0);
        garbled.put(SlurmStep.PROCID, "zero");
        assertMessage(garbled, "SLURM_PROCID=zero is not a number");
    }

    @Test
    void onlyAnSrunTaskIsAStepAndColorunsVariablesWin()
    {
        final Map<String, String> batch = new HashMap<>(task(0, 0, 0));
        batch.remove(SlurmStep.STEP_ID);
        assertFalse(SlurmStep.isTask(batch));
        assertTrue(SlurmStep.isTask(task(0, 0, 0)));
        assertTrue(Bootstrap.detect(task(0, 0, 0)).orElseThrow() instanceof SlurmBootstrap);
        final Map<String, String> launched = task(0, 0, 0);
        launched.put(HostEnvironment.RENDEZVOUS, "127.0.0.1:1");
        assertTrue(Bootstrap.detect(launched).orElseThrow() instanceof ColorunBootstrap);
        assertTrue(Bootstrap.detect(Map.of()).isEmpty());
    }

    @Test
    void anAllocationGivesSlotsAndRefusesMoreRanksUnlessOversubscribed()
    {
        final Map<String, String> env = Map.of(SlurmAllocation.JOB_ID, "7", SlurmAllocation.JOB_NODELIST, "n[1-3]",
            SlurmAllocation.TASKS_PER_NODE, "2(x2),1");
        final JobNodes nodes = SlurmAllocation.nodes(env, 5, false, null);
        assertEquals(List.of(new HostSlots("n1", 2), new HostSlots("n2", 2), new HostSlots("n3", 1)), nodes.hosts());
        assertTrue(nodes.agent().scheduler());
        // A Slurm node named like this machine still starts through srun.
        assertEquals("localhost", SlurmAllocation.nodes(Map.of(SlurmAllocation.JOB_ID, "7",
            SlurmAllocation.JOB_NODELIST, "localhost", SlurmAllocation.TASKS_PER_NODE, "2"), 2, false, null)
            .agentHost(0).orElseThrow());
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> SlurmAllocation.nodes(env, 6, false, null));
        assertTrue(tooMany.getMessage().contains("-np 6 is more than the 5 tasks of the Slurm allocation"), tooMany.getMessage());
        assertEquals(6, SlurmAllocation.nodes(env, 6, true, null).layout(6, 1).np());
        final IllegalArgumentException disagree = assertThrows(IllegalArgumentException.class, () -> SlurmAllocation.nodes(
            Map.of(SlurmAllocation.JOB_ID, "7", SlurmAllocation.JOB_NODELIST, "n[1-3]", SlurmAllocation.TASKS_PER_NODE, "2"),
            2, false, null));
        assertTrue(disagree.getMessage().contains("Slurm's variables disagree"), disagree.getMessage());
    }

    @Test
    void colojavaPassesTheProgramToTheRankHost()
    {
        assertEquals(List.of("--stats", "--np", "4", "--ranks-per-jvm", "4", "--class-path", "app.jar", "--", "Main", "-x", "y"),
            Colojava.hostArguments(new String[]{ "--stats", "--ranks-per-task", "4", "-cp", "app.jar", "Main", "-x", "y" }));
        assertEquals(List.of("--np", "1", "--ranks-per-jvm", "1", "--class-path", "c", "--", "Main"),
            Colojava.hostArguments(new String[]{ "-cp", "c", "Main" }));
        assertThrows(IllegalArgumentException.class, () -> Colojava.hostArguments(new String[]{ "-cp", "c" }));
        assertThrows(IllegalArgumentException.class, () -> Colojava.hostArguments(new String[]{ "--bogus", "Main" }));
    }

    private static void assertMessage(final Map<String, String> env, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SlurmStep.of(env));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    /** The variables srun gives task {@code task} of a 6-task step on n[1-3]. */
    private static Map<String, String> task(final int task, final int node, final int local)
    {
        final Map<String, String> env = new HashMap<>();
        env.put(SlurmStep.JOB_ID, "12");
        env.put(SlurmStep.STEP_ID, "0");
        env.put(SlurmStep.PROCID, Integer.toString(task));
        env.put(SlurmStep.NTASKS, "6");
        env.put(SlurmStep.NODEID, Integer.toString(node));
        env.put(SlurmStep.LOCALID, Integer.toString(local));
        env.put(SlurmStep.NODENAME, "n" + (node + 1));
        env.put(SlurmStep.STEP_NODELIST, "n[1-3]");
        env.put(SlurmStep.STEP_TASKS_PER_NODE, "2(x3)");
        env.put(SlurmStep.SRUN_HOST, "127.0.0.1");
        env.put(SlurmStep.SRUN_PORT, "40000");
        return env;
    }
}
