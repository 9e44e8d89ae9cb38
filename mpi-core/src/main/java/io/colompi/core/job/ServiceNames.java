package io.colompi.core.job;

import java.util.HashMap;
import java.util.Map;

/**
 * The table behind a {@link NameService}: the launcher's for a launched job, its own for a job in one JVM. Bounded
 * ({@value #MAX_SERVICES} services, names and ports of at most {@value #MAX_NAME_CHARS} characters), since a
 * launcher keeps what its ranks send it.
 */
public final class ServiceNames implements NameService
{
    /** Services a job may have published at once. */
    public static final int MAX_SERVICES = 4096;
    /** The longest service name or port, in characters ({@code MPI_MAX_PORT_NAME}). */
    public static final int MAX_NAME_CHARS = 1024;

    private final Map<String, String> ports = new HashMap<>();

    /** {@link ErrorClass#ARG} unless {@code name} (a service name or port, {@code what}) is one the table may keep. */
    public static void require(final String name, final String what)
    {
        if (name == null || name.isEmpty())
        {
            throw new MpiError(ErrorClass.ARG, "a " + what + " may not be " + (name == null ? "null" : "empty"));
        }
        if (name.length() > MAX_NAME_CHARS)
        {
            throw new MpiError(ErrorClass.ARG, "a " + what + " has at most " + MAX_NAME_CHARS + " characters, not " +
                name.length());
        }
    }

    @Override
    public synchronized void publish(final String service, final String port)
    {
        require(service, "service name");
        require(port, "port");
        final String bound = ports.get(service);
        if (bound != null)
        {
            throw new MpiError(ErrorClass.SERVICE, "service '" + service + "' is published already, bound to " + bound);
        }
        if (ports.size() >= MAX_SERVICES)
        {
            throw new MpiError(ErrorClass.SERVICE, "the job has published " + MAX_SERVICES + " services, as many as " +
                "it may at once");
        }
        ports.put(service, port);
    }

    @Override
    public synchronized void unpublish(final String service, final String port)
    {
        require(service, "service name");
        require(port, "port");
        final String bound = ports.get(service);
        if (!port.equals(bound))
        {
            throw new MpiError(ErrorClass.SERVICE, bound == null ?
                "service '" + service + "' is not published" :
                "service '" + service + "' is bound to " + bound + ", not " + port);
        }
        ports.remove(service);
    }

    @Override
    public synchronized String lookup(final String service)
    {
        require(service, "service name");
        final String port = ports.get(service);
        if (port == null)
        {
            throw new MpiError(ErrorClass.NAME, "no rank of the job has published service '" + service + "'");
        }
        return port;
    }
}
