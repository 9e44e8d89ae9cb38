package io.colompi.colo;

import java.io.File;
import java.io.IOException;
import java.util.Map;

/** A rank host on this machine: its job in its environment ({@link ColorunBootstrap}), stdin the launcher's or none. */
final class LocalJvmStarter implements JvmStarter
{
    private final JobLauncher launcher;

    LocalJvmStarter(final JobLauncher launcher)
    {
        this.launcher = launcher;
    }

    @Override
    public Process start(final HostEnvironment wiring, final boolean launcherStdin) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(launcher.hostCommand(false, wiring.jvm() == 0, wiring.jvm()));
        if (launcher.spec().workDir() != null)
        {
            builder.directory(launcher.spec().workDir().toFile());
        }
        builder.redirectInput(launcherStdin ? ProcessBuilder.Redirect.INHERIT :
            ProcessBuilder.Redirect.from(new File("/dev/null")));
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("COLOMPI_"));
        wiring.writeTo(env);
        return builder.start();
    }

    @Override
    public boolean direct()
    {
        return true;
    }
}
