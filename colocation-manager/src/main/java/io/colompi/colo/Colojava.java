package io.colompi.colo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code colojava [--ranks-per-task K] [--stats] [--no-tag] (-cp CP MainClass | -jar app.jar) [args...]}: one rank
 * JVM of a job that someone else starts. Under {@code srun}, Open MPI's {@code mpirun} or MPICH's {@code mpiexec} each
 * task is one JVM with K ranks (default 1) and the job comes from their variables ({@link SlurmBootstrap},
 * {@link MpirunBootstrap}, {@link HydraBootstrap}); alone it is a job of K ranks. Everything after the main class (or
 * the jar) goes to the program unchanged. Runs {@link HostMain}; exits with the JVM's status, 2 for a bad command line.
 */
public final class Colojava
{
    private static final String USAGE =
        "usage: colojava [-J<jvm option>]... [--ranks-per-task K] [--stats] [--no-tag] (-cp CLASSPATH MainClass | -jar app.jar) [args...]";

    private Colojava()
    {
    }

    public static void main(final String[] args)
    {
        final List<String> host;
        try
        {
            host = hostArguments(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("colojava: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(HostMain.EXIT_USAGE);
            return;
        }
        HostMain.main(host.toArray(String[]::new));
    }

    /** {@link HostMain}'s arguments for a {@code colojava} command line. */
    static List<String> hostArguments(final String[] args)
    {
        final List<String> host = new ArrayList<>();
        String ranks = "1";
        String classPath = null;
        int i = 0;
        while (i < args.length)
        {
            final String arg = args[i++];
            switch (arg)
            {
                case "--ranks-per-task" -> ranks = value(args, i++, arg);
                case "--stats", "--no-tag" -> host.add(arg);
                case "-cp", "-classpath", "--class-path" -> classPath = value(args, i++, arg);
                case "-jar" ->
                {
                    final Path jar = Path.of(value(args, i++, arg));
                    final ProgramJar program = read(jar);
                    if (classPath != null)
                    {
                        throw new IllegalArgumentException("-cp and -jar exclude each other (as for java)");
                    }
                    if (program.mainClass() == null)
                    {
                        throw new IllegalArgumentException("no Main-Class in the manifest of " + jar);
                    }
                    return program(host, ranks, LaunchSpec.joinClassPath(program.classPath()), program.mainClass(),
                        List.of(args).subList(i, args.length));
                }
                default ->
                {
                    if (arg.startsWith("-"))
                    {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    return program(host, ranks, classPath != null ? classPath : LaunchSpec.defaultClassPath(), arg,
                        List.of(args).subList(i, args.length));
                }
            }
        }
        throw new IllegalArgumentException("missing MainClass (or -jar app.jar)");
    }

    private static List<String> program(
        final List<String> host, final String ranks, final String classPath, final String mainClass, final List<String> args)
    {
        host.addAll(List.of("--np", ranks, "--ranks-per-jvm", ranks, "--class-path", classPath, "--", mainClass));
        host.addAll(args);
        return host;
    }

    private static ProgramJar read(final Path jar)
    {
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalArgumentException("no such jar file: " + jar);
        }
        try
        {
            return ProgramJar.read(jar);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + jar + ": " + ex.getMessage(), ex);
        }
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
