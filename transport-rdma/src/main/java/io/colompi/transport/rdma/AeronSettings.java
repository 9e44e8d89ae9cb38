package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.StaticDelayGenerator;
import io.aeron.driver.ThreadingMode;
import io.colompi.core.job.RuntimeSettings;
import org.agrona.concurrent.IdleStrategy;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Channel and media driver settings of the Aeron tier, in one place, so that a raw Aeron benchmark builds exactly
 * the channels and the driver that the transport uses. Each value has a default that a {@code colompi.aeron.*}
 * system property overrides (listed in the package documentation).
 */
public final class AeronSettings
{
    /** Smallest term Aeron accepts. */
    public static final int MIN_TERM_LENGTH = 64 * 1024;
    /** Largest term chosen: a 2-node job needs no more to fill a 2 MiB receiver window twice over. */
    public static final int MAX_TERM_LENGTH = 16 * 1024 * 1024;
    /** Terms one remote JVM costs this JVM in {@code /dev/shm}: 3 for the publication there, 3 for the image here. */
    public static final int TERMS_PER_REMOTE_JVM = 6;
    /**
     * Datagram size on loopback, where nothing fragments: the largest UDP payload Aeron takes. Against 8 KiB it
     * measured 1 MiB one-way 0.82 ms instead of 1.50 ms and bandwidth 2.0 GB/s instead of 0.6 GB/s, small messages
     * unchanged (each datagram costs a duty cycle of the invoked driver). A term shorter than 8 mtu caps it.
     */
    public static final int LOOPBACK_MTU = 65504;

    /** Delay before a receiver first NAKs a gap: at once, as one unicast path does not reorder datagrams. */
    public static final long NAK_DELAY_NS = 1_000L;
    /**
     * Delay between NAKs of a gap not yet filled. Aeron's 100 us assumes a driver thread that spins; this
     * driver runs every 0.1-1 ms, reads one control datagram per run, and a faster retry fills the sender's
     * socket with stale NAKs that hold up the fresh ones (12-20 s per lost tail under 10 % loss).
     */
    public static final long NAK_RETRY_DELAY_NS = 4_000_000L;
    /** How long a sender ignores NAKs of a range it has just resent: less than the NAK retry delay. */
    public static final long RETRANSMIT_LINGER_NS = 2_000_000L;

    /**
     * The keeper's longest park while a rank of its JVM is parked waiting: with every rank asleep only the keeper
     * runs the driver, and at 0.1-1 ms a message between sleeping ranks took up to a millisecond (a 4-rank Jacobi
     * on two nodes spent 5.6 ms per iteration).
     */
    public static final long KEEPER_WATCH_PARK_NS = 20_000L;

    /**
     * The keeper's park while the ranks of its JVM run the driver themselves (they polled since its last cycle and
     * none is parked): it has nothing to do then, and each wake-up took a core from a spinning rank for 50-130 us
     * on a 2-core VM (futex and timer in the guest kernel; 1000 wake-ups a second per JVM at the 1 ms longest park:
     * a 2-node halo lost one iteration in ten to it). A rank that parks wakes the keeper at once
     * ({@link #KEEPER_WATCH_PARK_NS}); a JVM whose ranks stop polling to compute is read again this late at worst.
     */
    public static final long KEEPER_ASIDE_PARK_NS = 10_000_000L;

    /**
     * How long after a driver cycle that moved data every progress call runs the driver again, gap or not: a reply
     * comes within a round trip (9-13 us for up to 1 KiB), and reading it a gap late made a ping-pong 0.5-0.9 us
     * slower one way.
     */
    public static final long DRIVER_HOT_NS = 20_000L;

    /**
     * A driver cycle in this many runs all of the driver (sender, receiver, conductor) when nothing else asks for one
     * ({@link DriverCycle}); the others run its receiver alone. An idle sender's cycle reads its control socket: with 8,
     * a 2-node ping-pong's median one-way latency went from 7.0-7.5 to 5.7-6.6 us and the halo pattern's MPI time down
     * by a tenth; 32 did no better (bench/RESULTS.md, session 14).
     */
    public static final int RECEIVER_CYCLES = 8;

    /**
     * The longest the ranks run the driver without a full cycle: the sender reads the receivers' status messages (flow
     * control) and NAKs, and the conductor its timers, this late at worst.
     */
    public static final long FULL_CYCLE_GAP_NS = 50_000L;

    /**
     * How long {@code MPI.Init} waits for a JVM's publications to every JVM on another node to connect (Aeron's own
     * connection timeout); past it, a peer that has not answered fails the first message for it, as it would have.
     */
    public static final long CONNECT_WAIT_NS = 5_000_000_000L;

