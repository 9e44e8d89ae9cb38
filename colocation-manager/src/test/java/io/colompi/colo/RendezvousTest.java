package io.colompi.colo;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rendezvous and control channel, both sides in this JVM. */
@Timeout(10)
class RendezvousTest
{
    private static final long JOB = 0x0123_4567_89ab_cdefL;
    private static final long PID = ProcessHandle.current().pid();

    private final byte[] secret = RendezvousProtocol.newSecret();
    private final Events launcherSaw = new Events();
    private final Orders hostsGot = new Orders();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable closeable : open)
        {
            closeable.close();
        }
    }

    private RendezvousServer serve(final int jvms) throws IOException
    {
        final RendezvousServer server = RendezvousServer.start(JOB, secret, jvms, launcherSaw);
        open.add(server);
        return server;
    }

    private RendezvousClient connect(final RendezvousServer server, final int jvm) throws IOException
    {
        return connect(server.address(), secret, jvm);
    }

    private RendezvousClient connect(final InetSocketAddress address, final byte[] key, final int jvm) throws IOException
    {
        final RendezvousClient client = RendezvousClient.connect(address, JOB, key, jvm, PID, hostsGot);
        open.add(client);
        return client;
    }

    @Test
    void theFenceOpensOnlyWhenEveryJvmHasRegisteredAndGivesEachTheWholeTable() throws Exception
    {
        final RendezvousServer server = serve(2);
        final RendezvousClient first = connect(server, 0);
        final RendezvousClient second = connect(server, 1);
        launcherSaw.next();
        launcherSaw.next();

        final CompletableFuture<Map<String, String>> firstTable = CompletableFuture.supplyAsync(() -> register(first, "a"));
        Thread.sleep(200);
        assertFalse(firstTable.isDone(), "JVM 0 waits at the fence while JVM 1 has not registered");
        assertFalse(server.fenceReleased());

        final Map<String, String> secondTable = register(second, "b");

        final Map<String, String> all = Map.of("endpoint.a", "a", "endpoint.b", "b");
        assertEquals(all, secondTable);
        assertEquals(all, firstTable.get(5, TimeUnit.SECONDS));
        assertTrue(server.fenceReleased());
        assertEquals("fence", launcherSaw.next());
    }

    private static Map<String, String> register(final RendezvousClient client, final String name)
    {
        try
        {
            return client.register(Map.of("endpoint." + name, name));
        }
        catch (final IOException | InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void aHostWithoutTheSecretOrWithAnotherJobIdIsRefused() throws Exception
    {
        final RendezvousServer server = serve(1);

        final IOException wrongSecret = assertThrows(IOException.class,
            () -> connect(server.address(), RendezvousProtocol.newSecret(), 0));
        assertTrue(wrongSecret.getMessage().contains("refused JVM 0: authentication failed"), wrongSecret.getMessage());
        assertTrue(launcherSaw.next().startsWith("rejected: refused a rendezvous connection from /127.0.0.1:"));

        final IOException wrongJob = assertThrows(IOException.class,
            () -> RendezvousClient.connect(server.address(), JOB + 1, secret, 0, PID, hostsGot));
        assertTrue(wrongJob.getMessage().contains("authentication failed"), wrongJob.getMessage());
        assertTrue(launcherSaw.next().contains("authentication failed"));

        assertNotNull(connect(server, 0), "the refused attempts took no JVM's place");
        assertEquals("connected 0", launcherSaw.next());
    }

    @Test
    void eachJvmConnectsOnceAndOnlyJvmsOfTheJob() throws Exception
    {
        final RendezvousServer server = serve(2);
        server.expectPid(1, PID + 1);
        connect(server, 0);
        assertEquals("connected 0", launcherSaw.next());

        assertTrue(assertThrows(IOException.class, () -> connect(server, 0)).getMessage().contains("JVM 0 is already connected"));
        assertTrue(assertThrows(IOException.class, () -> connect(server, 2)).getMessage().contains("JVM 2 is not in this job"));
        assertTrue(assertThrows(IOException.class, () -> connect(server, 1)).getMessage().contains("JVM 1 is pid " + (PID + 1)));
    }

    @Test
    void aHostRefusesALauncherThatCannotProveItKnowsTheSecret() throws Exception
    {
        try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<Void> answer = CompletableFuture.runAsync(() ->
            {
                try (Socket socket = impostor.accept())
                {
                    final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeByte(RendezvousProtocol.HELLO);
                    out.writeInt(RendezvousProtocol.MAGIC);
                    out.writeInt(RendezvousProtocol.VERSION);
                    out.write(new byte[RendezvousProtocol.NONCE_BYTES]);
                    out.flush();
                    socket.getInputStream().readNBytes(1 + 4 + 8 + RendezvousProtocol.NONCE_BYTES + RendezvousProtocol.MAC_BYTES);
                    out.writeByte(RendezvousProtocol.WELCOME);
                    out.write(new byte[RendezvousProtocol.MAC_BYTES]);
                    out.flush();
                    socket.getInputStream().read();
                }
                catch (final IOException ignored)
                {
                    // The host hung up, as it should.
                }
            });
            final IOException refused = assertThrows(IOException.class,
                () -> connect((InetSocketAddress)impostor.getLocalSocketAddress(), secret, 0));
            assertTrue(refused.getMessage().contains("does not know the job's secret"), refused.getMessage());
            answer.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theControlChannelCarriesDoneEndingExitingAndAbort() throws Exception
    {
        final RendezvousServer server = serve(2);
        final RendezvousClient first = connect(server, 0);
        final RendezvousClient second = connect(server, 1);
        launcherSaw.next();
        launcherSaw.next();

        first.ending(3, "rank 1 called Abort(3)");
        assertEquals("ending 0 3 rank 1 called Abort(3)", launcherSaw.next());
        server.abort(3, "rank 1 called Abort(3)");
        assertEquals("abort 3 rank 1 called Abort(3)", hostsGot.next());
        assertEquals("abort 3 rank 1 called Abort(3)", hostsGot.next());
        assertNull(first.register(Map.of()), "an aborted job has no fence to pass");

        final long start = System.nanoTime();
        first.done(3, "rank 1 called Abort(3)");
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(RendezvousClient.BYE_TIMEOUT_MS),
            "the launcher acknowledges DONE at once");
        assertEquals("done 0 3 rank 1 called Abort(3)", launcherSaw.next());
        first.close();

        assertNull(launcherSaw.poll(), "JVM 0 said DONE: the end of its channel is no news");

        second.exiting(2, false);
        assertEquals("exiting 1 2", launcherSaw.next());
        second.close();
        assertTrue(launcherSaw.next().startsWith("lost 1"), "its exit status will say how it ended");
        assertNull(hostsGot.poll(), "hosts that said DONE or EXITING expect the end of the channel");
    }

    @Test
    void theLauncherKeepsTheJobsNamesForTheRanksOfEveryJvm() throws Exception
    {
        final RendezvousServer server = serve(2);
        final RendezvousClient first = connect(server, 0);
        final RendezvousClient second = connect(server, 1);

        first.publish("ocean", "colompi-port:1:0:0");
        assertEquals("colompi-port:1:0:0", second.lookup("ocean"));
        final MpiError twice = assertThrows(MpiError.class, () -> second.publish("ocean", "colompi-port:1:3:0"));
        assertEquals(ErrorClass.SERVICE, twice.errorClass());
        assertTrue(twice.getMessage().contains("published already"), twice.getMessage());
        assertEquals(ErrorClass.SERVICE,
            assertThrows(MpiError.class, () -> second.unpublish("ocean", "colompi-port:1:3:0")).errorClass());
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> second.lookup("")).errorClass());
        second.unpublish("ocean", "colompi-port:1:0:0");
        assertEquals(ErrorClass.NAME, assertThrows(MpiError.class, () -> first.lookup("ocean")).errorClass());

        // calls from several threads of a JVM at once each get their own answer
        final List<CompletableFuture<String>> lookups = new ArrayList<>();
        for (int i = 0; i < 16; i++)
        {
            first.publish("service " + i, "port " + i);
        }
        for (int i = 0; i < 16; i++)
        {
            final String service = "service " + i;
            lookups.add(CompletableFuture.supplyAsync(() -> second.lookup(service)));
        }
        for (int i = 0; i < 16; i++)
        {
            assertEquals("port " + i, lookups.get(i).get(5, TimeUnit.SECONDS));
        }

        server.close();
        assertTrue(hostsGot.next().startsWith("launcher lost"));
        final MpiError gone = assertThrows(MpiError.class, () -> first.lookup("service 0"));
        assertEquals(ErrorClass.OTHER, gone.errorClass());
        assertTrue(gone.getMessage().contains("name service"), gone.getMessage());
    }

    @Test
    void theEndOfTheChannelIsTheEndOfTheJobOnBothSides() throws Exception
    {
        final RendezvousServer server = serve(2);
        final RendezvousClient host = connect(server, 0);
        final RendezvousClient dying = connect(server, 1);
        launcherSaw.next();
        launcherSaw.next();

        dying.close();
        assertTrue(launcherSaw.next().startsWith("lost 1"), "a host gone before DONE is lost");

        server.close();
        assertTrue(hostsGot.next().startsWith("launcher lost"), "a host whose launcher is gone halts");
        assertThrows(IOException.class, () -> host.register(Map.of()));
    }

    @Test
    @Timeout(30)
    void aSilentChannelIsTheEndOfTheJobOnBothSidesAndAnIdleOneIsNot() throws Exception
    {
        final String before = System.setProperty(RendezvousProtocol.SILENCE_PROPERTY, "3000");
        try (Relay relay = new Relay())
        {
            final RendezvousServer server = serve(1);
            relay.to(server.address());
            connect(relay.address(), secret, 0);
            assertEquals("connected 0", launcherSaw.next());

            Thread.sleep(5_000);
            assertNull(launcherSaw.poll(), "an idle channel whose ends say they are alive lives on");
            assertNull(hostsGot.poll());

            relay.freeze();
            final long frozen = System.nanoTime();
            final String lost = launcherSaw.next();
            assertTrue(lost.startsWith("lost 0 it was not heard from for 3 s"), lost);
            final String launcherLost = hostsGot.next();
            assertEquals("launcher lost: the launcher was not heard from for 3 s", launcherLost);
            assertTrue(System.nanoTime() - frozen < TimeUnit.SECONDS.toNanos(6), "noticed within the silence");
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(RendezvousProtocol.SILENCE_PROPERTY);
            }
            else
            {
                System.setProperty(RendezvousProtocol.SILENCE_PROPERTY, before);
            }
        }
    }

    /** A TCP relay on loopback that can stop passing bytes either way while keeping both connections open. */
    private static final class Relay implements AutoCloseable
    {
        private final ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new ArrayList<>();
        private volatile boolean frozen;

        Relay() throws IOException
        {
        }

        InetSocketAddress address()
        {
            return (InetSocketAddress)listening.getLocalSocketAddress();
        }

        /** Pass the next connection on to {@code target}. */
        void to(final InetSocketAddress target)
        {
            final Thread acceptor = new Thread(() ->
            {
                try
                {
                    final Socket host = listening.accept();
                    final Socket launcher = new Socket(target.getAddress(), target.getPort());
                    synchronized (sockets)
                    {
                        sockets.add(host);
                        sockets.add(launcher);
                    }
                    pump(host, launcher);
                    pump(launcher, host);
                }
                catch (final IOException ex)
                {
                    // closed
                }
            }, "relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void pump(final Socket from, final Socket to)
        {
            final Thread pump = new Thread(() ->
            {
                final byte[] bytes = new byte[4096];
                try
                {
                    int n;
                    while ((n = from.getInputStream().read(bytes)) >= 0)
                    {
                        if (!frozen)
                        {
                            to.getOutputStream().write(bytes, 0, n);
                        }
                    }
                }
                catch (final IOException ex)
                {
                    // closed
                }
            }, "relay-pump");
            pump.setDaemon(true);
            pump.start();
        }

        /** From now on, bytes are swallowed: a network cut that neither end sees as a closed connection. */
        void freeze()
        {
            frozen = true;
        }

        @Override
        public void close() throws IOException
        {
            listening.close();
            synchronized (sockets)
            {
                for (final Socket socket : sockets)
                {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aHostTriesTheLaunchersAddressesInTurnAndSaysWhyEachFailed() throws Exception
    {
        final RendezvousServer server = serve(1);
        final InetSocketAddress closed = closedPort();

        final RendezvousClient client = RendezvousClient.connect(List.of(closed, server.address()), JOB, secret, 0, PID, hostsGot);
        open.add(client);
        assertEquals("connected 0", launcherSaw.next());
        assertEquals("127.0.0.1", client.localAddress());

        final IOException none = assertThrows(IOException.class,
            () -> RendezvousClient.connect(List.of(closed, closed), JOB, secret, 0, PID, hostsGot));
        assertTrue(none.getMessage().startsWith("no address of the launcher answered: 127.0.0.1:" + closed.getPort() + " ("),
            none.getMessage());
    }

    @Test
    void aLauncherForSeveralNodesListensOnLoopbackAndTheAddressesHostsUseOnlyAndHostsLearnTheAddressTheyCameFrom()
        throws Exception
    {
        final List<InetAddress> candidates = LauncherAddresses.candidates();
        assertTrue(candidates.stream().allMatch(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()),
            candidates::toString);
        final RendezvousServer server = RendezvousServer.startForNodes(JOB, secret, 2, launcherSaw, candidates);
        open.add(server);
        assertEquals(1 + candidates.size(), server.addresses().size(), server.addresses().toString());
        assertTrue(server.addresses().stream().noneMatch(a -> a.getAddress().isAnyLocalAddress()), server.addresses().toString());

        final RendezvousClient local = connect(server.loopbackAddress(), secret, 0);
        final RendezvousClient remote = RendezvousClient.connect(
            candidates.stream().map(server::addressAt).toList(), JOB, secret, 1, PID, hostsGot);
        open.add(remote);

        assertEquals("127.0.0.1", local.localAddress());
        assertEquals(candidates.get(0).getHostAddress(), remote.localAddress(), "the address other nodes reach it at");
        // An address of this machine that no host was told: nothing listens there (a wildcard listener would).
        final IOException refused = assertThrows(IOException.class, () -> new Socket()
            .connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), server.address().getPort()), 2000));
        assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
    }

    @Test
    @Timeout(60)
    void idleConnectionsFloodingThePortDoNotKeepTheJobsJvmsOut() throws Exception
    {
        final RendezvousServer server = serve(2);
        final List<Socket> idle = new ArrayList<>();
        try
        {
            for (int i = 0; i < 3 * RendezvousServer.MAX_EXTRA_HANDSHAKES; i++)
            {
                final Socket socket = new Socket();
                socket.connect(server.address(), 2000);
                idle.add(socket);
            }
            final RendezvousClient first = connect(server, 0);
            for (int i = 0; i < RendezvousServer.MAX_EXTRA_HANDSHAKES; i++)
            {
                final Socket socket = new Socket();
                socket.connect(server.address(), 2000);
                idle.add(socket);
            }
            final RendezvousClient second = connect(server, 1);
            final CompletableFuture<Map<String, String>> firstTable = CompletableFuture.supplyAsync(() -> register(first, "a"));
            assertEquals(Map.of("endpoint.a", "a", "endpoint.b", "b"), register(second, "b"));
            assertEquals(2, firstTable.get(10, TimeUnit.SECONDS).size());
        }
        finally
        {
            for (final Socket socket : idle)
            {
                socket.close();
            }
        }
    }

    private static InetSocketAddress closedPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return (InetSocketAddress)socket.getLocalSocketAddress();
        }
    }

    @Test
    void theMacIsHmacSha256AsJavaxCryptoComputesIt() throws Exception
    {
        final byte[] launcherNonce = RendezvousProtocol.newNonce();
        final byte[] hostNonce = RendezvousProtocol.newNonce();
        final Mac mac = Mac.getInstance("HmacSHA256");
        for (final byte[] key : new byte[][]{ secret, RendezvousProtocol.randomBytes(100) })
        {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update("host".getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(12).putLong(JOB).putInt(3).array());
            mac.update(launcherNonce);
            mac.update(hostNonce);

            assertArrayEquals(mac.doFinal(), RendezvousProtocol.mac(key, "host", JOB, launcherNonce, hostNonce, 3));
        }
        assertFalse(java.util.Arrays.equals(
            RendezvousProtocol.mac(secret, "host", JOB, launcherNonce, hostNonce, 3),
            RendezvousProtocol.mac(secret, "launcher", JOB, launcherNonce, hostNonce, 3)), "the two roles' MACs differ");
    }

    /** What the launcher side heard, one line per event. */
    private static final class Events implements RendezvousServer.Listener
    {
        private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        String next() throws InterruptedException
        {
            final String event = seen.poll(5, TimeUnit.SECONDS);
            assertNotNull(event, "no event within 5 s");
            return event;
        }

        String poll() throws InterruptedException
        {
            return seen.poll(200, TimeUnit.MILLISECONDS);
        }

        @Override
        public void connected(final int jvm, final long pid)
        {
            seen.add("connected " + jvm);
        }

        @Override
        public void fenceReleased()
        {
            seen.add("fence");
        }

        @Override
        public void ending(final int jvm, final int code, final String message)
        {
            seen.add("ending " + jvm + " " + code + " " + message);
        }

        @Override
        public void done(final int jvm, final int code, final String message)
        {
            seen.add("done " + jvm + " " + code + " " + message);
        }

        @Override
        public void exiting(final int jvm, final int rank, final boolean afterFinalize)
        {
            seen.add("exiting " + jvm + " " + rank + (afterFinalize ? " after Finalize" : ""));
        }

        @Override
        public void lost(final int jvm, final String why)
        {
            seen.add("lost " + jvm + " " + why);
        }

        @Override
        public void rejected(final String why)
        {
            seen.add("rejected: " + why);
        }
    }

    /** What the hosts were told. */
    private static final class Orders implements RendezvousClient.Listener
    {
        private final BlockingQueue<String> got = new LinkedBlockingQueue<>();

        String next() throws InterruptedException
        {
            final String order = got.poll(5, TimeUnit.SECONDS);
            assertNotNull(order, "no order within 5 s");
            return order;
        }

        String poll() throws InterruptedException
        {
            return got.poll(200, TimeUnit.MILLISECONDS);
        }

        @Override
        public void abort(final int code, final String reason)
        {
            got.add("abort " + code + " " + reason);
        }

        @Override
        public void launcherLost(final String why)
        {
            got.add("launcher lost: " + why);
        }
    }
}
