package io.colompi.colo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;

/**
 * The {@code colorun} launcher:
 * {@code colorun -np N [--ranks-per-jvm K] [--hostfile F [--launch-agent T] [--launcher-address A] | --virtual-nodes M]
 * [--bind-to core] [--stats] [--no-tag] [--timeout S] [-cp CP | -jar app.jar] [-J<opt>]... MainClass [args...]}.
 * Everything after the main class (or after the jar, with {@code -jar}) goes to the program unchanged.
 * Exits with the job's status; 2 for a bad command line.
 */
@Command(
    name = "colorun",
    separator = " ",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Runs an MPI program (mpiJava 1.2 / MPJ Express API): ranks are threads of JVMs of K ranks each, " +
        "on this machine or on the hosts of a host file.")
public final class Colorun implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    /** Read by transport-rdma's {@code AeronSettings} in every rank JVM. */
    static final String AERON_DIR_PROPERTY = "colompi.aeron.dir";

    @Option(names = { "-np", "-n" }, required = true, paramLabel = "N", description = "Number of ranks.")
    private int np;

    @Option(names = "--ranks-per-jvm", paramLabel = "K", description = "Ranks per JVM (default: N, all in one JVM; 1: a JVM per rank).")
    private Integer ranksPerJvm;

    @Option(
        names = "--hostfile", paramLabel = "FILE",
        description = "Run the ranks on these hosts: a line per host, 'host slots=N' (Open MPI) or 'host:N' (MPICH) " +
            "or just 'host' (1 slot); '#' comments. Each host's slots fill in order, K ranks per JVM; past the total " +
            "slots, the extra ranks go round the hosts one at a time (oversubscribed).")
    private Path hostfile;

    @Option(
        names = "--launch-agent", paramLabel = "TEMPLATE",
        description = "How to start a JVM on a host of the --hostfile; {host} is the host (default: '" +
            LaunchAgent.DEFAULT + "'). ssh/rsh get one shell command line, other agents (e.g. 'ip netns exec {host}', " +
            "'docker exec -i {host}') the command's words.")
    private String launchAgent;

    @Option(
        names = "--launcher-address", paramLabel = "ADDRESS",
        description = "The address JVMs on other hosts reach this launcher at (default: each IPv4 address of this " +
            "machine in turn).")
    private String launcherAddress;

    @Option(
        names = "--virtual-nodes", paramLabel = "M",
        description = "Pretend this machine is M nodes: the ranks in M contiguous blocks, K per JVM within each; " +
            "ranks on different pretend nodes talk over the network transport (loopback).")
    private Integer virtualNodes;

    @Option(
        names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the Aeron media driver already running on each node in DIR (e.g. java io.aeron.driver.MediaDriver) " +
            "instead of one embedded in every rank JVM.")
    private String aeronDir;

    @Option(
        names = "--oversubscribe",
        description = "Inside a Slurm allocation: run more ranks than it has tasks (default: refuse).")
    private boolean oversubscribe;

    @Option(
        names = "--placement", paramLabel = "FILE",
        description = "Run the ranks where FILE says: a line per JVM listing its ranks ('0 4 1-2'), optionally " +
            "'node=N'; '#' comments (written by 'colotrace place', or by hand). Replaces the blocks of --ranks-per-jvm, " +
            "which then bounds the ranks of a line.")
    private Path placement;

    @Option(
        names = "--trace", paramLabel = "DIR",
        description = "Journal every MPI call of every rank (a Chronicle Queue per rank under DIR/jvm-J/); " +
            "'colotrace report DIR' shows it.")
    private Path trace;

    @Option(
        names = "--bind-to", paramLabel = "core|none",
        description = "core: pin each rank thread to a CPU of its own, as Open MPI binds processes (steadier long runs, " +
            "a longer warm-up); none (default): let Linux place them.")
    private String bindTo = "none";

    @Option(names = "--stats", description = "At the end, print what each rank sent per transport (stderr).")
    private boolean stats;

    @Option(names = "--no-tag", description = "Do not prefix output lines with [rank].")
    private boolean noTag;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "End the job with status 124 after this long.")
    private long timeoutSeconds;

    @Option(
        names = { "-cp", "-classpath", "--class-path" }, paramLabel = "CP",
        description = "The program's class path (default: $CLASSPATH, else the current directory).")
    private String classPath;

    @Option(
        names = "-jar", paramLabel = "JAR", parameterConsumer = JarAndProgramArgs.class,
        description = "Run the Main-Class of this jar; every argument after it goes to the program.")
    private Path jar;

    @Option(names = "-J", paramLabel = "OPTION", description = "An option for every rank JVM, e.g. -J-Xmx2g.")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Parameters(
        paramLabel = "MainClass [args...]", hideParamSyntax = true,
        description = "The class to run and its arguments (with -jar: the arguments only).")
    private List<String> command = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    /** Where colorun learns of a Slurm allocation. */
    private final Map<String, String> environment;

    Colorun(final PrintStream out, final PrintStream err)
    {
        this(out, err, System.getenv());
    }

    Colorun(final PrintStream out, final PrintStream err, final Map<String, String> environment)
    {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err));
    }

    /** Run {@code colorun} with {@code args}; the program's output goes to {@code out} and {@code err}. */
    static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        return commandLine(new Colorun(out, err)).execute(args);
    }

    static CommandLine commandLine(final Colorun colorun)
    {
        return new CommandLine(colorun)
            .setStopAtPositional(true)
            .setExpandAtFiles(false)
            .setOut(new PrintWriter(colorun.out, true))
            .setErr(new PrintWriter(colorun.err, true));
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        return JobLauncher.forCommandLine(launchSpec(), out, err).run().exitCode();
    }

    /** The job the command line describes; a {@link ParameterException} (status 2) if it is not a valid one. */
    LaunchSpec launchSpec() throws IOException
    {
        final CommandLine cl = spec.commandLine();
        if (np < 1)
        {
            throw new ParameterException(cl, "-np must be at least 1, got " + np);
        }
        final int perJvm = ranksPerJvm != null ? Math.min(ranksPerJvm, np) : np;
        if (perJvm < 1)
        {
            throw new ParameterException(cl, "--ranks-per-jvm must be at least 1, got " + ranksPerJvm);
        }
        if (timeoutSeconds < 0)
        {
            throw new ParameterException(cl, "--timeout must not be negative, got " + timeoutSeconds);
        }
        final List<Path> programClassPath;
        final String mainClass;
        final List<String> programArgs;
        if (jar != null)
        {
            if (classPath != null)
            {
                throw new ParameterException(cl, "-cp and -jar exclude each other (as for java)");
            }
            if (!Files.isRegularFile(jar))
            {
                throw new ParameterException(cl, "no such jar file: " + jar);
            }
            final ProgramJar program = ProgramJar.read(jar);
            if (program.mainClass() == null)
            {
                throw new ParameterException(cl, "no Main-Class in the manifest of " + jar);
            }
            programClassPath = program.classPath();
            mainClass = program.mainClass();
            programArgs = command;
        }
        else
        {
            if (command.isEmpty())
            {
                throw new ParameterException(cl, "missing MainClass (or -jar app.jar)");
            }
            programClassPath = LaunchSpec.parseClassPath(classPath != null ? classPath : LaunchSpec.defaultClassPath());
            mainClass = command.get(0);
            programArgs = command.subList(1, command.size());
        }
        final List<String> jvm = new ArrayList<>(jvmOptions);
        if (aeronDir != null)
        {
            jvm.add("-D" + AERON_DIR_PROPERTY + "=" + aeronDir);
        }
        final JobNodes nodes = nodes(cl);
        final JobLayout layout = placement == null ? null : placement(cl, nodes);
        if ("core".equals(bindTo))
        {
            if (virtualNodes != null)
            {
                throw new ParameterException(cl, "--bind-to core binds the ranks of a node to its CPUs; --virtual-nodes " +
                    "share this machine's");
            }
            jvm.add("-D" + CoreBinding.PROPERTY + "=core");
        }
        else if (!"none".equals(bindTo))
        {
            throw new ParameterException(cl, "--bind-to must be core or none, got '" + bindTo + "'");
        }
        try
        {
            JitOptions.mode(jvm);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(cl, ex.getMessage());
        }
        if (trace != null)
        {
            try
            {
                jvm.addAll(0, TraceOptions.jvmOptions(TraceOptions.prepare(trace)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ParameterException(cl, ex.getMessage());
            }
        }
        return new LaunchSpec(
            np, perJvm, stats, !noTag, Duration.ofSeconds(timeoutSeconds),
            programClassPath, mainClass, programArgs, jvm, null, nodes, layout);
    }

    /** The {@code --placement} map, checked against -np, the nodes and --ranks-per-jvm. */
    private JobLayout placement(final CommandLine cl, final JobNodes nodes)
    {
        if (!Files.isRegularFile(placement))
        {
            throw new ParameterException(cl, "no such placement file: " + placement);
        }
        try
        {
            return PlacementFile.read(placement, np, nodes.count(), ranksPerJvm != null ? ranksPerJvm : 0);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(cl, "--placement: " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new ParameterException(cl, "cannot read the placement file " + placement + ": " + ex.getMessage());
        }
    }

    /**
     * The nodes the options describe: {@code --hostfile} (with its agent and address), {@code --virtual-nodes}, the
     * Slurm allocation colorun runs in, or this machine.
     */
    private JobNodes nodes(final CommandLine cl)
    {
        if (hostfile == null && virtualNodes == null && launchAgent == null && SlurmAllocation.isAllocation(environment))
        {
            try
            {
                return SlurmAllocation.nodes(environment, np, oversubscribe, launcherAddress(cl));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ParameterException(cl, ex.getMessage());
            }
        }
        if (hostfile == null)
        {
            if (launchAgent != null || launcherAddress != null)
            {
                throw new ParameterException(cl, (launchAgent != null ? "--launch-agent" : "--launcher-address") +
                    " applies to the hosts of a --hostfile; there is none");
            }
            if (virtualNodes == null)
            {
                return JobNodes.THIS_MACHINE;
            }
            if (virtualNodes < 1 || virtualNodes > np)
            {
                throw new ParameterException(cl, "--virtual-nodes must be 1 .. N (" + np + ": each node needs a rank), got " +
                    virtualNodes);
            }
            return JobNodes.virtual(virtualNodes);
        }
        if (virtualNodes != null)
        {
            throw new ParameterException(cl, "--hostfile and --virtual-nodes exclude each other: the nodes are either " +
                "the hosts of the file or pretend nodes of this machine");
        }
        if (!Files.isRegularFile(hostfile))
        {
            throw new ParameterException(cl, "no such host file: " + hostfile);
        }
        final List<HostSlots> hosts;
        final LaunchAgent agent;
        try
        {
            hosts = Hostfile.read(hostfile);
            agent = LaunchAgent.parse(launchAgent != null ? launchAgent : LaunchAgent.DEFAULT);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(cl, ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new ParameterException(cl, "cannot read the host file " + hostfile + ": " + ex.getMessage());
        }
        return JobNodes.hosts(hosts, agent, launcherAddress(cl));
    }

    private InetAddress launcherAddress(final CommandLine cl)
    {
        if (launcherAddress == null)
        {
            return null;
        }
        try
        {
            return InetAddress.getByName(launcherAddress);
        }
        catch (final UnknownHostException ex)
        {
            throw new ParameterException(cl, "--launcher-address: unknown host " + launcherAddress);
        }
    }

    /** {@code -jar app.jar a b c}: as with {@code java -jar}, what follows the jar is the program's. */
    static final class JarAndProgramArgs implements IParameterConsumer
    {
        @Override
        public void consumeParameters(final Stack<String> args, final ArgSpec argSpec, final CommandSpec commandSpec)
        {
            if (args.isEmpty())
            {
                throw new ParameterException(commandSpec.commandLine(), "-jar needs a jar file");
            }
            argSpec.setValue(Path.of(args.pop()));
            final Colorun colorun = (Colorun)commandSpec.userObject();
            while (!args.isEmpty())
            {
                colorun.command.add(args.pop());
            }
        }
    }
}