    private final int termBudget;
    private final int fixedTermLength;
    private final int loopbackMtu;
    private final int networkMtu;
    private final int socketBufferLength;
    private final int receiverWindowLength;
    private final int fragmentLimit;
    private final long keeperMinParkNs;
    private final long keeperMaxParkNs;
    private final long idleCycleGapNs;
    private final long lingerNs;
    private final int connectAtInitJvms;
    private final String externalDriverDirectory;

    /**
     * @param termBudget           bytes of log buffers a JVM may hold for all its remote JVMs together.
     * @param fixedTermLength      a term length to use whatever the job's size, or 0 to derive it from the budget.
     * @param loopbackMtu          mtu of channels to a loopback address.
     * @param networkMtu           mtu of channels to any other address.
     * @param socketBufferLength   SO_SNDBUF / SO_RCVBUF asked for (the OS maximum caps it).
     * @param receiverWindowLength initial receiver window asked for (socket buffer and half a term cap it).
     * @param fragmentLimit        frames one progress call takes from the subscription.
     * @param keeperMinParkNs      the keeper's park after a cycle that did work.
     * @param keeperMaxParkNs      the keeper's longest park when idle.
     * @param idleCycleGapNs       how long after a duty cycle of the driver that found nothing the next one waits,
     *                             unless a frame is to be sent or traffic is recent.
     * @param lingerNs             how long a closing JVM waits for its peers to confirm they have its last frames.
     * @param connectAtInitJvms    a JVM with at most this many JVMs on other nodes connects to all of them in
     *                             {@code MPI.Init} ({@link AeronNode#connectAll}); 0: each on first use.
     * @param externalDriverDirectory the directory of a media driver running on the node, or null to embed one.
     */
    public AeronSettings(
        final int termBudget, final int fixedTermLength, final int loopbackMtu, final int networkMtu,
        final int socketBufferLength, final int receiverWindowLength, final int fragmentLimit,
        final long keeperMinParkNs, final long keeperMaxParkNs, final long idleCycleGapNs, final long lingerNs,
        final int connectAtInitJvms, final String externalDriverDirectory)
    {
        if (fixedTermLength != 0 && !validTermLength(fixedTermLength))
        {
            throw new IllegalArgumentException("term length must be a power of two in [64 KiB, 1 GiB]: " + fixedTermLength);
        }
        this.termBudget = termBudget;
        this.fixedTermLength = fixedTermLength;
        this.loopbackMtu = loopbackMtu;
        this.networkMtu = networkMtu;
        this.socketBufferLength = Math.min(socketBufferLength, osMaxSocketBufferLength());
        this.receiverWindowLength = receiverWindowLength;
        this.fragmentLimit = fragmentLimit;
        this.keeperMinParkNs = keeperMinParkNs;
        this.keeperMaxParkNs = keeperMaxParkNs;
        this.idleCycleGapNs = idleCycleGapNs;
        this.lingerNs = lingerNs;
        this.connectAtInitJvms = connectAtInitJvms;
        this.externalDriverDirectory = externalDriverDirectory;
    }

    /** The settings of {@code colompi.aeron.*}, as the JVM's {@link RuntimeSettings} read them. */
    public static AeronSettings of(final RuntimeSettings.Aeron a)
    {
        return new AeronSettings(a.termBudget(), a.termLength(), a.loopbackMtu(), a.mtu(), a.socketBuffer(),
            a.receiverWindow(), a.fragmentLimit(), a.keeperMinParkNs(), a.keeperMaxParkNs(), a.idleCycleGapNs(),
            a.lingerMs() * 1_000_000L, a.connectAtInit(), a.directory());
    }

    /**
     * Term length for a job whose most connected JVM has {@code remoteJvms} JVMs on other nodes: the budget
     * shared by their {@value #TERMS_PER_REMOTE_JVM} terms each, but no longer than two receiver windows (a sender
     * has at most a window in flight, so a longer term only adds pages to fault in: a 2-node halo took 17 000
     * iterations to go once round 8 MiB terms, at 70-80 us each against 41-47 after), rounded down to a power of
     * two within [{@value #MIN_TERM_LENGTH}, {@value #MAX_TERM_LENGTH}]. Every JVM of the job computes the same
     * value (from settings colorun passes to all), so the images a JVM maps (whose terms its peers chose) fit the
     * budget too.
     */
    public int termLength(final int remoteJvms)
    {
        if (fixedTermLength != 0)
        {
            return fixedTermLength;
        }
        final long perTerm = Math.min(2L * receiverWindowLength,
            termBudget / ((long)TERMS_PER_REMOTE_JVM * Math.max(1, remoteJvms)));
        final long clamped = Math.max(MIN_TERM_LENGTH, Math.min(MAX_TERM_LENGTH, perTerm));
        return Integer.highestOneBit((int)clamped);
    }

