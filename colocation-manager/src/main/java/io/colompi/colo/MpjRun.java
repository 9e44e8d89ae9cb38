package io.colompi.colo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mpjrun.sh} for MPJ Express users, parsed as MPJ Express 0.44 parses it:
 * {@code mpjrun.sh [-np N] [-dev multicore] [-cp CP] [-wdir DIR] [JVM options] MainClass [args...]} or
 * {@code ... -jar app.jar [args...]}.
 * <ul>
 * <li>{@code -dev multicore} (the default) runs every rank in one JVM, as colorun does; {@code -dev niodev} runs
 * a JVM per rank ({@code colorun --ranks-per-jvm 1}); {@code -dev hybdev} runs one JVM per node, its ranks as
 * threads ({@code colorun --ranks-per-jvm N}).</li>
 * <li>{@code -machinesfile F} is a host file ({@code colorun --hostfile}; an MPJ Express machines file lists a host
 * per line, 1 slot each) for {@code niodev} and {@code hybdev}: JVMs on its hosts start through {@code ssh}. Without
 * it every JVM runs on this machine, so {@code hybdev} is then one JVM, as {@code multicore}. {@code multicore}
 * ignores it (one JVM by definition).</li>
 * <li>{@code -np} defaults to the number of cores; the current directory is appended to the class path, since
 * MPJ Express puts it there.</li>
 * <li>The daemon options ({@code -dport -mpjport -sport -psl -mxboardnum -headnodeip}) are accepted and ignored;
 * any other option before the program goes to the JVM ({@code -Xmx2g}, {@code -Dkey=value}).</li>
 * </ul>
 */
public final class MpjRun
{
    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: mpjrun.sh [options] MainClass [args...]",
        "       mpjrun.sh [options] -jar app.jar [args...]",
        "options:",
        "  -np N          number of ranks (default: number of cores)",
        "  -dev DEVICE    multicore (default; all ranks in one JVM), niodev (a JVM per rank), hybdev (a JVM per node)",
        "  -machinesfile F  hosts for niodev and hybdev (a host per line, 'host slots=N' or 'host:N'); started with ssh",
        "  -cp CP         class path (the current directory is appended)",
        "  -wdir DIR      working directory of the ranks",
        "  -h             show this help",
        "  -dport, -mpjport, -sport, -psl, -mxboardnum, -headnodeip VALUE: accepted, ignored",
        "  any other option before the program is a JVM option, e.g. -Xmx2g");

    private static final Set<String> IGNORED_WITH_VALUE =
        Set.of("-dport", "-mpjport", "-sport", "-psl", "-mxboardnum", "-headnodeip");

    /** A command line that cannot be run (malformed, or a device colompi lacks); status 2. */
    static final class UsageException extends Exception
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }

    private MpjRun()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        try
        {
            final Optional<LaunchSpec> spec = parse(args);
            if (spec.isEmpty())
            {
                out.println(USAGE);
                return 0;
            }
            return JobLauncher.forCommandLine(spec.get(), out, err).run().exitCode();
        }
        catch (final UsageException ex)
        {
            err.println("mpjrun.sh: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }
        catch (final IOException ex)
        {
            err.println("mpjrun.sh: " + ex);
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The job an {@code mpjrun.sh} command line describes; empty if it asks for help ({@code -h} or nothing). */
    static Optional<LaunchSpec> parse(final String[] args) throws UsageException, IOException
    {
        if (args.length == 0)
        {
            return Optional.empty();
        }
        int np = Runtime.getRuntime().availableProcessors();
        String device = "multicore";
        String classPath = null;
        Path workDir = null;
        Path machinesFile = null;
        Path jar = null;
        String mainClass = null;
        final List<String> jvmOptions = new ArrayList<>();
        int i = 0;
        while (i < args.length && mainClass == null && jar == null)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "-np" -> np = parseNp(value(args, i++));
                case "-dev" -> device = value(args, i++);
                case "-cp", "-classpath" -> classPath = value(args, i++);
                case "-wdir" -> workDir = Path.of(value(args, i++)).toAbsolutePath();
                case "-machinesfile" -> machinesFile = Path.of(value(args, i++));
                case "-jar" -> jar = Path.of(value(args, i++));
                case "-h" ->
                {
                    return Optional.empty();
                }
                default ->
                {
                    if (IGNORED_WITH_VALUE.contains(arg))
                    {
                        value(args, i++);
                    }
                    else if (arg.startsWith("-"))
                    {
                        jvmOptions.add(arg);
                    }
                    else
                    {
                        mainClass = arg;
                    }
                }
            }
            i++;
        }
        final Device dev = Device.parse(device);
        final List<Path> programClassPath = new ArrayList<>();
        if (jar != null)
        {
            if (!Files.isRegularFile(jar))
            {
                throw new UsageException("cannot find the jar file " + jar);
            }
            final ProgramJar program = ProgramJar.read(jar);
            if (program.mainClass() == null)
            {
                throw new UsageException("no Main-Class in the manifest of " + jar);
            }
            mainClass = program.mainClass();
            programClassPath.addAll(program.classPath());
        }
        else if (mainClass == null)
        {
            throw new UsageException("missing MainClass (or -jar app.jar)");
        }
        else
        {
            if (classPath != null)
            {
                programClassPath.addAll(LaunchSpec.parseClassPath(classPath));
            }
            programClassPath.add(Path.of("").toAbsolutePath());
        }
        final List<String> programArgs = List.of(args).subList(i, args.length);
        final JobNodes nodes = dev == Device.MULTICORE || machinesFile == null ? JobNodes.THIS_MACHINE : hosts(machinesFile);
        try
        {
            JitOptions.mode(jvmOptions);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException(ex.getMessage());
        }
        return Optional.of(new LaunchSpec(
            np, dev == Device.NIODEV ? 1 : np, false, true, Duration.ZERO, programClassPath, mainClass, programArgs,
            jvmOptions, workDir, nodes));
    }

    /** MPJ Express' devices: how many ranks a JVM hosts. */
    private enum Device
    {
        /** Every rank in one JVM. */
        MULTICORE,
        /** A JVM per rank. */
        NIODEV,
        /** A JVM per node, its ranks as threads. */
        HYBDEV;

        static Device parse(final String name) throws UsageException
        {
            return switch (name)
            {
                case "multicore" -> MULTICORE;
                case "niodev" -> NIODEV;
                case "hybdev" -> HYBDEV;
                default -> throw new UsageException("unknown device " + name + " (multicore, niodev or hybdev)");
            };
        }
    }

    /** The hosts of a machines file, started through ssh. */
    private static JobNodes hosts(final Path machinesFile) throws UsageException
    {
        if (!Files.isRegularFile(machinesFile))
        {
            throw new UsageException("no such machines file: " + machinesFile);
        }
        try
        {
            return JobNodes.hosts(Hostfile.read(machinesFile), LaunchAgent.parse(LaunchAgent.DEFAULT), null);
        }
        catch (final IllegalArgumentException | IOException ex)
        {
            throw new UsageException("bad machines file: " + ex.getMessage());
        }
    }

    private static String value(final String[] args, final int optionIndex) throws UsageException
    {
        if (optionIndex + 1 >= args.length)
        {
            throw new UsageException(args[optionIndex] + " needs a value");
        }
        return args[optionIndex + 1];
    }

    private static int parseNp(final String value) throws UsageException
    {
        try
        {
            final int np = Integer.parseInt(value);
            if (np >= 1)
            {
                return np;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below with the value
        }
        throw new UsageException("-np needs a positive number, got " + value);
    }
}
