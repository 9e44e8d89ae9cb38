package io.colompi.colo;

import io.colompi.core.job.MpiError;
import io.colompi.core.job.ServiceNames;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's side of the {@link RendezvousProtocol}: serves the job's rank hosts on 127.0.0.1 (and on the
 * addresses other nodes reach the launcher at when some run there: {@link #startForNodes}), authenticates
 * them, collects their endpoints, releases the fence once every JVM has registered, and then carries the control
 * messages ({@code DONE}, {@code EXITING}, {@code ABORT}) until the job ends; it keeps the job's name service
 * ({@link ServiceNames}), which the ranks of every JVM reach over their JVM's channel. What happens on each
 * connection is reported to a {@link Listener}, on the connection's thread.
 */
final class RendezvousServer implements AutoCloseable
{
    /** What the launcher learns from its rank hosts; called on connection threads. */
    interface Listener
    {
        /** JVM {@code jvm} authenticated and its control channel is open. */
        default void connected(final int jvm, final long pid)
        {
        }

        /** Every JVM registered: the fence is released. */
        default void fenceReleased()
        {
        }

        /** A rank of JVM {@code jvm} failed or aborted: its ranks are ending with {@code code}. */
        void ending(int jvm, int code, String message);

        /** JVM {@code jvm} reported the end of its ranks; it exits next. Returns before BYE is sent. */
        void done(int jvm, int code, String message);

        /**
         * A rank of JVM {@code jvm} (or -1: unknown) called {@code System.exit}, after it completed
         * {@code MPI.Finalize} or not; after it, the JVM reports DONE once its other ranks have ended.
         */
        void exiting(int jvm, int rank, boolean afterFinalize);

        /** The control channel of JVM {@code jvm} ended before it reported DONE. */
        void lost(int jvm, String why);

        /** A connection was refused (wrong secret, unknown or duplicate JVM, protocol error). */
        void rejected(String why);
    }

    /**
     * Connections still authenticating beyond one per JVM: past this, each new one closes the one that has been
     * authenticating longest. A rank host authenticates within milliseconds of connecting, so connections that
     * idle (strangers flooding the port) are the ones closed, and never keep a rank host out.
     */
    static final int MAX_EXTRA_HANDSHAKES = 64;

    private final long jobId;
    private final byte[] secret;
    private final int jvms;
    private final Listener listener;
    private final List<ServerSocket> servers;
    private final Connection[] connections;
    private final long[] expectedPids;
    private final Map<String, String> table = new LinkedHashMap<>();
    private final ServiceNames names = new ServiceNames();
    private final List<Socket> sockets = new ArrayList<>();
    /** Connections authenticating, oldest first. */
    private final ArrayDeque<Socket> handshaking = new ArrayDeque<>();
    private int registered;
    private boolean fenceReleased;
    private int abortCode;
    private String abortReason;
    private boolean closed;

    private RendezvousServer(
        final long jobId, final byte[] secret, final int jvms, final Listener listener, final List<ServerSocket> servers)
    {
        this.jobId = jobId;
        this.secret = secret.clone();
        this.jvms = jvms;
        this.listener = listener;
        this.servers = servers;
        this.connections = new Connection[jvms];
        this.expectedPids = new long[jvms];
    }

    /** Listen on an ephemeral port of 127.0.0.1 for the {@code jvms} rank hosts of job {@code jobId}. */
    static RendezvousServer start(final long jobId, final byte[] secret, final int jvms, final Listener listener)
        throws IOException
    {
        return start(List.of(), jobId, secret, jvms, listener);
    }

    /**
     * Listen on an ephemeral port of 127.0.0.1 and, on the same port, of each of {@code addresses} (where rank hosts
     * on other nodes reach the launcher), for a job with rank hosts on other nodes; never on other interfaces.
     */
    static RendezvousServer startForNodes(
        final long jobId, final byte[] secret, final int jvms, final Listener listener, final List<InetAddress> addresses)
        throws IOException
    {
        return start(addresses, jobId, secret, jvms, listener);
    }

    private static RendezvousServer start(
        final List<InetAddress> addresses, final long jobId, final byte[] secret, final int jvms, final Listener listener)
        throws IOException
    {
        final List<ServerSocket> sockets = bind(addresses, jvms + MAX_EXTRA_HANDSHAKES);
        final RendezvousServer server = new RendezvousServer(jobId, secret, jvms, listener, sockets);
        for (final ServerSocket socket : sockets)
        {
            final Thread acceptor = new Thread(() -> server.acceptLoop(socket), "colompi-rendezvous");
            acceptor.setDaemon(true);
            acceptor.start();
        }
        final Thread heartbeat = new Thread(server::beat, "colompi-control-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
        return server;
    }

    /** Loopback first, on an ephemeral port; then each address on that port (a few ports tried, if one is taken). */
    private static List<ServerSocket> bind(final List<InetAddress> addresses, final int backlog) throws IOException
    {
        IOException taken = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final List<ServerSocket> sockets = new ArrayList<>(addresses.size() + 1);
            try
            {
                final ServerSocket loopback = new ServerSocket();
                sockets.add(loopback);
                loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
                for (final InetAddress address : addresses)
                {
                    if (!address.isLoopbackAddress())
                    {
                        final ServerSocket socket = new ServerSocket();
                        sockets.add(socket);
                        socket.bind(new InetSocketAddress(address, loopback.getLocalPort()), backlog);
                    }
                }
                return sockets;
            }
            catch (final IOException ex)
            {
                sockets.forEach(RendezvousServer::closeQuietly);
                taken = ex;
            }
        }
        throw new IOException("cannot listen for rank hosts on " + addresses + ": " + taken.getMessage(), taken);
    }

    /** The first address listened on: 127.0.0.1 and the port. */
    InetSocketAddress address()
    {
        return (InetSocketAddress)servers.get(0).getLocalSocketAddress();
    }

    /** Every address listened on (loopback first). */
    List<InetSocketAddress> addresses()
    {
        return servers.stream().map(socket -> (InetSocketAddress)socket.getLocalSocketAddress()).toList();
    }

    /** Where a rank host on this machine connects: 127.0.0.1 and the port. */
    InetSocketAddress loopbackAddress()
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), servers.get(0).getLocalPort());
    }

    /** Where a rank host on another node may connect, at {@code address} (one of the launcher's) and the port. */
    InetSocketAddress addressAt(final InetAddress address)
    {
        return new InetSocketAddress(address, servers.get(0).getLocalPort());
    }

    /** JVM {@code jvm} is process {@code pid}: it must say so when it authenticates. */
    synchronized void expectPid(final int jvm, final long pid)
    {
        expectedPids[jvm] = pid;
    }

    synchronized boolean fenceReleased()
    {
        return fenceReleased;
    }

    /** Order every connected host (and every one that connects from now on) to end its ranks with {@code code}. */
    void abort(final int code, final String reason)
    {
        final List<Connection> open = new ArrayList<>();
        synchronized (this)
        {
            if (abortReason != null)
            {
                return;
            }
            abortCode = code;
            abortReason = RendezvousProtocol.line(reason);
            for (final Connection connection : connections)
            {
                if (connection != null)
                {
                    open.add(connection);
                }
            }
        }
        for (final Connection connection : open)
        {
            connection.sendAbort(code, abortReason);
        }
    }

    /** Stop serving and close every connection: hosts still running see EOF and halt. */
    @Override
    public void close()
    {
        final List<Socket> open;
        synchronized (this)
        {
            closed = true;
            open = new ArrayList<>(sockets);
        }
        servers.forEach(RendezvousServer::closeQuietly);
        open.forEach(RendezvousServer::closeQuietly);
    }

    /** Tell every welcomed host the launcher is alive, every {@link RendezvousProtocol#HEARTBEAT_MS} ms, until closed. */
    private void beat()
    {
        while (true)
        {
            final List<Connection> welcomed = new ArrayList<>(jvms);
            synchronized (this)
            {
                if (closed)
                {
                    return;
                }
                for (final Connection connection : connections)
                {
                    if (connection != null)
                    {
                        welcomed.add(connection);
                    }
                }
            }
            welcomed.forEach(Connection::sendHeartbeat);
            try
            {
                Thread.sleep(RendezvousProtocol.HEARTBEAT_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private void acceptLoop(final ServerSocket server)
    {
        while (true)
        {
            final Socket socket;
            try
            {
                socket = server.accept();
            }
            catch (final IOException ex)
            {
                return; // closed
            }
            synchronized (this)
            {
                if (closed)
                {
                    closeQuietly(socket);
                    return;
                }
                if (handshaking.size() >= jvms + MAX_EXTRA_HANDSHAKES)
                {
                    // Someone is flooding the port: the connection idling longest is a stranger's, not a rank host's.
                    closeQuietly(handshaking.pollFirst());
                }
                handshaking.addLast(socket);
                sockets.add(socket);
            }
            final Thread thread = new Thread(new Connection(socket)::run, "colompi-control-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** REGISTER from {@code jvm}: merge its endpoints; the last one releases the fence. */
    private void register(final int jvm, final Map<String, String> endpoints) throws IOException
    {
        final List<Connection> release = new ArrayList<>();
        final Map<String, String> all;
        synchronized (this)
        {
            for (final Map.Entry<String, String> entry : endpoints.entrySet())
            {
                final String previous = table.putIfAbsent(entry.getKey(), entry.getValue());
                if (previous != null && !previous.equals(entry.getValue()))
                {
                    throw new IOException("JVM " + jvm + " registered endpoint " + entry.getKey() + "=" + entry.getValue() +
                        ", already registered as " + previous);
                }
            }
            if (++registered < jvms)
            {
                return;
            }
            fenceReleased = true;
            all = Map.copyOf(table);
            for (final Connection connection : connections)
            {
                release.add(connection);
            }
        }
        for (final Connection connection : release)
        {
            connection.sendFence(all);
        }
        listener.fenceReleased();
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ignored)
        {
            // Closing at the end of the job: nothing left to tell anyone.
        }
    }

    /** One rank host's connection: the handshake, then its messages until it ends. */
    private final class Connection
    {
        private final Socket socket;
        private DataOutputStream out;
        private int jvm = -1;
        private boolean done;
        /** Set once the handshake has welcomed the host: heartbeats go from then on. */
        private volatile boolean welcomed;

        Connection(final Socket socket)
        {
            this.socket = socket;
        }

        void run()
        {
            try
            {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(RendezvousProtocol.HANDSHAKE_TIMEOUT_MS);
                final DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
                final boolean welcome;
                try
                {
                    welcome = handshake(in);
                }
                finally
                {
                    synchronized (RendezvousServer.this)
                    {
                        handshaking.remove(socket);
                    }
                }
                if (!welcome)
                {
                    return;
                }
                socket.setSoTimeout(RendezvousProtocol.silenceMs());
                welcomed = true;
                serve(in);
            }
            catch (final SocketTimeoutException ex)
            {
                // close first: a heartbeat blocked writing to a host that is cut off lets go of this connection
                closeQuietly(socket);
                ended(jvm < 0 ? "it did not complete the handshake" : "it was not heard from for " +
                    RendezvousProtocol.silenceMs() / 1000 + " s: its host, or the network to it, is down");
            }
            catch (final EOFException ex)
            {
                ended(jvm < 0 ? "it did not complete the handshake" : "its control channel closed");
            }
            catch (final IOException ex)
            {
                ended("its control channel failed: " + ex.getMessage());
            }
            finally
            {
                closeQuietly(socket);
                synchronized (RendezvousServer.this)
                {
                    sockets.remove(socket);
                }
            }
        }

        private boolean handshake(final DataInputStream in) throws IOException
        {
            final byte[] launcherNonce = RendezvousProtocol.newNonce();
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.HELLO);
                out.writeInt(RendezvousProtocol.MAGIC);
                out.writeInt(RendezvousProtocol.VERSION);
                out.write(launcherNonce);
                out.flush();
            }
            if (in.readByte() != RendezvousProtocol.AUTH)
            {
                return reject("it did not authenticate");
            }
            final int claimedJvm = in.readInt();
            final long pid = in.readLong();
            final byte[] hostNonce = RendezvousProtocol.readBytes(in, RendezvousProtocol.NONCE_BYTES);
            final byte[] mac = RendezvousProtocol.readBytes(in, RendezvousProtocol.MAC_BYTES);
            final byte[] expected = RendezvousProtocol.mac(secret, "host", jobId, launcherNonce, hostNonce, claimedJvm);
            if (!RendezvousProtocol.sameMac(expected, mac))
            {
                return reject("authentication failed (wrong secret or job)");
            }
            final int code;
            final String reason;
            synchronized (RendezvousServer.this)
            {
                if (claimedJvm < 0 || claimedJvm >= jvms)
                {
                    return reject("JVM " + claimedJvm + " is not in this job of " + jvms + " JVMs");
                }
                if (connections[claimedJvm] != null)
                {
                    return reject("JVM " + claimedJvm + " is already connected");
                }
                if (expectedPids[claimedJvm] != 0 && expectedPids[claimedJvm] != pid)
                {
                    return reject("JVM " + claimedJvm + " is pid " + expectedPids[claimedJvm] + ", not " + pid);
                }
                jvm = claimedJvm;
                connections[jvm] = this;
                code = abortCode;
                reason = abortReason;
            }
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.WELCOME);
                out.write(RendezvousProtocol.mac(secret, "launcher", jobId, launcherNonce, hostNonce, jvm));
                out.flush();
            }
            listener.connected(jvm, pid);
            if (reason != null)
            {
                sendAbort(code, reason);
            }
            return true;
        }

        private boolean reject(final String why) throws IOException
        {
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.REJECT);
                out.writeUTF(why);
                out.flush();
            }
            listener.rejected("refused a rendezvous connection from " + socket.getRemoteSocketAddress() + ": " + why);
            return false;
        }

        private void serve(final DataInputStream in) throws IOException
        {
            boolean registeredHere = false;
            while (true)
            {
                final byte type = in.readByte();
                switch (type)
                {
                    case RendezvousProtocol.REGISTER ->
                    {
                        if (registeredHere)
                        {
                            throw new IOException("JVM " + jvm + " registered twice");
                        }
                        registeredHere = true;
                        register(jvm, RendezvousProtocol.readTable(in));
                    }
                    case RendezvousProtocol.DONE ->
                    {
                        final int code = in.readInt();
                        final String message = in.readUTF();
                        done = true;
                        listener.done(jvm, code, message);
                        synchronized (this)
                        {
                            out.writeByte(RendezvousProtocol.BYE);
                            out.flush();
                        }
                    }
                    case RendezvousProtocol.EXITING -> listener.exiting(jvm, in.readInt(), in.readBoolean());
                    case RendezvousProtocol.ENDING ->
                    {
                        final int code = in.readInt();
                        listener.ending(jvm, code, in.readUTF());
                    }
                    case RendezvousProtocol.NAME -> answerName(in);
                    case RendezvousProtocol.HEARTBEAT ->
                    {
                        // the host is alive: the read's timeout starts again
                    }
                    default -> throw new IOException("unexpected message type " + type + " from JVM " + jvm);
                }
            }
        }

        /** A rank's call of the name service: done on the table, the outcome sent back as {@code NAMED}. */
        private void answerName(final DataInputStream in) throws IOException
        {
            final int request = in.readInt();
            final byte op = in.readByte();
            final String service = in.readUTF();
            final String port = in.readUTF();
            int errorClass = 0;
            String text = "";
            try
            {
                switch (op)
                {
                    case RendezvousProtocol.PUBLISH -> names.publish(service, port);
                    case RendezvousProtocol.UNPUBLISH -> names.unpublish(service, port);
                    case RendezvousProtocol.LOOKUP -> text = names.lookup(service);
                    default -> throw new IOException("unknown name service operation " + op + " from JVM " + jvm);
                }
            }
            catch (final MpiError refused)
            {
                errorClass = refused.errorClass().code();
                text = refused.getMessage();
            }
            synchronized (this)
            {
                out.writeByte(RendezvousProtocol.NAMED);
                out.writeInt(request);
                out.writeInt(errorClass);
                out.writeUTF(text);
                out.flush();
            }
        }

        private void ended(final String why)
        {
            final boolean closing;
            synchronized (RendezvousServer.this)
            {
                closing = closed;
            }
            if (jvm >= 0 && !done && !closing)
            {
                listener.lost(jvm, why);
            }
        }

        synchronized void sendFence(final Map<String, String> all)
        {
            try
            {
                out.writeByte(RendezvousProtocol.FENCE);
                RendezvousProtocol.writeTable(out, all);
                out.flush();
            }
            catch (final IOException ex)
            {
                // The host is gone: its reader reports the loss.
            }
        }

        synchronized void sendHeartbeat()
        {
            if (!welcomed)
            {
                return;
            }
            try
            {
                out.writeByte(RendezvousProtocol.HEARTBEAT);
                out.flush();
            }
            catch (final IOException ex)
            {
                // The host is gone: its reader reports the loss.
            }
        }

        synchronized void sendAbort(final int code, final String reason)
        {
            try
            {
                out.writeByte(RendezvousProtocol.ABORT);
                out.writeInt(code);
                out.writeUTF(reason);
                out.flush();
            }
            catch (final IOException ex)
            {
                // The host is gone: its reader reports the loss.
            }
        }
    }
}
