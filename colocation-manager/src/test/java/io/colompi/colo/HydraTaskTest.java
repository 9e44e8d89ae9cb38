package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MPICH Hydra's variables and the PMI-1 words colompi speaks with it, checked against a stand-in proxy (the real
 * {@code mpiexec}: distribution's HydraLaunchTest).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HydraTaskTest
{
    private static final String JOB = "kvs_17777_0_540550518_vm";
    private static final HydraPmi.Answer NAMED = new HydraPmi.Answer(JOB, HydraPmi.FROM_VARIABLES,
        HydraPmi.FROM_VARIABLES);

    @Test
    void everyProcessOfAJobMakesTheSameLayoutAndKey()
    {
        for (int rank = 0; rank < 4; rank++)
        {
            final LaunchedTask task = HydraTask.of(process(rank), NAMED);
            assertEquals(rank, task.task());
            assertEquals(JOB, task.key());
            assertEquals(JOB, task.instance());
            assertEquals("vm", task.nodeName());
            assertEquals(0, task.census(), "one node: no census");
            final JobLayout layout = task.layout(2);
            assertEquals(8, layout.np());
            assertEquals(4, layout.jvmCount());
            assertEquals(0, layout.nodeOfJvm(rank));
            assertArrayEquals(new int[]{ 2 * rank, 2 * rank + 1 }, layout.ranksOf(rank));
        }
        assertEquals("kvs_1_0_2_host_a",
            HydraTask.of(process(0), new HydraPmi.Answer("kvs_1_0_2_host/a", -1, -1)).key(), "a file name");
    }

    /**
     * Hydra's processes inside a Slurm allocation inherit the allocation's variables and their proxy's step: Hydra's
     * win over Slurm's (as mpirun's do), colorun's over Hydra's; Slurm's own PMI-2 ({@code srun --mpi=pmi2}) gives
     * {@code PMI_FD} and {@code PMI_RANK} too, but not Hydra's count of a node's processes.
     */
    @Test
    void hydrasVariablesWinOverSlurmsButNotOverColorunsAndSlurmsPmi2IsSlurms()
    {
        final Map<String, String> env = process(1);
        env.put(SlurmStep.JOB_ID, "12");
        env.put(SlurmStep.STEP_ID, "0");
        env.put(SlurmStep.PROCID, "0");
        assertTrue(Bootstrap.detect(env).orElseThrow() instanceof HydraBootstrap);
        env.put(HostEnvironment.RENDEZVOUS, "127.0.0.1:1");
        assertTrue(Bootstrap.detect(env).orElseThrow() instanceof ColorunBootstrap);
        final Map<String, String> pmi2 = new HashMap<>(Map.of(SlurmStep.JOB_ID, "12", SlurmStep.STEP_ID, "0",
            SlurmStep.PROCID, "1", HydraTask.RANK, "1", HydraTask.SIZE, "4", HydraTask.FD, "6", "PMI_JOBID", "12.0"));
        assertTrue(Bootstrap.detect(pmi2).orElseThrow() instanceof SlurmBootstrap);
        assertFalse(HydraTask.isTask(Map.of(HydraTask.RANK, "0", HydraTask.SIZE, "1")), "no PMI channel");
    }

    /** Across nodes (Hydra's round robin over two hosts): each knows its own node, so the job takes a census. */
    @Test
    void acrossNodesEveryProcessTakesTheCensusAndMakesTheSameLayout()
    {
        NodeCensusChecks.assertRoundRobinOnTwoNodes(rank -> HydraTask.of(onTwoNodes(rank), NAMED), "host0", "host1");
    }

    @Test
    void badOrDisagreeingVariablesAreNamed()
    {
        assertMessage(with(process(1), HydraTask.LOCAL_RANK, "4"), "MPI_LOCALRANKID=4 of MPI_LOCALNRANKS=4 on a node");
        assertMessage(with(process(1), HydraTask.RANK, "4"), "PMI_RANK=4 is not a rank of PMI_SIZE=4");
        assertMessage(with(process(1), HydraTask.SIZE, "four"), "PMI_SIZE=four is not a number");
        final Map<String, String> noRank = process(1);
        noRank.remove(HydraTask.RANK);
        assertMessage(noRank, "PMI_RANK is not set");
        final Map<String, String> port = process(1);
        port.remove(HydraTask.FD);
        port.put(HydraTask.PORT, "vm:37387");
        assertTrue(HydraTask.isTask(port));
        assertTrue(HydraTask.portMode(port));
        assertMessage(port, "PMI_ID is not set", HydraTask::pmiId);
        port.put(HydraTask.ID, "one");
        assertMessage(port, "PMI_ID=one is not a number", HydraTask::pmiId);
        port.put(HydraTask.ID, "1");
        assertEquals("1", HydraTask.pmiId(port));
        assertEquals("PMI_PORT=vm:37387", HydraTask.channel(port));
        assertFalse(HydraTask.portMode(process(1)));
        assertEquals(6, HydraTask.descriptor(process(1)));
    }

    /** The conversation a real proxy holds (its answers as MPICH 4.0's Hydra words them). */
    @Test
    void theJobsNameIsAskedAfterInitAndTheConversationEndsWithFinalize() throws Exception
    {
        final List<String> heard = new ArrayList<>();
        final HydraPmi.Answer answer = converse(command ->
        {
            heard.add(command);
            return switch (command)
            {
                case "cmd=init pmi_version=1 pmi_subversion=1" ->
                    "cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0";
                case "cmd=get_my_kvsname" -> "cmd=my_kvsname kvsname=" + JOB;
                case "cmd=finalize" -> "cmd=finalize_ack";
                default -> "cmd=unknown";
            };
        }, null);
        assertEquals(NAMED, answer);
        assertEquals(List.of("cmd=init pmi_version=1 pmi_subversion=1", "cmd=get_my_kvsname", "cmd=finalize"), heard);
    }

    /**
     * With {@code mpiexec -pmi-port} the process introduces itself by its {@code PMI_ID} first, and Hydra sets its
     * size, rank and debug level; the job it makes has that rank, though no variable holds it.
     */
    @Test
    void inPortModeTheProcessIntroducesItselfAndHydraSaysItsRank() throws Exception
    {
        final List<String> heard = new ArrayList<>();
        final HydraPmi.Answer answer = converse(command ->
        {
            heard.add(command);
            return switch (command)
            {
                case "cmd=initack pmiid=3" -> "cmd=initack\ncmd=set size=4\ncmd=set rank=2\ncmd=set debug=0";
                case "cmd=init pmi_version=1 pmi_subversion=1" ->
                    "cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0";
                case "cmd=get_my_kvsname" -> "cmd=my_kvsname kvsname=" + JOB;
                case "cmd=finalize" -> "cmd=finalize_ack";
                default -> "cmd=unknown";
            };
        }, "3");
        assertEquals(new HydraPmi.Answer(JOB, 2, 4), answer);
        assertEquals(List.of("cmd=initack pmiid=3", "cmd=init pmi_version=1 pmi_subversion=1", "cmd=get_my_kvsname",
            "cmd=finalize"), heard);
        final Map<String, String> port = process(0);
        port.remove(HydraTask.RANK);
        port.remove(HydraTask.SIZE);
        port.remove(HydraTask.FD);
        port.put(HydraTask.PORT, "vm:37387");
        port.put(HydraTask.LOCAL_RANK, "2");
        assertEquals(2, HydraTask.of(port, answer).task());
        assertConversationFails(command -> "cmd=initack\ncmd=set size=4\ncmd=set rank=4\ncmd=set debug=0", "3",
            "Hydra set rank 4 of size 4 on PMI_FD=6");
        assertConversationFails(command -> "cmd=initack\ncmd=set size=4\ncmd=set debug=0\ncmd=set debug=0", "3",
            "Hydra set no rank on PMI_FD=6");
        assertConversationFails(command -> "cmd=initack\ncmd=barrier_out", "3",
            "Hydra answered 'cmd=barrier_out' after initack on PMI_FD=6");
        for (final String bad : List.of("vm", "vm:port", "vm:70000", ":1"))
        {
            final IOException ex = assertThrows(IOException.class,
                () -> HydraPmi.connected(bad, "PMI_PORT=" + bad, Duration.ofSeconds(1)));
            assertEquals("PMI_PORT=" + bad + " is not host:port", ex.getMessage());
        }
    }

    @Test
    void aRefusalAnOddAnswerAClosedOrSilentProxyFailNamingTheChannel()
    {
        assertConversationFails(command -> "cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=-1",
            "Hydra refused PMI-1 on PMI_FD=6: ");
        assertConversationFails(command -> command.startsWith("cmd=init") ?
            "cmd=response_to_init rc=0" : "cmd=my_kvsname", "Hydra named no job on PMI_FD=6");
        assertConversationFails(command -> "cmd=barrier_out",
            "Hydra answered 'cmd=barrier_out' to 'cmd=init pmi_version=1 pmi_subversion=1' on PMI_FD=6");
        assertConversationFails(command -> null, "Hydra closed PMI_FD=6 mid-conversation");
        assertConversationFails(command -> "x".repeat(5000), "Hydra sent a line longer than 4096 bytes on PMI_FD=6");
        assertConversationFails(command -> "", "Hydra did not answer on PMI_FD=6 within 1 s");
    }

    private static void assertConversationFails(final Function<String, String> proxy, final String expected)
    {
        assertConversationFails(proxy, null, expected);
    }

    private static void assertConversationFails(final Function<String, String> proxy, final String pmiId,
        final String expected)
    {
        final IOException ex = assertThrows(IOException.class, () -> converse(proxy, pmiId));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    /**
     * Ask a stand-in proxy the job's name, as process {@code pmiId} in port mode where not null: it answers each
     * command with {@code proxy}'s lines (null: it closes the connection; empty: it never answers).
     */
    private static HydraPmi.Answer converse(final Function<String, String> proxy, final String pmiId) throws Exception
    {
        final PipedInputStream toProxy = new PipedInputStream();
        final PipedOutputStream fromProxy = new PipedOutputStream();
        final PipedInputStream fromProxyIn = new PipedInputStream(fromProxy, 16 * 1024);
        final PipedOutputStream toProxyOut = new PipedOutputStream(toProxy);
        final Thread server = new Thread(() ->
        {
            try (BufferedReader commands = new BufferedReader(
                     new InputStreamReader(toProxy, StandardCharsets.US_ASCII));
                 OutputStream answers = fromProxy)
            {
                for (String command = commands.readLine(); command != null; command = commands.readLine())
                {
                    final String answer = proxy.apply(command);
                    if (answer == null)
                    {
                        return;
                    }
                    if (answer.isEmpty())
                    {
                        Thread.sleep(5_000);
                        return;
                    }
                    answers.write((answer + "\n").getBytes(StandardCharsets.US_ASCII));
                    answers.flush();
                }
            }
            catch (final IOException | InterruptedException ex)
            {
                // the client has gone
            }
        }, "stand-in-hydra-proxy");
        server.setDaemon(true);
        server.start();
        try (HydraPmi pmi = new HydraPmi(fromProxyIn, toProxyOut, "PMI_FD=6"))
        {
            return pmi.ask(Duration.ofSeconds(1), pmiId);
        }
    }

    private static Map<String, String> with(final Map<String, String> env, final String variable, final String value)
    {
        env.put(variable, value);
        return env;
    }

    private static void assertMessage(final Map<String, String> env, final String expected,
        final Function<Map<String, String>, ?> read)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> read.apply(env));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    private static void assertMessage(final Map<String, String> env, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> HydraTask.of(env, NAMED));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    /** The variables MPICH 4.0's Hydra gives process {@code rank} of a 4-process job on host vm. */
    private static Map<String, String> process(final int rank)
    {
        final Map<String, String> env = new HashMap<>();
        env.put(HydraTask.RANK, Integer.toString(rank));
        env.put(HydraTask.SIZE, "4");
        env.put(HydraTask.FD, "6");
        env.put(HydraTask.LOCAL_RANK, Integer.toString(rank));
        env.put(HydraTask.LOCAL_SIZE, "4");
        env.put(HydraTask.HOSTNAME, "vm");
        env.put("HYDI_CONTROL_FD", "7");
        return env;
    }

    /** Process {@code rank} of 4, dealt round hosts host0 and host1 (Hydra's default). */
    private static Map<String, String> onTwoNodes(final int rank)
    {
        final Map<String, String> env = process(rank);
        env.put(HydraTask.LOCAL_RANK, Integer.toString(rank / 2));
        env.put(HydraTask.LOCAL_SIZE, "2");
        env.put(HydraTask.HOSTNAME, "host" + rank % 2);
        return env;
    }
}
