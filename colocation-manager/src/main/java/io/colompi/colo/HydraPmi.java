package io.colompi.colo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few words of PMI-1's wire protocol (text lines {@code cmd=<name> key=value...}, Flux RFC 13) that a process of
 * MPICH's Hydra needs to learn its job's name: {@code init}, {@code get_my_kvsname} and {@code finalize}, over the
 * socket Hydra's proxy gives each process as {@code PMI_FD} ({@link #inherited}), or, with {@code mpiexec -pmi-port},
 * over a connection to {@code PMI_PORT} ({@link #connected}), where an {@code initack} with the process's
 * {@code PMI_ID} comes first and Hydra answers with its rank and the job's size. Java has no public way to open an
 * inherited descriptor, so {@link #inherited} sets one on a {@link FileDescriptor} by reflection, which needs
 * {@code --add-opens java.base/java.io=ALL-UNNAMED} ({@code colojava} passes it). The conversation ends with
 * {@code finalize}: colompi's own rendezvous does the rest, and Hydra then only waits for the process to exit.
 */
final class HydraPmi implements Closeable
{
    static final String OPEN_JAVA_IO = "--add-opens java.base/java.io=ALL-UNNAMED";
    /** No rank or size from Hydra: the process's variables hold them. */
    static final int FROM_VARIABLES = -1;
    /** Longer than any line Hydra sends ({@code vallen_max} 1024 plus the command). */
    private static final int MAX_LINE = 4096;

    private final InputStream in;
    private final OutputStream out;
    private final String peer;

    /**
     * @param in   what the process manager says.
     * @param out  what it is told.
     * @param peer the connection, for messages ({@code PMI_FD=6}).
     */
    HydraPmi(final InputStream in, final OutputStream out, final String peer)
    {
        this.in = in;
        this.out = out;
        this.peer = peer;
    }

    /** The connection on inherited descriptor {@code fd}. */
    static HydraPmi inherited(final int fd, final String peer) throws IOException
    {
        final FileDescriptor descriptor = new FileDescriptor();
        try
        {
            final Field number = FileDescriptor.class.getDeclaredField("fd");
            number.setAccessible(true);
            number.setInt(descriptor, fd);
        }
        catch (final InaccessibleObjectException | ReflectiveOperationException ex)
        {
            throw new IOException("cannot read Hydra's " + peer + ": the JVM needs " + OPEN_JAVA_IO +
                " (colojava passes it)", ex);
        }
        return new HydraPmi(new FileInputStream(descriptor), new FileOutputStream(descriptor), peer);
    }

    /** The connection to Hydra's {@code hostPort} ({@code host:port}), made within {@code timeout}. */
    static HydraPmi connected(final String hostPort, final String peer, final Duration timeout) throws IOException
    {
        final int colon = hostPort.lastIndexOf(':');
        final int port;
        try
        {
            port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : -1;
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException(peer + " is not host:port", ex);
        }
        if (port < 0 || port > 0xFFFF)
        {
            throw new IOException(peer + " is not host:port");
        }
        final Socket socket = new Socket();
        try
        {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), port), (int)timeout.toMillis());
            return new HydraPmi(socket.getInputStream(), socket.getOutputStream(), peer);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw new IOException("cannot reach Hydra at " + peer + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * What Hydra told this process: its job's name ({@code kvsname}, the same in every process of one
     * {@code mpiexec} and unique to it) and, where it was asked with a {@code PMI_ID}, the process's rank and the
     * job's size ({@link #FROM_VARIABLES} otherwise).
     */
    record Answer(String jobName, int rank, int size)
    {
    }

    /**
     * Ask: the {@code initack} of process {@code pmiId} first where it is not null (port mode), then init, the job's
     * name, finalize, all within {@code timeout}.
     *
     * @throws IOException if the process manager refuses, closes the connection, says something else or is silent.
     */
    Answer ask(final Duration timeout, final String pmiId) throws IOException
    {
        final CompletableFuture<Answer> conversation = CompletableFuture.supplyAsync(() -> converse(pmiId), runnable ->
        {
            final Thread thread = new Thread(runnable, "colompi-hydra-pmi");
            thread.setDaemon(true);
            thread.start();
        });
        try
        {
            return conversation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IOException("Hydra did not answer on " + peer + " within " + timeout.toSeconds() + " s", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to Hydra on " + peer, ex);
        }
    }

    private Answer converse(final String pmiId)
    {
        try
        {
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            int rank = FROM_VARIABLES;
            int size = FROM_VARIABLES;
            if (pmiId != null)
            {
                exchange(reader, "cmd=initack pmiid=" + pmiId, "initack");
                final Map<String, String> told = new HashMap<>();
                for (int i = 0; i < 3; i++)
                {
                    told.putAll(answer(line(reader), "set", "after initack"));
                }
                size = number(told, "size");
                rank = number(told, "rank");
                if (rank < 0 || rank >= size)
                {
                    throw new IOException("Hydra set rank " + rank + " of size " + size + " on " + peer);
                }
            }
            final Map<String, String> init =
                exchange(reader, "cmd=init pmi_version=1 pmi_subversion=1", "response_to_init");
            if (!"0".equals(init.get("rc")))
            {
                throw new IOException("Hydra refused PMI-1 on " + peer + ": " + init);
            }
            final String name = exchange(reader, "cmd=get_my_kvsname", "my_kvsname").get("kvsname");
            if (name == null || name.isEmpty())
            {
                throw new IOException("Hydra named no job on " + peer);
            }
            exchange(reader, "cmd=finalize", "finalize_ack");
            return new Answer(name, rank, size);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Send {@code command}, read the answer, which must be {@code cmd=<expected>}; its keys and values. */
    private Map<String, String> exchange(final BufferedReader reader, final String command, final String expected)
        throws IOException
    {
        out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return answer(line(reader), expected, "to '" + command + "'");
    }

    /** The keys and values of {@code line}, which must be {@code cmd=<expected>}; {@code context} for the message. */
    private Map<String, String> answer(final String line, final String expected, final String context)
        throws IOException
    {
        final Map<String, String> answer = new HashMap<>();
        for (final String word : line.trim().split(" +"))
        {
            final int equals = word.indexOf('=');
            if (equals > 0)
            {
                answer.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        if (!expected.equals(answer.get("cmd")))
        {
            throw new IOException("Hydra answered '" + line + "' " + context + " on " + peer);
        }
        return answer;
    }

    private int number(final Map<String, String> told, final String key) throws IOException
    {
        try
        {
            return Integer.parseInt(told.get(key));
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException("Hydra set no " + key + " on " + peer + ": " + told, ex);
        }
    }

    private String line(final BufferedReader reader) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        for (int c = reader.read(); c != '\n'; c = reader.read())
        {
            if (c < 0)
            {
                throw new IOException("Hydra closed " + peer + " mid-conversation");
            }
            if (line.length() == MAX_LINE)
            {
                throw new IOException("Hydra sent a line longer than " + MAX_LINE + " bytes on " + peer);
            }
            line.append((char)c);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException
    {
        try (in; out)
        {
            // both closed
        }
    }
}
