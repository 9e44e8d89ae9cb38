package io.colompi.colo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Starts the rank-host JVM of a job ({@link HostMain}, all ranks in it), copies its output line by line, and
 * returns its exit status. Stopping the launcher (SIGINT, SIGTERM) stops the rank host: politely, then forcibly.
 */
final class HostLauncher
{
    /** Lets the host's shutdown hooks flush output before it is killed. */
    static final long STOP_GRACE_MS = 3_000;
    /** How long past the job's own timeout the host gets to report it before it is killed. */
    static final long TIMEOUT_BACKSTOP_MS = 15_000;
    /** Every JVM that runs Agrona needs it (see the root pom's colompi.jvm.exports). */
    static final List<String> REQUIRED_JVM_OPTIONS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private final LaunchSpec spec;
    private final PrintStream out;
    private final PrintStream err;

    HostLauncher(final LaunchSpec spec, final PrintStream out, final PrintStream err)
    {
        this.spec = spec;
        this.out = out;
        this.err = err;
    }

    /**
     * The rank host's command line: {@code java} of this JVM's {@code java.home}, this JVM's class path, every
     * {@code colompi.*} system property of this JVM (so {@code colompi.api.path} and tuning reach the ranks),
     * then the user's JVM options, which may override them.
     */
    List<String> command()
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(REQUIRED_JVM_OPTIONS);
        for (final String name : new TreeSet<>(System.getProperties().stringPropertyNames()))
        {
            if (name.startsWith("colompi."))
            {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.addAll(spec.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HostMain.class.getName());
        command.add("--np");
        command.add(Integer.toString(spec.np()));
        command.add("--class-path");
        command.add(LaunchSpec.joinClassPath(spec.classPath()));
        if (spec.stats())
        {
            command.add("--stats");
        }
        if (!spec.tagOutput())
        {
            command.add("--no-tag");
        }
        if (!spec.timeout().isZero())
        {
            command.add("--timeout");
            command.add(Long.toString(spec.timeout().toSeconds()));
        }
        command.add("--");
        command.add(spec.mainClass());
        command.addAll(spec.args());
        return command;
    }

    /** Run the job; returns the rank host's exit status. */
    int run() throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(command()).redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (spec.workDir() != null)
        {
            builder.directory(spec.workDir().toFile());
        }
        final Process host = builder.start();
        final Thread stopHost = new Thread(() -> stop(host), "colorun-stop-host");
        Runtime.getRuntime().addShutdownHook(stopHost);
        final Thread outPump = start(new LinePump(host.getInputStream(), out), "colorun-stdout");
        final Thread errPump = start(new LinePump(host.getErrorStream(), err), "colorun-stderr");
        int status;
        if (spec.timeout().isZero())
        {
            status = host.waitFor();
        }
        else if (host.waitFor(spec.timeout().toMillis() + TIMEOUT_BACKSTOP_MS, TimeUnit.MILLISECONDS))
        {
            status = host.exitValue();
        }
        else
        {
            err.println("colompi: the rank host did not end " + TIMEOUT_BACKSTOP_MS / 1000 +
                " s after the job's timeout; killing it");
            host.destroyForcibly().waitFor();
            status = ColocatedJob.EXIT_TIMEOUT;
        }
        // The pipes close when the host exits; a grandchild holding them must not keep us waiting for ever.
        outPump.join(STOP_GRACE_MS);
        errPump.join(STOP_GRACE_MS);
        try
        {
            Runtime.getRuntime().removeShutdownHook(stopHost);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // We were signalled: the hook is already stopping the host, and the JVM's exit status is the signal's.
        }
        return status;
    }

    private static Thread start(final Runnable pump, final String name)
    {
        final Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void stop(final Process host)
    {
        if (!host.isAlive())
        {
            return;
        }
        host.destroy();
        try
        {
            if (!host.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS))
            {
                host.destroyForcibly();
            }
        }
        catch (final InterruptedException ex)
        {
            host.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
