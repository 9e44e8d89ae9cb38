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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import java.util.concurrent.Callable;

/**
 * The {@code colorun} launcher:
 * {@code colorun -np N [--ranks-per-jvm K] [--stats] [--no-tag] [--timeout S] [-cp CP | -jar app.jar] [-J<opt>]... MainClass [args...]}.
 * Everything after the main class (or after the jar, with {@code -jar}) goes to the program unchanged.
 * Exits with the job's status; 2 for a bad command line.
 */
@Command(
    name = "colorun",
    separator = " ",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Runs an MPI program (mpiJava 1.2 / MPJ Express API): ranks are threads of JVMs of K ranks each.")
public final class Colorun implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = { "-np", "-n" }, required = true, paramLabel = "N", description = "Number of ranks.")
    private int np;

    @Option(names = "--ranks-per-jvm", paramLabel = "K", description = "Ranks per JVM (default: N, all in one JVM; 1: a JVM per rank).")
    private Integer ranksPerJvm;

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

    Colorun(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
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
        return new LaunchSpec(
            np, perJvm, stats, !noTag, Duration.ofSeconds(timeoutSeconds),
            programClassPath, mainClass, programArgs, jvmOptions, null);
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
