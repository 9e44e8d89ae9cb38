package io.colompi.colo;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.NameService;
import io.colompi.core.job.ServiceNames;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rank host's side of the {@link RendezvousProtocol}: authenticates to the launcher, registers this JVM's
 * endpoints and waits at the fence, reports the end of its ranks, and listens for the launcher's orders on a
 * daemon thread: {@code ABORT} and the end of the connection go to the {@link Listener}. Its ranks reach the job's
 * {@link NameService}, which the launcher keeps, through it: each call one request and its answer.
 */
final class RendezvousClient implements AutoCloseable, NameService
{
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** How long to wait for one of several candidate addresses of the launcher before trying the next. */
    static final int CANDIDATE_CONNECT_TIMEOUT_MS = 2_000;
    /** Handshakes tried before giving up when the launcher closes the connection during one (a flood of its port). */
    static final int HANDSHAKE_ATTEMPTS = 5;
    /** How long a host waits for the launcher to acknowledge its DONE before exiting anyway. */
    static final long BYE_TIMEOUT_MS = 2_000;

    /** The launcher's orders, on the client's reader thread. */
    interface Listener
    {
        /** End this JVM's ranks with {@code code}: another JVM failed, or the job was stopped. */
        void abort(int code, String reason);

        /** The launcher is gone (the connection ended before this JVM said DONE): the job is over. */
        void launcherLost(String why);
    }

    /** The launcher's answer to a call of the name service: 0 and the port looked up, or an error class and why. */
    private record Named(int errorClass, String text)
    {
    }

    /** The fence was left because the launcher ordered an abort: no table will come. */
    private static final Map<String, String> ABORTED = Map.of("", "");

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Listener listener;
    private final CompletableFuture<Map<String, String>> fence = new CompletableFuture<>();
    private final CountDownLatch bye = new CountDownLatch(1);
    private final AtomicInteger lastRequest = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Named>> named = new ConcurrentHashMap<>();
    /** Why the channel ended, once it has: no answer will come to a request. */
    private volatile String ended;
    private volatile boolean finished;
    private Thread reader;

    private RendezvousClient(final Socket socket, final Listener listener) throws IOException
    {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.listener = listener;
    }

    /**
     * Connect and authenticate as JVM {@code jvm} of job {@code jobId}; then start listening for the launcher's
     * orders. Fails if the launcher refuses us or cannot prove it knows the secret.
     */
    static RendezvousClient connect(
        final InetSocketAddress launcher, final long jobId, final byte[] secret, final int jvm, final long pid,
        final Listener listener) throws IOException
    {
        return connect(List.of(launcher), jobId, secret, jvm, pid, listener);
    }