    /** The mtu of a channel to {@code address} (an IP literal): larger on loopback, Ethernet-safe elsewhere. */
    public int mtu(final String address)
    {
        return isLoopback(address) ? loopbackMtu : networkMtu;
    }

    /** SO_SNDBUF and SO_RCVBUF of every channel, within what the OS allows. */
    public int socketBufferLength()
    {
        return socketBufferLength;
    }

    /** Initial receiver window for images of {@code termLength}: at most the socket buffer and half a term. */
    public int receiverWindowLength(final int termLength)
    {
        return Math.min(Math.min(receiverWindowLength, socketBufferLength), termLength / 2);
    }

    /** Frames one progress call takes from the subscription at most. */
    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    /**
     * The directory of a media driver that runs on the node by itself ({@code colorun --aeron-dir}), which every JVM
     * of the node then shares; null when each JVM embeds its own.
     */
    public String externalDriverDirectory()
    {
        return externalDriverDirectory;
    }

    /** A client of the node's own media driver in {@code directory}, whose conductor runs only when invoked. */
    public Aeron.Context externalClientContext(final String directory)
    {
        return new Aeron.Context()
            .aeronDirectoryName(directory)
            .useConductorAgentInvoker(true)
            // this JVM's mappings of the logs faulted in when it maps them, not by the first pass of traffic
            .preTouchMappedMemory(true);
    }

    /**
     * How long a progress call after a duty cycle of the driver that found nothing skips the next one (unless a
     * frame waits to be sent or traffic is recent, {@link #DRIVER_HOT_NS}). A cycle that finds nothing costs two
     * {@code recvfrom} calls, 2-5 us: run on every poll, a waiting rank's spin phase, counted in polls, lasted 40x
     * longer than on the shared-memory tiers, and two ranks sharing a core took turns of 0.1 ms, one message each
     * (see bench/RESULTS.md, "Aeron empty poll, session 8").
     */
    public long idleCycleGapNs()
    {
        return idleCycleGapNs;
    }

    /** Whether a JVM with {@code remoteJvms} JVMs on other nodes connects to all of them in {@code MPI.Init}. */
    public boolean connectsAtInit(final int remoteJvms)
    {
        return remoteJvms <= connectAtInitJvms;
    }

    /** How long a closing JVM waits for its peers to confirm its last frames. */
    public long lingerNs()
    {
        return lingerNs;
    }

    /** The subscription of a JVM: an ephemeral UDP port on {@code address}, so that concurrent jobs never collide. */
    public String subscriptionChannel(final String address, final int termLength)
    {
        return new ChannelUriStringBuilder()
            .media("udp")
            .endpoint(hostPort(address, 0))
            .socketRcvbufLength(socketBufferLength)
            .receiverWindowLength(receiverWindowLength(termLength))
            .build();
    }

    /**
     * A publication to the subscription bound at {@code endpoint} ({@code ip:port}, as the subscription reports it);
     * its mtu is at most an eighth of the term, Aeron's largest message.
     */
    public String publicationChannel(final String endpoint, final int termLength)
    {
        return new ChannelUriStringBuilder()
            .media("udp")
            .endpoint(endpoint)
            .mtu(Math.min(mtu(hostOf(endpoint)), termLength / 8))
            .termLength(termLength)
            .socketSndbufLength(socketBufferLength)
            .build();
    }

