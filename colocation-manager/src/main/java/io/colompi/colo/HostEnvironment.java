package io.colompi.colo;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher tells each rank-host JVM about its job, through the environment (never the command line: the
 * secret must not show in {@code ps}):
 * <table>
 * <caption>environment of a rank host</caption>
 * <tr><td>{@value #JOB_ID}</td><td>the job id, 16 hex digits</td></tr>
 * <tr><td>{@value #SECRET}</td><td>the job's secret, 64 hex digits (256 bits)</td></tr>
 * <tr><td>{@value #JOB_DIR}</td><td>the job's shared-memory directory</td></tr>
 * <tr><td>{@value #JVM}</td><td>this JVM's id</td></tr>
 * <tr><td>{@value #LAYOUT}</td><td>the job's layout, {@link JobLayout#encode()}</td></tr>
 * <tr><td>{@value #RENDEZVOUS}</td><td>the launcher's rendezvous, {@code host:port}</td></tr>
 * </table>
 */
final class HostEnvironment
{
    static final String JOB_ID = "COLOMPI_JOB_ID";
    static final String SECRET = "COLOMPI_JOB_SECRET";
    static final String JOB_DIR = "COLOMPI_JOB_DIR";
    static final String JVM = "COLOMPI_JVM";
    static final String LAYOUT = "COLOMPI_LAYOUT";
    static final String RENDEZVOUS = "COLOMPI_RENDEZVOUS";
    private static final String[] ALL = { JOB_ID, SECRET, JOB_DIR, JVM, LAYOUT, RENDEZVOUS };

    private final long jobId;
    private final byte[] secret;
    private final Path jobDir;
    private final int jvm;
    private final JobLayout layout;
    private final InetSocketAddress rendezvous;

    HostEnvironment(
        final long jobId, final byte[] secret, final Path jobDir, final int jvm, final JobLayout layout,
        final InetSocketAddress rendezvous)
    {
        if (jvm < 0 || jvm >= layout.jvmCount())
        {
            throw new IllegalArgumentException("JVM " + jvm + " is not in " + layout);
        }
        this.jobId = jobId;
        this.secret = secret.clone();
        this.jobDir = jobDir;
        this.jvm = jvm;
        this.layout = layout;
        this.rendezvous = rendezvous;
    }

    /** The wiring in {@code env}, or empty if this JVM was not started by a launcher (no {@value #RENDEZVOUS}). */
    static Optional<HostEnvironment> read(final Map<String, String> env)
    {
        if (env.get(RENDEZVOUS) == null)
        {
            return Optional.empty();
        }
        for (final String name : ALL)
        {
            if (env.get(name) == null || env.get(name).isEmpty())
            {
                throw new IllegalArgumentException(name + " is not set (the launcher sets it)");
            }
        }
        final String address = env.get(RENDEZVOUS);
        final int colon = address.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException(RENDEZVOUS + " is not host:port: " + address);
        }
        try
        {
            return Optional.of(new HostEnvironment(
                Long.parseUnsignedLong(env.get(JOB_ID), 16),
                RendezvousProtocol.unhex(env.get(SECRET)),
                Path.of(env.get(JOB_DIR)),
                Integer.parseInt(env.get(JVM)),
                JobLayout.decode(env.get(LAYOUT)),
                new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad colompi environment: " + ex.getMessage(), ex);
        }
    }

    /** Put this wiring into a child's environment, replacing whatever the launcher itself inherited. */
    void writeTo(final Map<String, String> env)
    {
        env.put(JOB_ID, String.format(Locale.ROOT, "%016x", jobId));
        env.put(SECRET, RendezvousProtocol.hex(secret));
        env.put(JOB_DIR, jobDir.toString());
        env.put(JVM, Integer.toString(jvm));
        env.put(LAYOUT, layout.encode());
        env.put(RENDEZVOUS, rendezvous.getHostString() + ":" + rendezvous.getPort());
    }

    long jobId()
    {
        return jobId;
    }

    byte[] secret()
    {
        return secret.clone();
    }

    Path jobDir()
    {
        return jobDir;
    }

    int jvm()
    {
        return jvm;
    }

    JobLayout layout()
    {
        return layout;
    }

    InetSocketAddress rendezvous()
    {
        return rendezvous;
    }

    @Override
    public String toString()
    {
        // Never the secret.
        return "HostEnvironment{job=" + String.format(Locale.ROOT, "%016x", jobId) + ", jvm=" + jvm + ", dir=" + jobDir +
            ", layout=" + layout.encode() + ", rendezvous=" + rendezvous + "}";
    }
}
