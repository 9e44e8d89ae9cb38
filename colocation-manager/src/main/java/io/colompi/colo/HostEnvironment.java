package io.colompi.colo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the launcher tells each rank-host JVM about its job. Never on the command line (the secret must not show in
 * {@code ps}): a JVM started on this machine finds it in its environment ({@link #writeTo(Map)}), except the
 * secret, which waits in a file of the job's directory (mode 0600) that the JVM reads and deletes, so that no process
 * a rank starts inherits it; a JVM started through a launch agent on another node reads it all from its stdin
 * ({@link #writeLines}: {@code KEY=VALUE} lines, then a blank line), since agents such as {@code ssh} do not carry
 * the environment.
 * <table>
 * <caption>what a rank host gets</caption>
 * <tr><td>{@value #JOB_ID}</td><td>the job id, 16 hex digits</td></tr>
 * <tr><td>{@value #SECRET}</td><td>the job's secret, 64 hex digits (256 bits); in the environment,
 * {@value #SECRET_FILE} instead: the file that holds them</td></tr>
 * <tr><td>{@value #JOB_DIR}</td><td>the job's shared-memory directory</td></tr>
 * <tr><td>{@value #JVM}</td><td>this JVM's id</td></tr>
 * <tr><td>{@value #LAYOUT}</td><td>the job's layout, {@link JobLayout#encode()}</td></tr>
 * <tr><td>{@value #RENDEZVOUS}</td><td>the launcher's rendezvous, {@code host:port}, or several
 * {@code host:port,host:port} to try in turn</td></tr>
 * </table>
 */
final class HostEnvironment
{
    static final String JOB_ID = "COLOMPI_JOB_ID";
    static final String SECRET = "COLOMPI_JOB_SECRET";
    static final String SECRET_FILE = "COLOMPI_JOB_SECRET_FILE";
    static final String JOB_DIR = "COLOMPI_JOB_DIR";
    static final String JVM = "COLOMPI_JVM";
    static final String LAYOUT = "COLOMPI_LAYOUT";
    static final String RENDEZVOUS = "COLOMPI_RENDEZVOUS";
    private static final String[] ALL = { JOB_ID, JOB_DIR, JVM, LAYOUT, RENDEZVOUS };
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    /** Longer lines on stdin are not the launcher's. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    private final long jobId;
    private final byte[] secret;
    private final Path jobDir;
    private final int jvm;
    private final JobLayout layout;
    private final List<InetSocketAddress> rendezvous;

    /** @param rendezvous the launcher's addresses, to try in turn. */
    HostEnvironment(
        final long jobId, final byte[] secret, final Path jobDir, final int jvm, final JobLayout layout,
        final List<InetSocketAddress> rendezvous)
    {
        if (jvm < 0 || jvm >= layout.jvmCount())
        {
            throw new IllegalArgumentException("JVM " + jvm + " is not in " + layout);
        }
        if (rendezvous.isEmpty())
        {
            throw new IllegalArgumentException("no rendezvous address for JVM " + jvm);
        }
        this.jobId = jobId;
        this.secret = secret.clone();
        this.jobDir = jobDir;
        this.jvm = jvm;
        this.layout = layout;
        this.rendezvous = List.copyOf(rendezvous);
    }

    /**
     * The wiring in {@code env}, or empty if this JVM was not started by a launcher (no {@value #RENDEZVOUS}); the
     * secret from {@value #SECRET}, else from the file {@value #SECRET_FILE} names, which is deleted once read.
     */
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
        try
        {
            return Optional.of(new HostEnvironment(
                Long.parseUnsignedLong(env.get(JOB_ID), 16),
                RendezvousProtocol.unhex(env.get(SECRET) != null ? env.get(SECRET) : takeSecret(env.get(SECRET_FILE))),
                Path.of(env.get(JOB_DIR)),
                Integer.parseInt(env.get(JVM)),
                JobLayout.decode(env.get(LAYOUT)),
                parseAddresses(env.get(RENDEZVOUS))));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad colompi environment: " + ex.getMessage(), ex);
        }
    }

    /** The hex secret in {@code file}, which is deleted: nobody else will read it. */
    private static String takeSecret(final String file)
    {
        if (file == null || file.isEmpty())
        {
            throw new IllegalArgumentException(SECRET_FILE + " is not set (the launcher sets it)");
        }
        final Path path = Path.of(file);
        try
        {
            final String hex = Files.readString(path, StandardCharsets.US_ASCII).trim();
            Files.delete(path);
            return hex;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot take the job's secret from " + SECRET_FILE + "=" + file + ": " + ex, ex);
        }
    }

    /**
     * The wiring the launcher wrote to {@code in} ({@link #writeLines}): reads exactly up to the blank line that ends
     * it, byte by byte, so what follows (the job's stdin, for JVM 0) stays in {@code in} for the program.
     */
    static HostEnvironment readLines(final InputStream in) throws IOException
    {
        final Map<String, String> values = new LinkedHashMap<>();
        while (true)
        {
            final String line = readLine(in);
            if (line.isEmpty())
            {
                break;
            }
            final int equals = line.indexOf('=');
            if (equals < 1)
            {
                throw new IllegalArgumentException("not a KEY=VALUE line of the launcher's wiring on stdin: " +
                    (line.length() > 40 ? line.substring(0, 40) + "..." : line));
            }
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
        if (values.get(RENDEZVOUS) == null)
        {
            throw new IllegalArgumentException(RENDEZVOUS + " is missing from the launcher's wiring on stdin");
        }
        return read(values).orElseThrow();
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("stdin ended before the launcher's wiring did (a blank line ends it)");
            }
            if (b == '\n')
            {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_BYTES)
            {
                throw new IOException("a line of over " + MAX_LINE_BYTES + " bytes on stdin is not the launcher's wiring");
            }
            line.write(b);
        }
    }

    /**
     * Put this wiring into a child's environment, replacing whatever the launcher itself inherited; the secret goes
     * into a new file of the job's directory, readable by this user alone, which the child deletes.
     */
    void writeTo(final Map<String, String> env) throws IOException
    {
        final Map<String, String> values = values();
        final Path file = jobDir.resolve("secret-jvm" + jvm);
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)),
            values.remove(SECRET), StandardCharsets.US_ASCII);
        values.put(SECRET_FILE, file.toString());
        env.remove(SECRET);
        env.putAll(values);
    }

    /** Write this wiring to a child's stdin: {@code KEY=VALUE} lines, then a blank line. */
    void writeLines(final OutputStream out) throws IOException
    {
        final StringBuilder lines = new StringBuilder(256);
        values().forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        lines.append('\n');
        out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Map<String, String> values()
    {
        final Map<String, String> values = new LinkedHashMap<>();
        values.put(JOB_ID, String.format(Locale.ROOT, "%016x", jobId));
        values.put(SECRET, RendezvousProtocol.hex(secret));
        values.put(JOB_DIR, jobDir.toString());
        values.put(JVM, Integer.toString(jvm));
        values.put(LAYOUT, layout.encode());
        values.put(RENDEZVOUS, formatAddresses(rendezvous));
        return values;
    }

    /** {@code host:port,host:port}: IP literals (IPv6 ones too: the port follows the last colon). */
    static String formatAddresses(final List<InetSocketAddress> addresses)
    {
        final List<String> parts = new ArrayList<>(addresses.size());
        for (final InetSocketAddress address : addresses)
        {
            parts.add(literal(address));
        }
        return String.join(",", parts);
    }

    /** {@code ip:port}, never a host name (which a node might resolve differently, or not at all). */
    static String literal(final InetSocketAddress address)
    {
        final String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }

    static List<InetSocketAddress> parseAddresses(final String addresses)
    {
        final List<InetSocketAddress> parsed = new ArrayList<>();
        for (final String address : addresses.split(","))
        {
            final int colon = address.lastIndexOf(':');
            if (colon < 1)
            {
                throw new IllegalArgumentException(RENDEZVOUS + " is not host:port[,host:port...]: " + addresses);
            }
            parsed.add(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
        }
        return parsed;
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

    /** The launcher's addresses, to try in turn. */
    List<InetSocketAddress> rendezvous()
    {
        return rendezvous;
    }

    @Override
    public String toString()
    {
        // Never the secret.
        return "HostEnvironment{job=" + String.format(Locale.ROOT, "%016x", jobId) + ", jvm=" + jvm + ", dir=" + jobDir +
            ", layout=" + layout.encode() + ", rendezvous=" + formatAddresses(rendezvous) + "}";
    }
}