    /**
     * An embedded driver with no threads of its own ({@link ThreadingMode#INVOKER}; its conductor's rare
     * asynchronous tasks, name resolution and log buffer files, run in its duty cycle instead of on an executor
     * thread that woke every millisecond): on few cores the extra spinning threads of the other modes starve the
     * application and each other. Its directory is removed at
     * start and at shutdown; its control buffers are Aeron's minimum sizes, so a JVM's {@code /dev/shm} footprint
     * is dominated by the log buffers that {@link #termLength} bounds.
     */
    public MediaDriver.Context driverContext(final String aeronDirectory, final int termLength)
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .threadingMode(ThreadingMode.INVOKER)
            .asyncExecutorEnabled(false)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            // log files allocated and their pages touched when the driver makes them, not by the first pass of
            // traffic round the terms (a page fault every few frames of a small-message loop for seconds)
            .termBufferSparseFile(false)
            .publicationTermBufferLength(termLength)
            .socketSndbufLength(socketBufferLength)
            .socketRcvbufLength(socketBufferLength)
            .initialWindowLength(receiverWindowLength(termLength))
            .unicastFeedbackDelayGenerator(new StaticDelayGenerator(NAK_DELAY_NS, NAK_RETRY_DELAY_NS))
            .retransmitUnicastLingerNs(RETRANSMIT_LINGER_NS)
            .conductorBufferLength(Configuration.CONDUCTOR_BUFFER_LENGTH_DEFAULT)
            .toClientsBufferLength(Configuration.TO_CLIENTS_BUFFER_LENGTH_DEFAULT)
            .counterValuesBufferLength(Configuration.COUNTERS_VALUES_BUFFER_LENGTH_MIN)
            .errorBufferLength(Configuration.ERROR_BUFFER_LENGTH_DEFAULT);
    }

    /** A client of {@code driver} whose conductor, like the driver, runs only when invoked; blocking calls drive both. */
    public Aeron.Context clientContext(final MediaDriver driver)
    {
        return new Aeron.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .useConductorAgentInvoker(true)
            // this JVM's own mappings of the logs faulted in when it maps them, as the driver's are
            .preTouchMappedMemory(true)
            .driverAgentInvoker(driver.sharedAgentInvoker());
    }

    /** How the per-JVM keeper thread waits between progress calls: it parks, never spins. */
    public IdleStrategy keeperIdleStrategy()
    {
        return new ParkingIdleStrategy(keeperMinParkNs, keeperMaxParkNs);
    }

    /**
     * The keeper's idle strategy when ranks may be {@code waiting} for it: while any is parked, the keeper parks at
     * most {@link #KEEPER_WATCH_PARK_NS}, since only it then reads the network for them; while it stands
     * {@code aside} (awake ranks run the driver), at least {@link #KEEPER_ASIDE_PARK_NS}.
     */
    public IdleStrategy keeperIdleStrategy(final IntSupplier waiting, final BooleanSupplier aside)
    {
        return new ParkingIdleStrategy(keeperMinParkNs, keeperMaxParkNs, waiting, KEEPER_WATCH_PARK_NS, aside,
            KEEPER_ASIDE_PARK_NS);
    }

    /** The stream of a job: derived from its id, so a datagram of another job on a reused port finds no subscriber. */
    public static int streamId(final long jobId)
    {
        return (int)(jobId ^ (jobId >>> 32));
    }

    /** {@code ip:port}, with brackets around an IPv6 literal as Aeron URIs want. */
    static String hostPort(final String address, final int port)
    {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** The IP literal of an {@code ip:port} endpoint. */
    static String hostOf(final String endpoint)
    {
        final String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLoopback(final String address)
    {
        try
        {
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IP address: " + address, ex);
        }
    }

    private static boolean validTermLength(final int length)
    {
        return length >= MIN_TERM_LENGTH && length <= (1 << 30) && Integer.bitCount(length) == 1;
    }

    /** The smaller of Linux's rmem_max and wmem_max; no cap where they cannot be read. */
    private static int osMaxSocketBufferLength()
    {
        return Math.min(readLimit("/proc/sys/net/core/rmem_max"), readLimit("/proc/sys/net/core/wmem_max"));
    }

    private static int readLimit(final String file)
    {
        // procfs reports a size of 0, which Files.readString trusts: read a line instead.
        try (BufferedReader reader = Files.newBufferedReader(Path.of(file)))
        {
            return Integer.parseInt(reader.readLine().trim());
        }
        catch (final IOException | RuntimeException ex)
        {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public String toString()
    {
        return "AeronSettings{termBudget=" + termBudget + ", termLength=" + (fixedTermLength == 0 ? "auto" : fixedTermLength) +
            ", loopbackMtu=" + loopbackMtu + ", mtu=" + networkMtu + ", socketBuffer=" + socketBufferLength +
            ", receiverWindow=" + receiverWindowLength + ", fragmentLimit=" + fragmentLimit +
            ", keeperParkNs=" + keeperMinParkNs + ".." + keeperMaxParkNs + ", idleCycleGapNs=" + idleCycleGapNs +
            ", lingerNs=" + lingerNs + ", connectAtInit=" + connectAtInitJvms +
            (externalDriverDirectory != null ? ", driver=" + externalDriverDirectory : ", driver=embedded") + "}";
    }
}