    /**
     * {@link #connect(InetSocketAddress, long, byte[], int, long, Listener) Connect} to the first of the launcher's
     * {@code candidates} that accepts a connection, trying them in turn, each for
     * {@value #CANDIDATE_CONNECT_TIMEOUT_MS} ms (a single one for {@value #CONNECT_TIMEOUT_MS} ms). Fails naming
     * every address and why, if none does.
     */
    static RendezvousClient connect(
        final List<InetSocketAddress> candidates, final long jobId, final byte[] secret, final int jvm, final long pid,
        final Listener listener) throws IOException
    {
        for (int attempt = 1; ; attempt++)
        {
            final Socket socket = reach(candidates);
            try
            {
                socket.setSoTimeout(RendezvousProtocol.HANDSHAKE_TIMEOUT_MS);
                final RendezvousClient client = new RendezvousClient(socket, listener);
                client.authenticate(jobId, secret, jvm, pid);
                socket.setSoTimeout(RendezvousProtocol.silenceMs());
                final Thread reader = new Thread(client::listen, "colompi-control");
                reader.setDaemon(true);
                client.reader = reader;
                reader.start();
                final Thread heartbeat = new Thread(client::beat, "colompi-control-heartbeat");
                heartbeat.setDaemon(true);
                heartbeat.start();
                return client;
            }
            catch (final EOFException | SocketException closed)
            {
                // The launcher closes the connections that idle longest when its port is flooded: try again.
                socket.close();
                if (attempt == HANDSHAKE_ATTEMPTS)
                {
                    throw new IOException("the launcher at " + HostEnvironment.literal((InetSocketAddress)socket.getRemoteSocketAddress()) +
                        " closed the connection during the handshake, " + attempt + " times (" + closed + "): is " +
                        "something flooding its rendezvous port?", closed);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                socket.close();
                throw ex;
            }
        }
    }

    private static Socket reach(final List<InetSocketAddress> candidates) throws IOException
    {
        if (candidates.isEmpty())
        {
            throw new IOException("no address of the launcher to connect to");
        }
        final int timeout = candidates.size() == 1 ? CONNECT_TIMEOUT_MS : CANDIDATE_CONNECT_TIMEOUT_MS;
        final List<String> failures = new ArrayList<>(candidates.size());
        for (final InetSocketAddress candidate : candidates)
        {
            final Socket socket = new Socket();
            try
            {
                socket.setTcpNoDelay(true);
                socket.connect(candidate, timeout);
                return socket;
            }
            catch (final IOException ex)
            {
                socket.close();
                failures.add(HostEnvironment.literal(candidate) + " (" + ex.getMessage() + ")");
            }
        }
        throw new IOException("no address of the launcher answered: " + String.join(", ", failures));
    }

    /** The address of this host's interface that reaches the launcher: other nodes of the job reach it too. */
    String localAddress()
    {
        return socket.getLocalAddress().getHostAddress();
    }

    private void authenticate(final long jobId, final byte[] secret, final int jvm, final long pid) throws IOException
    {
        if (in.readByte() != RendezvousProtocol.HELLO || in.readInt() != RendezvousProtocol.MAGIC)
        {
            throw new IOException("not a colompi launcher at " + socket.getRemoteSocketAddress());
        }
        final int version = in.readInt();
        if (version != RendezvousProtocol.VERSION)
        {
            throw new IOException("launcher speaks protocol version " + version + ", this JVM " + RendezvousProtocol.VERSION);
        }
        final byte[] launcherNonce = RendezvousProtocol.readBytes(in, RendezvousProtocol.NONCE_BYTES);
        final byte[] hostNonce = RendezvousProtocol.newNonce();
        synchronized (this)
        {
            out.writeByte(RendezvousProtocol.AUTH);
            out.writeInt(jvm);
            out.writeLong(pid);
            out.write(hostNonce);
            out.write(RendezvousProtocol.mac(secret, "host", jobId, launcherNonce, hostNonce, jvm));
            out.flush();
        }
        final byte answer = in.readByte();
        if (answer == RendezvousProtocol.REJECT)
        {
            throw new IOException("the launcher refused JVM " + jvm + ": " + in.readUTF());
        }
        if (answer != RendezvousProtocol.WELCOME)
        {
            throw new IOException("unexpected answer " + answer + " to AUTH");
        }
        final byte[] mac = RendezvousProtocol.readBytes(in, RendezvousProtocol.MAC_BYTES);
        if (!RendezvousProtocol.sameMac(RendezvousProtocol.mac(secret, "launcher", jobId, launcherNonce, hostNonce, jvm), mac))
        {
            throw new IOException("the launcher at " + socket.getRemoteSocketAddress() + " does not know the job's secret");
        }
    }

    /**
     * Publish this JVM's endpoints and wait at the fence until every JVM of the job has registered.
     *
     * @return every JVM's endpoints, or null if the launcher ordered an abort first (the listener has been told).
     * @throws IOException if the launcher went away.
     */
    Map<String, String> register(final Map<String, String> endpoints) throws IOException, InterruptedException
    {
        synchronized (this)
        {
            out.writeByte(RendezvousProtocol.REGISTER);
            RendezvousProtocol.writeTable(out, endpoints);
            out.flush();
        }
        try
        {
            final Map<String, String> table = fence.get();
            return table == ABORTED ? null : table;
        }
        catch (final ExecutionException ex)
        {
            throw new IOException("lost the launcher at the fence: " + ex.getCause().getMessage(), ex.getCause());
        }
    }

    /**
     * Tell the launcher this JVM's ranks have ended with {@code code} ({@code message}: the first failure, or null),
     * and wait (briefly) until it has recorded that. From now on the end of the connection is expected.
     */
    void done(final int code, final String message) throws InterruptedException
    {
        finished = true;
        try
        {
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.DONE);
                out.writeInt(code);
                out.writeUTF(RendezvousProtocol.line(message));
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            return; // The launcher is gone; nobody waits for our word.
        }
        bye.await(BYE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Tell the launcher at once that this JVM's ranks are ending early with {@code code}; best effort. */
    void ending(final int code, final String message)
    {
        try
        {
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.ENDING);
                out.writeInt(code);
                out.writeUTF(RendezvousProtocol.line(message));
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            // The launcher is gone; the reader halts this JVM.
        }
    }

    /**
     * Tell the launcher, as this JVM exits, that {@code rank} (-1: unknown) called {@code System.exit}, after it
     * completed {@code MPI.Finalize} (then {@link #done} follows once this JVM's other ranks have ended) or not.
     */
    void exiting(final int rank, final boolean afterFinalize)
    {
        finished = !afterFinalize;
        try
        {
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.EXITING);
                out.writeInt(rank);
                out.writeBoolean(afterFinalize);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            // Best effort: the launcher also sees the exit status.
        }
    }

