package io.colompi.colo;

import io.colompi.core.job.JobWiring;
import io.colompi.core.job.RuntimeSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Main class of a rank-host JVM, started by the launcher ({@link JobLauncher}): runs this JVM's ranks with
 * {@link ColocatedJob} and exits with their exit code.
 * <pre>
 * java ... io.colompi.colo.HostMain [--wiring-stdin] [--stats] [--no-tag] [--np N] [--ranks-per-jvm K] [--timeout S] --class-path CP [--] MainClass [args...]
 * </pre>
 * Started by a launcher, it finds its job in the environment through the first {@link Bootstrap} that applies
 * ({@link HostEnvironment}: job id, secret, shared-memory directory, layout, rendezvous; or a Slurm step's variables,
 * with {@code --ranks-per-jvm K} ranks per task), or with {@value #WIRING_STDIN} (started through a launch agent on
 * another node) on its stdin, and runs only its own ranks: it connects to the launcher, builds its engines,
 * registers and waits at the fence, runs the ranks, reports {@code DONE} and exits. An {@code ABORT} from the launcher
 * ends its ranks with the launcher's code; the end of the launcher's connection halts it at once (after removing
 * the job's shared-memory directory). Without that environment (started by hand) it runs all {@code --np} ranks
 * alone, with {@code --timeout}.
 * <p>
 * A rank that calls {@code System.exit(n)} ends the JVM with {@code n}; a shutdown hook emits the ranks' partial
 * output lines and tells the launcher which rank exited, and whether it had completed {@code MPI.Finalize}. If it
 * had, the hook lets this JVM's other ranks end first (they run on while the JVM shuts down), and the JVM reports
 * them as usual: a program that ends with {@code MPI.Finalize(); System.exit(0);} ends as one returning from
 * {@code main}. Before {@code MPI.Finalize}, the job ends at once, and {@code System.exit(0)} is then a failure.
 * The {@code mpi} API given to each rank is the jar or directory named by system property
 * {@value #API_PATH_PROPERTY}, else wherever {@code mpi/MPI.class} is on this JVM's class path.
 */
public final class HostMain
{
    public static final String API_PATH_PROPERTY = "colompi.api.path";
    /** The option that makes a rank host read its job from stdin (started through a launch agent). */
    static final String WIRING_STDIN = "--wiring-stdin";
    /** Exit status of a bad command line or environment. */
    static final int EXIT_USAGE = 2;
    /** Exit status of a rank host that lost its launcher (nobody reads it: the launcher is gone). */
    static final int EXIT_LAUNCHER_LOST = 1;
    /** How often a JVM that a finalized rank's {@code System.exit} is ending looks for other ranks stalled in it. */
    private static final long EXIT_POLL_MS = 10;

    private static final String USAGE = "usage: HostMain [--wiring-stdin] [--stats] [--no-tag] [--np N] [--ranks-per-jvm K] [--timeout S] " +
        "--class-path CP [--] MainClass [args...]";

    private boolean wiringOnStdin;
    /** Ranks of this JVM where the way it was started leaves that open (a Slurm task); 0: not given. */
    private int ranksPerJvm;
    private boolean stats;
    private boolean tag = true;
    private int np;
    private long timeoutSeconds;
    private String classPath;
    private String mainClass;
    private List<String> args = List.of();

    private volatile boolean exitingByOwnChoice;
    /** Counted down, with {@link #ownCode} set, when {@code main} has reported this JVM's ranks and is exiting. */
    private final CountDownLatch ownEnd = new CountDownLatch(1);
    /** The thread of {@code main}, which counts {@link #ownEnd} down. */
    private final Thread mainThread = Thread.currentThread();
    private volatile int ownCode;
    private volatile boolean ranksLeftRunning;
    private volatile ColocatedJob job;
    private volatile RendezvousClient launcher;
    private volatile JobWiring wiring;
    private volatile String launcherAbortReason;
    /** The job's directory on this node where no launcher removes it; removed if the JVM is stopped. */
    private volatile Path nodeDirectory;

    private HostMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            RuntimeSettings.ofJvm();
        }
        catch (final IllegalArgumentException ex)
        {
            // a -J-Dcolompi.* value that does not parse: one line, before any rank starts
            System.err.println("colompi: " + ex.getMessage());
            System.exit(EXIT_USAGE);
        }
        final HostMain host = new HostMain();
        Runtime.getRuntime().addShutdownHook(new Thread(host::onShutdown, "colompi-host-exit"));
        int code;
        try
        {
            host.parse(args);
            code = host.run();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("colompi: " + ex.getMessage());
            System.err.println(USAGE);
            code = EXIT_USAGE;
        }
        catch (final InterruptedException ex)
        {
            code = ColocatedJob.EXIT_FAILURE;
        }
        catch (final Exception ex)
        {
            // Starting the ranks failed (a transport could not map its files, ...): nothing to add if the job was
            // aborted meanwhile (the failure that ended it removed them).
            if (host.launcherAbortReason == null)
            {
                System.err.println("colompi: this JVM could not run its ranks: " + ex);
                System.err.println(stackTrace(ex));
            }
            code = ColocatedJob.EXIT_FAILURE;
        }
        System.out.flush();
        System.err.flush();
        host.exitingByOwnChoice = true;
        host.ownCode = code;
        host.ownEnd.countDown();
        if (host.ranksLeftRunning)
        {
            // Their state may block shutdown hooks for ever; output is flushed, so stop here.
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    private void parse(final String[] argv)
    {
        int i = 0;
        while (i < argv.length && mainClass == null)
        {
            final String arg = argv[i++];
            switch (arg)
            {
                case WIRING_STDIN -> wiringOnStdin = true;
                case "--stats" -> stats = true;
                case "--no-tag" -> tag = false;
                case "--np" -> np = Integer.parseInt(value(argv, i++, arg));
                case "--ranks-per-jvm" -> ranksPerJvm = positive(value(argv, i++, arg), arg);
                case "--timeout" -> timeoutSeconds = Long.parseLong(value(argv, i++, arg));
                case "--class-path" -> classPath = value(argv, i++, arg);
                case "--" -> mainClass = value(argv, i++, "--");
                default ->
                {
                    if (arg.startsWith("--"))
                    {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    mainClass = arg;
                }
            }
        }
        if (mainClass == null)
        {
            throw new IllegalArgumentException("missing MainClass");
        }
        if (classPath == null)
        {
            throw new IllegalArgumentException("missing --class-path");
        }
        args = List.of(argv).subList(i, argv.length);
    }

    private static int positive(final String value, final String option)
    {
        try
        {
            final int parsed = Integer.parseInt(value);
            if (parsed >= 1)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Said below.
        }
        throw new IllegalArgumentException(option + " must be a positive number, got " + value);
    }

    private static String value(final String[] argv, final int index, final String option)
    {
        if (index >= argv.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return argv[index];
    }

    private int run() throws InterruptedException
    {
        final ColocatedJob.Builder builder = ColocatedJob.builder()
            .mainClass(mainClass)
            .args(args)
            .classPath(LaunchSpec.parseClassPath(classPath))
            .tagOutput(tag);
        final String apiPath = System.getProperty(API_PATH_PROPERTY);
        if (apiPath != null)
        {
            if (!Files.exists(Path.of(apiPath)))
            {
                throw new IllegalArgumentException(API_PATH_PROPERTY + "=" + apiPath + " does not exist");
            }
            builder.apiPath(Path.of(apiPath));
        }
        else
        {
            ColocatedJob.locateApi(ClassLoader.getSystemClassLoader()).ifPresent(builder::apiPath);
        }
        final Optional<Bootstrap.Membership> joined;
        try
        {
            joined = wiringOnStdin ? Optional.of(Bootstrap.Membership.launched(readWiringFromStdin(), true)) :
                join(System.getenv());
        }
        catch (final IOException ex)
        {
            System.err.println("colompi: cannot join the job: " + ex.getMessage());
            return ColocatedJob.EXIT_FAILURE;
        }
        catch (final IllegalArgumentException ex)
        {
            // the launcher's variables are missing or disagree: not this command line's fault, so no usage line
            System.err.println("colompi: cannot join the job: " + ex.getMessage());
            return EXIT_USAGE;
        }
        if (joined.isEmpty())
        {
            final int ranks = np > 0 ? np : ranksPerJvm;
            if (ranks < 1)
            {
                throw new IllegalArgumentException("--np N is needed without a launcher");
            }
            job = builder.np(ranks).timeout(Duration.ofSeconds(timeoutSeconds)).build();
            final JobResult result = job.run();
            report(result);
            return result.exitCode();
        }
        return runMember(builder, joined.get());
    }

    /** The job this JVM's environment describes, joined through the first {@link Bootstrap} that applies. */
    private Optional<Bootstrap.Membership> join(final Map<String, String> env) throws IOException
    {
        final Optional<Bootstrap> bootstrap = Bootstrap.detect(env);
        if (bootstrap.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(bootstrap.get().join(env, Math.max(1, ranksPerJvm)));
    }

    /**
     * Run this JVM's share of the job. A JVM whose node has no launcher (started through a launch agent or by a
     * scheduler) shares the job's directory with the node's other JVMs: it creates it if needed and the last one
     * removes it (any one, if the job failed: the others are ending too).
     */
    private int runMember(final ColocatedJob.Builder builder, final Bootstrap.Membership member) throws InterruptedException
    {
        final HostEnvironment wired = member.wiring();
        final Path jobDir = wired.jobDir();
        if (member.nodeDirectory())
        {
            try
            {
                JobDirectory.ensure(jobDir);
            }
            catch (final IOException ex)
            {
                System.err.println("colompi: JVM " + wired.jvm() + " cannot create the job's directory " + jobDir +
                    " on this host: " + ex);
                closeQuietly(member.service());
                return ColocatedJob.EXIT_FAILURE;
            }
            nodeDirectory = jobDir;
        }
        int code = ColocatedJob.EXIT_FAILURE;
        try
        {
            code = runWired(builder, wired);
            return code;
        }
        finally
        {
            // The others' rendezvous, if this JVM serves it, stays until they are done.
            closeQuietly(member.service());
            if (member.nodeDirectory())
            {
                if (code == 0)
                {
                    JobDirectory.removeIfEmpty(jobDir);
                }
                else
                {
                    JobDirectory.remove(jobDir);
                }
            }
        }
    }

    private static void closeQuietly(final AutoCloseable service)
    {
        try
        {
            service.close();
        }
        catch (final Exception ex)
        {
            System.err.println("colompi: could not close " + service + ": " + ex);
        }
    }

    /** The job the launcher wrote to stdin ({@link HostEnvironment#readLines}); what follows is the program's stdin. */
    private static HostEnvironment readWiringFromStdin()
    {
        try
        {
            return HostEnvironment.readLines(System.in);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(WIRING_STDIN + ": " + ex.getMessage(), ex);
        }
    }

    /** Run this JVM's share of a launched job, under the launcher's control. */
    private int runWired(final ColocatedJob.Builder builder, final HostEnvironment env) throws InterruptedException
    {
        final int jvm = env.jvm();
        final JobLayout layout = env.layout();
        final RendezvousClient client;
        try
        {
            client = RendezvousClient.connect(env.rendezvous(), env.jobId(), env.secret(), jvm,
                ProcessHandle.current().pid(), new LauncherOrders(env));
        }
        catch (final IOException ex)
        {
            System.err.println("colompi: JVM " + jvm + " cannot reach its launcher at " +
                HostEnvironment.formatAddresses(env.rendezvous()) + ": " + ex.getMessage());
            // The launcher is gone (or will see this JVM exit and end the job): nobody else may remove it.
            JobDirectory.remove(env.jobDir());
            return ColocatedJob.EXIT_FAILURE;
        }
        launcher = client;
        wiring = new JobWiring(env.jobId(), env.secret(), jvm, env.jobDir(), client.localAddress(), client);
        final ColocatedJob colocated = builder
            .placement(layout.placement())
            .localRanks(layout.ranksOf(jvm))
            // Transports publish this JVM's endpoints while the engines are built; the fence completes the table.
            .wiring(wiring)
            .beforeStart(this::fence)
            .onEnd(this::ending)
            .build();
        job = colocated;
        if (launcherAbortReason != null)
        {
            colocated.end(ColocatedJob.EXIT_FAILURE, launcherAbortReason);
        }
        JobResult result = null;
        int code;
        String message;
        try
        {
            result = colocated.run();
            code = result.exitCode();
            message = result.message();
        }
        catch (final RuntimeException ex)
        {
            code = ColocatedJob.EXIT_FAILURE;
            message = "JVM " + jvm + " (ranks " + layout.describeRanks(jvm) + ") could not start its ranks: " + ex;
            if (launcherAbortReason == null)
            {
                System.err.println("colompi: " + message);
                System.err.println(stackTrace(ex));
            }
        }
        if (result != null)
        {
            final boolean endedByLauncher = launcherAbortReason != null && launcherAbortReason.equals(result.message()) &&
                result.causeRank() < 0;
            if (!endedByLauncher)
            {
                report(result);
            }
            else
            {
                printStats(result);
                ranksLeftRunning = result.hasRunningRanks();
            }
        }
        System.out.flush();
        System.err.flush();
        client.done(code, message);
        client.close();
        return code;
    }

    /** The wire-up fence: this JVM's engines exist; register and wait for every other JVM's. */
    private void fence()
    {
        try
        {
            wiring.complete(launcher.register(wiring.published()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the wire-up fence", ex);
        }
    }

    /** A rank of this JVM failed or aborted: the launcher stops the other JVMs without waiting for ours to unwind. */
    private void ending(final int rank, final int code, final String message)
    {
        final RendezvousClient client = launcher;
        if (client != null && launcherAbortReason == null)
        {
            client.ending(code, message);
        }
    }

    private void report(final JobResult result)
    {
        if (!result.succeeded())
        {
            System.err.println("colompi: " + result.report().stripTrailing());
        }
        printStats(result);
        ranksLeftRunning = result.hasRunningRanks();
    }

    private void printStats(final JobResult result)
    {
        if (!stats)
        {
            return;
        }
        // One write, so the lines of this JVM stay together; ranks() is in rank order.
        final StringBuilder lines = new StringBuilder();
        for (final RankReport rank : result.ranks())
        {
            for (final TransportCount count : rank.transports())
            {
                lines.append("colompi stats: rank ").append(rank.rank()).append(' ').append(count.transport())
                    .append(" messages=").append(count.messages()).append(" bytes=").append(count.bytes())
                    .append(count.refused() > 0 ? " refused=" + count.refused() : "")
                    .append(System.lineSeparator());
            }
        }
        System.err.print(lines);
        System.err.flush();
    }

    /**
     * Shutdown hook: emit partial lines; if a rank (not this class) is ending the JVM, tell the launcher which. A rank
     * that completed {@code MPI.Finalize} ends as if its {@code main} had returned: {@code main} reports this JVM's
     * ranks once the others have ended, and the JVM exits with their code if they failed.
     */
    private void onShutdown()
    {
        TaggedOutput.flushInstalled();
        final RendezvousClient client = launcher;
        if (client != null && !exitingByOwnChoice)
        {
            final ColocatedJob current = job;
            final Thread exiting = threadCallingExit();
            final int rank = current == null || exiting == null ? -1 : current.rankOfThread(exiting);
            final boolean afterFinalize = rank >= 0 && current.finalizedOn(exiting);
            client.exiting(rank, afterFinalize);
            if (afterFinalize)
            {
                awaitOwnEnd(current);
                return;
            }
            client.close();
        }
        final Path directory = nodeDirectory;
        if (directory != null && !exitingByOwnChoice)
        {
            // Stopped (scancel, a time limit) or ended by a rank's System.exit: no launcher will clean up.
            JobDirectory.remove(directory);
        }
    }

    /**
     * Wait for {@code main} to report this JVM's ranks; their failure, if any, is this JVM's status (as is a
     * {@code main} that ended without getting there). A rank that calls {@code System.exit} meanwhile stalls in it:
     * it is counted as ended, as the first one is.
     */
    private void awaitOwnEnd(final ColocatedJob current)
    {
        try
        {
            do
            {
                current.settleRanksInExit();
                if (!mainThread.isAlive() && ownEnd.getCount() > 0)
                {
                    Runtime.getRuntime().halt(ColocatedJob.EXIT_FAILURE);
                }
            }
            while (!ownEnd.await(EXIT_POLL_MS, TimeUnit.MILLISECONDS));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        if (ownCode != 0)
        {
            Runtime.getRuntime().halt(ownCode);
        }
    }

    /** The thread in {@code System.exit}, or null. */
    private static Thread threadCallingExit()
    {
        for (final Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet())
        {
            if (ColocatedJob.inSystemExit(thread.getValue()))
            {
                return thread.getKey();
            }
        }
        return null;
    }

    private static String stackTrace(final Throwable ex)
    {
        final StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace, true));
        return trace.toString().stripTrailing();
    }

    /** What the launcher orders, on the control channel's thread. */
    private final class LauncherOrders implements RendezvousClient.Listener
    {
        private final HostEnvironment env;

        LauncherOrders(final HostEnvironment env)
        {
            this.env = env;
        }

        @Override
        public void abort(final int code, final String reason)
        {
            launcherAbortReason = reason;
            final ColocatedJob current = job;
            if (current != null)
            {
                current.end(code, reason);
            }
        }

        @Override
        public void launcherLost(final String why)
        {
            // Nobody will collect our output or stop us: clean up what we can and stop now, without hooks.
            JobDirectory.remove(env.jobDir());
            System.err.println("colompi: JVM " + env.jvm() + " lost its launcher (" + why + "); halting");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_LAUNCHER_LOST);
        }
    }
}
