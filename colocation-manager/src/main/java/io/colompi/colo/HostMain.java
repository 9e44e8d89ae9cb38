package io.colompi.colo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Main class of a rank-host JVM, started by the launchers: runs this JVM's ranks with {@link ColocatedJob} and
 * exits with the job's exit code. A rank that calls {@code System.exit(n)} ends the JVM, and so the job, with
 * {@code n}; a shutdown hook still emits the ranks' partial output lines.
 * <p>
 * The {@code mpi} API given to each rank is the jar or directory named by system property
 * {@value #API_PATH_PROPERTY}, else wherever {@code mpi/MPI.class} is on this JVM's class path.
 */
@Command(
    name = "colompi-host",
    description = "Runs the ranks of one JVM of a colompi job (started by colorun / mpjrun.sh).")
public final class HostMain implements Callable<Integer>
{
    public static final String API_PATH_PROPERTY = "colompi.api.path";

    @Option(names = "--np", required = true, paramLabel = "N", description = "Number of ranks.")
    private int np;

    @Option(names = "--class-path", required = true, paramLabel = "CP", description = "The program's class path.")
    private String classPath;

    @Option(names = "--stats", description = "Print what each rank sent per transport at the end (stderr).")
    private boolean stats;

    @Option(names = "--no-tag", description = "Do not prefix output lines with [rank].")
    private boolean noTag;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "End the job after this long (0: never).")
    private long timeoutSeconds;

    @Parameters(index = "0", paramLabel = "MainClass")
    private String mainClass;

    @Parameters(index = "1..*", paramLabel = "args")
    private List<String> args = new ArrayList<>();

    private volatile boolean ranksLeftRunning;

    public static void main(final String[] args)
    {
        Runtime.getRuntime().addShutdownHook(new Thread(TaggedOutput::flushInstalled, "colompi-flush-output"));
        final HostMain host = new HostMain();
        final int code = new CommandLine(host).setStopAtPositional(true).setExpandAtFiles(false).execute(args);
        System.out.flush();
        System.err.flush();
        if (host.ranksLeftRunning)
        {
            // Their state may block shutdown hooks for ever; output is flushed, so stop here.
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final ColocatedJob.Builder job = ColocatedJob.builder()
            .np(np)
            .mainClass(mainClass)
            .args(args)
            .classPath(LaunchSpec.parseClassPath(classPath))
            .tagOutput(!noTag)
            .timeout(Duration.ofSeconds(timeoutSeconds));
        final String apiPath = System.getProperty(API_PATH_PROPERTY);
        if (apiPath != null)
        {
            if (!Files.exists(Path.of(apiPath)))
            {
                System.err.println("colompi: " + API_PATH_PROPERTY + "=" + apiPath + " does not exist");
                return CommandLine.ExitCode.USAGE;
            }
            job.apiPath(Path.of(apiPath));
        }
        else
        {
            ColocatedJob.locateApi(ClassLoader.getSystemClassLoader()).ifPresent(job::apiPath);
        }
        final JobResult result = job.run();
        if (!result.succeeded())
        {
            System.err.println("colompi: " + result.report().stripTrailing());
        }
        if (stats)
        {
            for (final RankReport rank : result.ranks())
            {
                for (final TransportCount count : rank.transports())
                {
                    System.err.println("colompi stats: rank " + rank.rank() + " " + count.transport() +
                        " messages=" + count.messages() + " bytes=" + count.bytes());
                }
            }
        }
        ranksLeftRunning = result.hasRunningRanks();
        return result.exitCode();
    }
}
