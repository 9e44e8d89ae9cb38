package io.colompi.colo;

import java.util.Map;

/** A JVM started by {@code colorun} on this machine: its job in the {@code COLOMPI_*} variables ({@link HostEnvironment}). */
final class ColorunBootstrap implements Bootstrap
{
    @Override
    public boolean applies(final Map<String, String> env)
    {
        return env.get(HostEnvironment.RENDEZVOUS) != null;
    }

    @Override
    public Membership join(final Map<String, String> env, final int ranksPerJvm)
    {
        return Membership.launched(HostEnvironment.read(env).orElseThrow(), false);
    }
}
