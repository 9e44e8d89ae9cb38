package io.colompi.transport.rdma;

import io.aeron.ChannelUri;
import io.aeron.driver.MediaDriver;
import io.colompi.core.job.Placement;
import org.agrona.SystemUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class AeronSettingsTest
{
    private static final int MIB = 1024 * 1024;

    private static AeronSettings budget(final int termBudget)
    {
        return window(termBudget, 2 * MIB);
    }

    private static AeronSettings window(final int termBudget, final int receiverWindow)
    {
        return new AeronSettings(termBudget, 0, AeronSettings.LOOPBACK_MTU, 1408, 2 * MIB, receiverWindow, 64, 100_000,
            1_000_000, 1_000, 2_000_000_000L, 16, null);
    }

    @Test
    void termLengthSharesTheBudgetBetweenTheRemoteJvmsInPowersOfTwo()
    {
        final AeronSettings settings = window(48 * MIB, 64 * MIB);
        assertEquals(8 * MIB, settings.termLength(1));
        assertEquals(4 * MIB, settings.termLength(2));
        assertEquals(2 * MIB, settings.termLength(3));
        assertEquals(512 * 1024, settings.termLength(15));
        assertEquals(64 * 1024, settings.termLength(1000));
        assertEquals(16 * MIB, window(1024 * MIB, 64 * MIB).termLength(1));
        for (int remote = 1; remote <= 128; remote++)
        {
            final long logs = (long)AeronSettings.TERMS_PER_REMOTE_JVM * remote * settings.termLength(remote);
            assertTrue(logs <= 48 * MIB, remote + " remote JVMs map " + logs + " bytes of logs");
        }
    }

    @Test
    void aTermIsNoLongerThanTwoReceiverWindows()
    {
        assertEquals(4 * MIB, budget(48 * MIB).termLength(1));
        assertEquals(4 * MIB, budget(1024 * MIB).termLength(1));
        assertEquals(2 * MIB, budget(48 * MIB).termLength(3));
        assertEquals(1 * MIB, window(48 * MIB, 768 * 1024).termLength(1));
        assertEquals(64 * 1024, window(48 * MIB, 1024).termLength(1));
    }

    @Test
    void aFixedTermLengthWinsAndMustBeAPowerOfTwo()
    {
        final AeronSettings fixed = new AeronSettings(48 * MIB, 128 * 1024, 8192, 1408, 2 * MIB, 2 * MIB, 64, 1, 1, 1_000, 0, 16, null);
        assertEquals(128 * 1024, fixed.termLength(15));
        assertThrows(IllegalArgumentException.class,
            () -> new AeronSettings(48 * MIB, 100_000, 8192, 1408, 2 * MIB, 2 * MIB, 64, 1, 1, 1_000, 0, 16, null));
    }

    @Test
    void theEmbeddedDriverStartsNoThreadOfItsOwn(@TempDir final Path parent)
    {
        final Set<Thread> before = Thread.getAllStackTraces().keySet();
        final String directory = parent.resolve("aeron").toString();
        try (MediaDriver driver = MediaDriver.launch(budget(48 * MIB).driverContext(directory, 64 * 1024)))
        {
            driver.sharedAgentInvoker().invoke();
            final List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.getName().startsWith("aeron"))
                .map(Thread::getName)
                .toList();
            assertEquals(List.of(), started, "an invoked driver runs in the ranks' and the keeper's threads only");
        }
    }

    @Test
    void theMostConnectedJvmOfTheJobSetsTheCount()
    {
        // Node 0 has JVMs 0 and 1, node 1 has JVM 2, node 2 has JVMs 3, 4 and 5: JVM 2 sees five remote JVMs.
        final Placement placement = new Placement(new int[]{ 0, 0, 0, 1, 2, 2, 2 }, new int[]{ 0, 0, 1, 2, 3, 4, 5 });
        assertEquals(5, new JvmPlacement(placement).mostRemoteJvms());
        assertEquals(0, new JvmPlacement(new Placement(new int[2], new int[]{ 0, 1 })).mostRemoteJvms());
    }

    @Test
    void loopbackChannelsUseLargeDatagramsAndOthersFitAnEthernetFrame()
    {
        final AeronSettings settings = budget(48 * MIB);
        assertEquals(65504, settings.mtu("127.0.0.1"));
        assertEquals(65504, settings.mtu("::1"));
        assertEquals(1408, settings.mtu("10.1.2.3"));
        final ChannelUri loopback = ChannelUri.parse(settings.publicationChannel("127.0.0.1:40123", 4 * MIB));
        assertEquals("udp", loopback.media());
        assertEquals("127.0.0.1:40123", loopback.get("endpoint"));
        assertEquals(65504, size(loopback, "mtu"));
        assertEquals(4 * MIB, size(loopback, "term-length"));
        final ChannelUri remote = ChannelUri.parse(settings.publicationChannel("[fe80::1]:40123", 4 * MIB));
        assertEquals(1408, size(remote, "mtu"));
    }

    @Test
    void aShortTermCapsTheMtuAtAeronsLargestMessage()
    {
        final AeronSettings settings = budget(48 * MIB);
        assertEquals(32 * 1024, size(ChannelUri.parse(settings.publicationChannel("127.0.0.1:40123", 256 * 1024)), "mtu"));
        assertEquals(8 * 1024, size(ChannelUri.parse(settings.publicationChannel("127.0.0.1:40123", 64 * 1024)), "mtu"));
        assertEquals(1408, size(ChannelUri.parse(settings.publicationChannel("10.1.2.3:40123", 64 * 1024)), "mtu"));
    }

    @Test
    void subscriptionsBindAnEphemeralPortWithAWindowWithinHalfATermAndTheSocketBuffer()
    {
        final AeronSettings settings = budget(48 * MIB);
        final ChannelUri channel = ChannelUri.parse(settings.subscriptionChannel("127.0.0.1", 512 * 1024));
        assertEquals("127.0.0.1:0", channel.get("endpoint"));
        assertEquals(256 * 1024, size(channel, "rcv-wnd"));
        assertEquals("[::1]:0", ChannelUri.parse(settings.subscriptionChannel("::1", MIB)).get("endpoint"));
        assertTrue(settings.receiverWindowLength(16 * MIB) <= settings.socketBufferLength());
        assertTrue(settings.socketBufferLength() <= 2 * MIB);
    }

    private static long size(final ChannelUri uri, final String key)
    {
        return SystemUtil.parseSize(key, uri.get(key));
    }

    @Test
    void streamIdsDifferBetweenJobs()
    {
        assertTrue(AeronSettings.streamId(0x1234_5678_9abc_def0L) != AeronSettings.streamId(0x1234_5678_9abc_def1L));
    }
}