    @Override
    public void publish(final String service, final String port)
    {
        ask(RendezvousProtocol.PUBLISH, service, port);
    }

    @Override
    public void unpublish(final String service, final String port)
    {
        ask(RendezvousProtocol.UNPUBLISH, service, port);
    }

    @Override
    public String lookup(final String service)
    {
        return ask(RendezvousProtocol.LOOKUP, service, "");
    }

    /**
     * Send a {@code NAME} request and wait for its answer, for as long as the launcher may be silent before it counts
     * as gone; a refusal is the {@link MpiError} the launcher's table raised.
     */
    private String ask(final byte op, final String service, final String port)
    {
        ServiceNames.require(service, "service name");
        if (op != RendezvousProtocol.LOOKUP)
        {
            ServiceNames.require(port, "port");
        }
        final int request = lastRequest.incrementAndGet();
        final CompletableFuture<Named> answer = new CompletableFuture<>();
        named.put(request, answer);
        final String gone = ended;
        if (gone != null)
        {
            answer.completeExceptionally(new IOException(gone));
        }
        try
        {
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.NAME);
                out.writeInt(request);
                out.writeByte(op);
                out.writeUTF(service);
                out.writeUTF(port);
                out.flush();
            }
            final Named outcome = answer.get(RendezvousProtocol.silenceMs(), TimeUnit.MILLISECONDS);
            if (outcome.errorClass() != 0)
            {
                throw new MpiError(ErrorClass.ofCode(outcome.errorClass()), outcome.text());
            }
            return outcome.text();
        }
        catch (final IOException | ExecutionException | TimeoutException ex)
        {
            final Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            final String why = cause instanceof TimeoutException ?
                "silent for " + RendezvousProtocol.silenceMs() + " ms" : cause.getMessage();
            throw new MpiError(ErrorClass.OTHER, "the job's name service, kept by its launcher, did not answer: " + why);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new MpiError(ErrorClass.OTHER, "interrupted waiting for the job's name service");
        }
        finally
        {
            named.remove(request);
        }
    }

    /**
     * Close the channel (the launcher sees EOF) and let the reader thread end. Call it before this JVM exits: a
     * thread blocked in a socket read holds up the JVM's exit by 300 ms (HotSpot waits for threads in native code).
     */
    @Override
    public void close()
    {
        finished = true;
        try
        {
            socket.close();
        }
        catch (final IOException ignored)
        {
            // Nothing to tell anyone.
        }
        if (reader != null && reader != Thread.currentThread())
        {
            try
            {
                reader.join(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Say this JVM is alive every {@link RendezvousProtocol#HEARTBEAT_MS} ms, until the channel closes. */
    private void beat()
    {
        try
        {
            while (!socket.isClosed())
            {
                synchronized (this)
                {
                    out.writeByte(RendezvousProtocol.HEARTBEAT);
                    out.flush();
                }
                Thread.sleep(RendezvousProtocol.HEARTBEAT_MS);
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            // The channel is closed or failed: the reader reports it.
        }
    }

    private void listen()
    {
        String why = "the launcher closed the control channel";
        try
        {
            while (true)
            {
                final byte type = in.readByte();
                switch (type)
                {
                    case RendezvousProtocol.FENCE -> fence.complete(RendezvousProtocol.readTable(in));
                    case RendezvousProtocol.ABORT ->
                    {
                        final int code = in.readInt();
                        final String reason = in.readUTF();
                        listener.abort(code, reason);
                        fence.complete(ABORTED);
                    }
                    case RendezvousProtocol.BYE -> bye.countDown();
                    case RendezvousProtocol.NAMED ->
                    {
                        final int request = in.readInt();
                        final Named answer = new Named(in.readInt(), in.readUTF());
                        final CompletableFuture<Named> asked = named.get(request);
                        if (asked != null)
                        {
                            asked.complete(answer);
                        }
                    }
                    case RendezvousProtocol.HEARTBEAT ->
                    {
                        // the launcher is alive: the read's timeout starts again
                    }
                    default -> throw new IOException("unexpected message type " + type + " from the launcher");
                }
            }
        }
        catch (final java.net.SocketTimeoutException ex)
        {
            why = "the launcher was not heard from for " + RendezvousProtocol.silenceMs() / 1000 + " s";
        }
        catch (final IOException ex)
        {
            if (!(ex instanceof java.io.EOFException))
            {
                why = "the control channel failed: " + ex.getMessage();
            }
        }
        bye.countDown();
        fence.completeExceptionally(new IOException(why));
        ended = why;
        for (final CompletableFuture<Named> asked : named.values())
        {
            asked.completeExceptionally(new IOException(why));
        }
        if (!finished)
        {
            listener.launcherLost(why);
        }
    }
}
