package mpi;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.JobResult;
import io.colompi.colo.LaunchResult;
import io.colompi.colo.testing.TestHosts;
import io.colompi.core.transport.TransportFactory;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs a test program on ranks as {@code colorun} would, in one of five placements: the program's {@code main}
 * uses the {@code mpi} API and asserts; an assertion failing in any rank fails the job.
 */
final class Ranks
{
    private static final Path API = ColocatedJob.codeSourceOf(MPI.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Path hostfile;

    /** Where the ranks of a job live; every program of the test suite runs in each. */
    enum Layout
    {
        /** All ranks in this JVM, each with its own class loader: the {@code local} transport only. */
        ONE_JVM(0, 1, 0),
        /** Two ranks per JVM: {@code local} between pairs, {@code shm} across JVMs. */
        TWO_PER_JVM(2, 1, 0),
        /** One rank per JVM, as classic MPI: {@code shm} only. */
        ONE_PER_JVM(1, 1, 0),
        /** Two pretend nodes on this machine ({@code --virtual-nodes 2}), two ranks per JVM: all three tiers. */
        TWO_VIRTUAL_NODES(2, 2, 0),
        /** Three hosts ({@link TestHosts}: network namespaces), two slots each, one rank per JVM: shm and aeron. */
        THREE_HOSTS(1, 1, 3);

        final int ranksPerJvm;
        final int virtualNodes;
        final int hosts;

        Layout(final int ranksPerJvm, final int virtualNodes, final int hosts)
        {
            this.ranksPerJvm = ranksPerJvm;
            this.virtualNodes = virtualNodes;
            this.hosts = hosts;
        }
    }

    /** How a job ended: its exit status and everything it said about it. */
    record Outcome(int exitCode, String report)
    {
        boolean says(final String text)
        {
            return report.contains(text);
        }
    }

    private Ranks()
    {
    }

    /** Run {@code program} on {@code np} ranks and require every rank to finish normally. */
    static Outcome run(final Layout layout, final int np, final Class<?> program, final String... args)
        throws Exception
    {
        final Outcome outcome = launch(layout, np, program, args);
        assertEquals(0, outcome.exitCode(), outcome::report);
        return outcome;
    }

    /**
     * {@link #run} with {@code jvmOptions} for every rank host (system properties such as {@code colompi.coll.*});
     * not in {@link Layout#ONE_JVM}, which runs in this JVM.
     */
    static Outcome runWith(final Layout layout, final int np, final List<String> jvmOptions, final Class<?> program,
        final String... args) throws Exception
    {
        final Outcome outcome = launch(layout, np, jvmOptions, program, args);
        assertEquals(0, outcome.exitCode(), outcome::report);
        return outcome;
    }

    /** Run {@code program} on {@code np} ranks and return how the job ended, whatever it was. */
    static Outcome launch(final Layout layout, final int np, final Class<?> program, final String... args)
        throws Exception
    {
        return launch(layout, np, List.of(), program, args);
    }

    private static Outcome launch(final Layout layout, final int np, final List<String> jvmOptions,
        final Class<?> program, final String... args) throws Exception
    {
        final Path classes = ColocatedJob.codeSourceOf(program);
        if (layout == Layout.ONE_JVM && !jvmOptions.isEmpty())
        {
            throw new IllegalArgumentException("JVM options for a job in this JVM: " + jvmOptions);
        }
        if (layout == Layout.ONE_JVM)
        {
            final JobResult result = ColocatedJob.builder()
                .np(np)
                .mainClass(program.getName())
                .args(args)
                .classPath(List.of(classes))
                .apiPath(API)
                .tagOutput(false)
                .timeout(TIMEOUT)
                .run();
            return new Outcome(result.exitCode(), result.report());
        }
        final JobLauncher.Builder job = JobLauncher.builder()
            .np(np)
            .ranksPerJvm(layout.ranksPerJvm)
            .virtualNodes(Math.min(layout.virtualNodes, np))
            .jvmOptions(jvmOptions);
        if (layout.hosts > 0)
        {
            job.hostfile(sharedHosts(layout.hosts)).launchAgent(TestHosts.LAUNCH_AGENT);
        }
        final LaunchResult result = job
            .mainClass(program)
            .args(args)
            .classPath(classes)
            .apiPath(API)
            .timeout(TIMEOUT)
            .run();
        return new Outcome(result.exitCode(), result.toString());
    }

    /**
     * The host file of {@code count} test hosts, two slots each, made on first use and shared by every job of this
     * test JVM (a network namespace takes a while to set up); removed when the JVM exits. Aborts the calling test
     * (an assumption) where the aeron transport is missing or namespaces cannot be made here.
     */
    private static synchronized Path sharedHosts(final int count) throws Exception
    {
        Assumptions.assumeTrue(
            StreamSupport.stream(ServiceLoader.load(TransportFactory.class).spliterator(), false)
                .anyMatch(factory -> factory.name().equals("aeron")),
            "the aeron transport (transport-rdma) is not on the class path: ranks on different hosts cannot talk");
        if (hostfile == null)
        {
            final TestHosts hosts = TestHosts.create(count);
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                try
                {
                    hosts.close();
                }
                catch (final Exception ex)
                {
                    ex.printStackTrace();
                }
            }));
            final Path file = Files.createTempFile("colompi-test-hosts", ".txt");
            file.toFile().deleteOnExit();
            hostfile = hosts.hostfile(file, 2);
        }
        return hostfile;
    }
}
