package io.colompi.colo;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A rank host on another node, through the launch agent: its job on its stdin (the agent may not carry the
 * environment, and the secret must not be on a command line), then the launcher's stdin for JVM 0, else EOF.
 * The process is the agent's, so the rendezvous does not check its pid.
 */
final class AgentJvmStarter implements JvmStarter
{
    private final JobLauncher launcher;
    private final LaunchAgent agent;
    private final String host;

    AgentJvmStarter(final JobLauncher launcher, final LaunchAgent agent, final String host)
    {
        this.launcher = launcher;
        this.agent = agent;
        this.host = host;
    }

    @Override
    public Process start(final HostEnvironment wiring, final boolean launcherStdin) throws IOException
    {
        final LaunchSpec spec = launcher.spec();
        final ProcessBuilder builder = new ProcessBuilder(
            agent.command(host, launcher.hostCommand(true, false, wiring.jvm()), spec.effectiveWorkDir()));
        if (spec.workDir() != null && !agent.remoteShell())
        {
            // A remote shell changes directory itself; the directory may not even exist here.
            builder.directory(spec.workDir().toFile());
        }
        builder.environment().keySet().removeIf(name -> name.startsWith("COLOMPI_"));
        final Process process = builder.start();
        final OutputStream stdin = process.getOutputStream();
        try
        {
            wiring.writeLines(stdin);
            if (launcherStdin)
            {
                final Thread copy = new Thread(() -> copyStdin(stdin), "colompi-stdin");
                copy.setDaemon(true);
                copy.start();
            }
            else
            {
                stdin.close();
            }
        }
        catch (final IOException ex)
        {
            // The agent is gone already: its exit ends the job, with what it said on stderr.
        }
        return process;
    }

    @Override
    public boolean direct()
    {
        return false;
    }

    private static void copyStdin(final OutputStream to)
    {
        try (to)
        {
            System.in.transferTo(to);
        }
        catch (final IOException ex)
        {
            // JVM 0 has exited, or our stdin failed: nothing more to give it.
        }
    }
}
