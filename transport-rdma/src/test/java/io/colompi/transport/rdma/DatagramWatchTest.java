package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keeper's wait on the embedded driver's sockets ends when a datagram reaches one, long before its timeout. */
@Timeout(30)
class DatagramWatchTest
{
    private static final int MIB = 1024 * 1024;

    private final DatagramWatch watch = new DatagramWatch();
    private MediaDriver driver;
    private Aeron aeron;
    private InetSocketAddress bound;

    @BeforeEach
    void startDriverWithASubscription() throws Exception
    {
        final AeronSettings settings = new AeronSettings(
            48 * MIB, 0, AeronSettings.LOOPBACK_MTU, 1408, 2 * MIB, 2 * MIB, 64, 100_000, 1_000_000, 0, null);
        final String directory = Files.createTempDirectory("colompi-watch").resolve("aeron").toString();
        driver = MediaDriver.launch(watch.watching(settings.driverContext(directory, 64 * 1024)));
        aeron = Aeron.connect(settings.clientContext(driver));
        final Subscription subscription = aeron.addSubscription(settings.subscriptionChannel("127.0.0.1", 64 * 1024), 7);
        List<String> addresses = subscription.localSocketAddresses();
        while (addresses.isEmpty())
        {
            driver.sharedAgentInvoker().invoke();
            aeron.conductorAgentInvoker().invoke();
            addresses = subscription.localSocketAddresses();
        }
        final String address = addresses.get(0);
        bound = new InetSocketAddress("127.0.0.1", Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    }

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(watch, aeron, driver);
    }

    @Test
    void aDatagramToTheSubscriptionEndsTheWaitAtOnce() throws Exception
    {
        final CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> watch.await(10_000));
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.send(new DatagramPacket(new byte[32], 32, bound));
        }
        assertTrue(ready.get(5, TimeUnit.SECONDS) > 0, "the wait (10 s) ended with the datagram");
    }

    @Test
    void withoutDatagramsTheWaitLastsItsTimeout()
    {
        final long startNs = System.nanoTime();
        assertEquals(0, watch.await(50));
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(40));
    }
}
