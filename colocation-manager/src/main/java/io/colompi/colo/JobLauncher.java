package io.colompi.colo;

import io.colompi.core.job.RuntimeSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Launches a job on real rank-host JVMs and reports how it ended: what {@code colorun} does, usable in-process
 * (tests of other modules, benchmarks) without {@code System.exit}. {@code np} ranks run in {@code ceil(np / K)}
 * JVMs of {@code K} ranks each ({@link JobLayout#blocks}) on this machine, or node by node on pretend nodes
 * ({@link Builder#virtualNodes}) or on the hosts of a host file ({@link Builder#hostfile}); each JVM runs
 * {@link HostMain}.
 * <pre>{@code
 * LaunchResult result = JobLauncher.builder()
 *     .np(4).ranksPerJvm(2)
 *     .classPath(List.of(programClasses)).mainClass("Hello").args("a")
 *     .apiPath(ColocatedJob.codeSourceOf(mpi.MPI.class))
 *     .timeout(Duration.ofSeconds(30))
 *     .run();
 * assertEquals(0, result.exitCode(), result::toString);
 * }</pre>
 * The rank hosts run this JVM's {@code java} with this JVM's class path (override with {@link Builder#hostClassPath})
 * and every {@code colompi.*} system property of this JVM. Output is captured (see {@link LaunchResult}).
 */
public final class JobLauncher
{
    /** Every JVM that runs Agrona needs it (see the root pom's colompi.jvm.exports). */
    static final List<String> REQUIRED_JVM_OPTIONS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private final LaunchSpec spec;
    private final Path apiPath;
    private final List<Path> hostClassPath;
    private final PrintStream echoOut;
    private final PrintStream echoErr;
    private final boolean capture;
    private final boolean stdinToFirstJvm;
    /** What the rank hosts start from (a class-data archive or Java 25's AOT cache); null where it is off. */
    private final StartupCache startupCache;

    private JobLauncher(
        final LaunchSpec spec, final Path apiPath, final List<Path> hostClassPath, final PrintStream echoOut,
        final PrintStream echoErr, final boolean capture, final boolean stdinToFirstJvm)
    {
        this.spec = spec;
        this.apiPath = apiPath;
        this.hostClassPath = hostClassPath;
        this.echoOut = echoOut;
        this.echoErr = echoErr;
        this.capture = capture;
        this.stdinToFirstJvm = stdinToFirstJvm;
        this.startupCache = StartupCache.of(hostClassPath(), spec.jvmOptions());
    }

    /** The launcher of {@code colorun} and {@code mpjrun.sh}: output straight to {@code out}/{@code err}, stdin to JVM 0. */
    static JobLauncher forCommandLine(final LaunchSpec spec, final PrintStream out, final PrintStream err)
    {
        return new JobLauncher(spec, null, null, out, err, false, true);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** The job's placement of ranks into JVMs and nodes. */
    public JobLayout layout()
    {
        return spec.layout();
    }

    /**
     * Start the job: create its shared-memory directory, serve its rendezvous and start every rank host. Returns at
     * once; the job runs (and is watched) on its own threads.
     */
    public RunningJob start() throws IOException
    {
        return RunningJob.start(this);
    }

    /**
     * Start the job and wait for its end; interrupting the caller stops the job. A job that trained the start-up
     * cache ({@link StartupCache}) puts it in place before returning.
     */
    public LaunchResult run() throws IOException, InterruptedException
    {
        try
        {
            return start().await();
        }
        finally
        {
            if (startupCache != null)
            {
                startupCache.assemble(REQUIRED_JVM_OPTIONS);
            }
        }
    }

    LaunchSpec spec()
    {
        return spec;
    }

    PrintStream echoOut()
    {
        return echoOut;
    }

    PrintStream echoErr()
    {
        return echoErr;
    }

    boolean capture()
    {
        return capture;
    }

    boolean stdinToFirstJvm()
    {
        return stdinToFirstJvm;
    }

    /**
     * The command line of every rank host: {@code java} of this JVM's {@code java.home}, this JVM's {@code colompi.*}
     * system properties, the user's JVM options (which may override them), then {@link HostMain} with the program.
     * Its job comes in its environment, or with {@code wiringOnStdin} (a JVM started through a launch agent) on its
     * stdin. It starts from the {@link StartupCache}, or trains it if it is the {@code cacheTrainer}. Its compiler
     * options ({@link JitOptions}) are those of the node of JVM {@code jvm}, its young generation ({@link HeapOptions})
     * that of its ranks.
     */
    List<String> hostCommand(final boolean wiringOnStdin, final boolean cacheTrainer, final int jvm)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(REQUIRED_JVM_OPTIONS);
        final JobLayout layout = spec.layout();
        final int node = layout.nodeOfJvm(jvm);
        final int machineCpus = spec.nodes().hosts().isEmpty() ? Runtime.getRuntime().availableProcessors() : 0;
        command.addAll(JitOptions.forHost(layout.ranksOf(jvm).length, layout.ranksOnNode(node), nodeCpus(node),
            machineCpus, JitOptions.mode(spec.jvmOptions())));
        command.addAll(HeapOptions.forJvm(layout.ranksOf(jvm).length, spec.jvmOptions()));
        if (startupCache != null)
        {
            command.addAll(startupCache.jvmOptions(cacheTrainer));
        }
        // before the launcher's own colompi.* properties and the user's options, which may override it
        spec.nodes().sharedCpus().ifPresent(cpus -> command.add("-D" + RuntimeSettings.NODE_CPUS + "=" + cpus));
        for (final String name : new TreeSet<>(System.getProperties().stringPropertyNames()))
        {
            if (name.startsWith("colompi.") && !(apiPath != null && name.equals(HostMain.API_PATH_PROPERTY)))
            {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        if (apiPath != null)
        {
            command.add("-D" + HostMain.API_PATH_PROPERTY + "=" + apiPath.toAbsolutePath());
        }
        command.addAll(spec.jvmOptions());
        command.add("-cp");
        command.add(hostClassPath());
        command.add(HostMain.class.getName());
        if (wiringOnStdin)
        {
            command.add(HostMain.WIRING_STDIN);
        }
        if (spec.stats())
        {
            command.add("--stats");
        }
        if (!spec.tagOutput())
        {
            command.add("--no-tag");
        }
        command.add("--class-path");
        command.add(LaunchSpec.joinClassPath(spec.classPath()));
        command.add("--");
        command.add(spec.mainClass());
        command.addAll(spec.args());
        return command;
    }

    /** The CPUs {@code node}'s ranks count on: a user's {@code -J-Dcolompi.node.cpus}, as theirs do, else the node's. */
    private int nodeCpus(final int node)
    {
        final String option = "-D" + RuntimeSettings.NODE_CPUS + "=";
        final List<String> userOptions = spec.jvmOptions();
        for (int i = userOptions.size() - 1; i >= 0; i--)
        {
            if (userOptions.get(i).startsWith(option))
            {
                try
                {
                    return Integer.parseInt(userOptions.get(i).substring(option.length()));
                }
                catch (final NumberFormatException notANumber)
                {
                    break; // the rank host refuses it with its own words
                }
            }
        }
        return spec.nodes().cpus(node);
    }

    /** The class path of every rank host. */
    private String hostClassPath()
    {
        return hostClassPath != null ? LaunchSpec.joinClassPath(hostClassPath) : System.getProperty("java.class.path");
    }

    /** Describes a job to launch; {@link #np}, {@link #mainClass} and {@link #classPath} are required. */
    public static final class Builder
    {
        private int np;
        private Integer ranksPerJvm;
        private String mainClass;
        private List<String> args = List.of();
        private List<Path> classPath;
        private Path apiPath;
        private List<Path> hostClassPath;
        private Duration timeout = Duration.ZERO;
        private boolean stats;
        private boolean tagOutput = true;
        private final List<String> jvmOptions = new ArrayList<>();
        private Path workDir;
        private int virtualNodes = 1;
        private List<HostSlots> hosts = List.of();
        private String launchAgent = LaunchAgent.DEFAULT;
        private InetAddress launcherAddress;
        private JobLayout placement;

        private Builder()
        {
        }

        public Builder np(final int np)
        {
            this.np = np;
            return this;
        }

        /** Ranks per JVM (default: all in one JVM); the last JVM gets the remainder. */
        public Builder ranksPerJvm(final int ranksPerJvm)
        {
            this.ranksPerJvm = ranksPerJvm;
            return this;
        }

        /** Run the ranks where {@code placement} says (a {@link PlacementFile}) instead of in blocks. */
        public Builder placement(final JobLayout placement)
        {
            this.placement = placement;
            return this;
        }

        /** Journal every MPI call of every rank into {@code directory} ({@code colorun --trace}). */
        public Builder trace(final Path directory)
        {
            jvmOptions.addAll(TraceOptions.jvmOptions(TraceOptions.prepare(directory)));
            return this;
        }

        public Builder mainClass(final String mainClass)
        {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            return this;
        }

        public Builder mainClass(final Class<?> mainClass)
        {
            return mainClass(mainClass.getName());
        }

        public Builder args(final List<String> args)
        {
            this.args = List.copyOf(args);
            return this;
        }

        public Builder args(final String... args)
        {
            return args(List.of(args));
        }

        /** The program's class path, loaded once per rank. */
        public Builder classPath(final List<Path> classPath)
        {
            this.classPath = List.copyOf(classPath);
            return this;
        }

        public Builder classPath(final Path... classPath)
        {
            return classPath(List.of(classPath));
        }

        /** The {@code mpi} API (jar or directory), loaded once per rank; default: property {@code colompi.api.path}, else found on the host class path. */
        public Builder apiPath(final Path apiPath)
        {
            this.apiPath = Objects.requireNonNull(apiPath, "apiPath");
            return this;
        }

        /** The rank hosts' own class path (colocation-manager, mpi-core, transports); default: this JVM's. */
        public Builder hostClassPath(final List<Path> hostClassPath)
        {
            this.hostClassPath = List.copyOf(hostClassPath);
            return this;
        }

        /** End the job with status 124 after this long (from the launch); {@link Duration#ZERO}: never (default). */
        public Builder timeout(final Duration timeout)
        {
            if (timeout.isNegative())
            {
                throw new IllegalArgumentException("timeout must not be negative: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Each JVM prints its ranks' per-transport counters to stderr at the end. */
        public Builder stats(final boolean stats)
        {
            this.stats = stats;
            return this;
        }

        /** Prefix output lines with {@code [rank] } (default on). */
        public Builder tagOutput(final boolean tagOutput)
        {
            this.tagOutput = tagOutput;
            return this;
        }

        /** A JVM option for every rank host, e.g. {@code -Xmx256m} or {@code -Dcolompi.wait=spin}. */
        public Builder jvmOption(final String option)
        {
            jvmOptions.add(option);
            return this;
        }

        public Builder jvmOptions(final List<String> options)
        {
            jvmOptions.addAll(options);
            return this;
        }

        /** Working directory of the rank hosts; default: this JVM's. */
        public Builder workDir(final Path workDir)
        {
            this.workDir = workDir;
            return this;
        }

        /**
         * Run the ranks on {@code count} pretend nodes of this machine: contiguous blocks of ranks, each in JVMs of
         * {@link #ranksPerJvm} ranks; ranks on different pretend nodes talk over the network transport (loopback).
         */
        public Builder virtualNodes(final int count)
        {
            this.virtualNodes = count;
            return this;
        }

        /**
         * Run the ranks on the hosts of {@code hostfile} (see {@code colorun --hostfile}), filling each host's slots in
         * order; JVMs on other hosts start through the {@link #launchAgent}.
         *
         * @throws IllegalArgumentException if the file is malformed (the message names the line).
         */
        public Builder hostfile(final Path hostfile) throws IOException
        {
            this.hosts = Hostfile.read(hostfile);
            return this;
        }

        /** How JVMs start on other hosts: a command template with {@code {host}} (default {@value LaunchAgent#DEFAULT}). */
        public Builder launchAgent(final String template)
        {
            this.launchAgent = Objects.requireNonNull(template, "template");
            return this;
        }

        /** The address JVMs on other hosts reach the launcher at (default: try each of this machine's addresses). */
        public Builder launcherAddress(final InetAddress address)
        {
            this.launcherAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        public JobLauncher build()
        {
            if (np < 1)
            {
                throw new IllegalArgumentException("np must be at least 1, np=" + np);
            }
            final int perJvm = ranksPerJvm != null ? ranksPerJvm : np;
            if (perJvm < 1)
            {
                throw new IllegalArgumentException("ranksPerJvm must be at least 1, ranksPerJvm=" + perJvm);
            }
            Objects.requireNonNull(mainClass, "mainClass");
            Objects.requireNonNull(classPath, "classPath");
            final List<Path> absolute = classPath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            if (virtualNodes != 1 && !hosts.isEmpty())
            {
                throw new IllegalArgumentException("hostfile and virtualNodes exclude each other");
            }
            if (virtualNodes < 1 || virtualNodes > np)
            {
                throw new IllegalArgumentException("virtualNodes must be 1 .. np (each node needs a rank), virtualNodes=" +
                    virtualNodes + ", np=" + np);
            }
            final JobNodes nodes = hosts.isEmpty() ? JobNodes.virtual(virtualNodes) :
                JobNodes.hosts(hosts, LaunchAgent.parse(launchAgent), launcherAddress);
            if (placement != null && placement.np() != np)
            {
                throw new IllegalArgumentException("the placement has " + placement.np() + " ranks, np=" + np);
            }
            final LaunchSpec spec = new LaunchSpec(
                np, Math.min(perJvm, np), stats, tagOutput, timeout, absolute, mainClass, args, jvmOptions, workDir, nodes,
                placement);
            return new JobLauncher(spec, apiPath, hostClassPath, null, null, true, false);
        }

        public RunningJob start() throws IOException
        {
            return build().start();
        }

        public LaunchResult run() throws IOException, InterruptedException
        {
            return build().run();
        }
    }
}
