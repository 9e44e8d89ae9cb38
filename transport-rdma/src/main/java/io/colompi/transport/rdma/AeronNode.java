package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.status.StreamCounter;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.aeron.status.ChannelEndpointStatus;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobWiring;
import io.colompi.core.job.Placement;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.job.SharedMemoryRoom;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static io.colompi.core.transport.FrameDescriptor.ROUTING_LENGTH;
import static io.colompi.core.transport.FrameDescriptor.destWorld;
import static io.colompi.core.transport.FrameDescriptor.sourceWorld;
import static io.colompi.transport.rdma.FrameHeader.*;

/**
 * The Aeron side of one JVM, shared by its ranks: an embedded media driver (or the node's own, with
 * {@code colompi.aeron.dir}) and a client that run only when invoked,
 * one subscription every other node sends to, and one publication per remote JVM. {@link #progress} runs the
 * driver and the client conductor (while the network is quiet, once per {@link AeronSettings#idleCycleGapNs()}),
 * polls the subscription (one thread at a time, the others skip) and hands each frame
 * to its destination rank's transport; every rank's poll calls it, and a keeper thread calls it every 0.1-1 ms
 * so that heartbeats, status messages and retransmits go on while the ranks compute or sleep (every 10 ms while
 * awake ranks poll, {@link AeronSettings#KEEPER_ASIDE_PARK_NS}). The last rank to
 * close closes the node, after a handshake that lets each peer read this JVM's last frames.
 */
final class AeronNode implements FragmentHandler, Agent
{
    private static final JobContext.Shared<AeronNode> SHARED =
        new JobContext.Shared<>("aeron node", job -> new AeronNode(job, AeronSettings.of(job.settings().aeron())));
    /** Endpoint key prefix: JVM J publishes {@code aeron.jvm<J>} = {@code ip:port} of its subscription. */
    static final String ENDPOINT_KEY_PREFIX = "aeron.jvm";

    private static final long BIND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final JobContext job;
    private final Placement placement;
    private final AeronSettings settings;
    private final long jobId;
    private final int jvm;
    private final int lowestLocalRank;
    private final int termLength;
    private final int streamId;
    private final int fragmentLimit;
    private final long idleCycleGapNs;
    private final FrameAuthenticator authenticator;
    private final RemoteJvm[] remotes;
    private final AtomicReferenceArray<AeronTransport> byRank;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger pendingPublications = new AtomicInteger();
    /** Rank threads of this JVM parked waiting: the keeper then reads the network for them, often. */
    private final AtomicInteger sleepers = new AtomicInteger();
    /** Progress calls made so far, by any thread: the keeper stands aside while ranks make them. */
    private final AtomicLong progressCalls = new AtomicLong();
    /** {@link #progressCalls} after the keeper's last cycle (keeper thread only). */
    private long keeperSeen;
    /** Whether the keeper's last cycle left the driver to awake ranks (keeper thread only). */
    private boolean keeperAside;
    /** Keeper cycles run so far (tests count its wake-ups). */
    private final AtomicLong keeperCycles = new AtomicLong();
    /** How many JVMs of the job are on other nodes. */
    private final int remoteJvms;
    /** Until when {@link #connectAll} waits for the publications to connect; 0 before its first call. */
    private long connectDeadlineNs;
    /** Whether {@link #connectAll} is done: every publication connected or failed, or its wait over. */
    private volatile boolean connected;
    /** A frame was committed since the driver last ran: its sender must run to send it. */
    private volatile boolean sendOwed;
    /** When the driver's last cycle that did work ran; under the lock. */
    private long lastWorkNs;
    /** When the driver last ran a cycle that found nothing to do; under the lock. */
    private long idleCycleNs;
    /** Whether the driver's last cycle found nothing to do; under the lock. */
    private boolean driverIdle;
    /** Driver cycles run so far; under the lock. */
    private long driverCycles;

    private final BufferClaim controlClaim = new BufferClaim();
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    /** The driver's duty cycle, in full or its receiver alone; null with an external driver. */
    private final DriverCycle driverCycle;
    private final AgentInvoker conductorInvoker;
    private final Subscription subscription;
    private final AgentRunner keeper;
    private volatile AeronTransport[] transports = new AeronTransport[0];
    private int attached;
    private boolean controlOwed;
    private boolean closed;

    private AeronNode(final JobContext job, final AeronSettings settings)
    {
        this.job = job;
        this.placement = job.placement();
        this.settings = settings;
        final JobWiring wiring = job.wiring();
        this.jobId = wiring.jobId();
        this.jvm = wiring.jvm();
        this.lowestLocalRank = JvmPlacement.lowestRankOf(placement, jvm);
        final JvmPlacement jvms = new JvmPlacement(placement);
        this.authenticator = new FrameAuthenticator(wiring.secret(), jobId, jvm, jvms.jvmCount());
        this.remotes = new RemoteJvm[jvms.jvmCount()];
        int remote = 0;
        for (int other = 0; other < remotes.length; other++)
        {
            remotes[other] = jvms.isRemote(jvm, other) ? new RemoteJvm(other, this) : null;
            remote += remotes[other] != null ? 1 : 0;
        }
        this.remoteJvms = remote;
        // Every JVM derives the same term length, so the images it maps (sized by its peers) fit the budget too.
        this.termLength = settings.termLength(jvms.mostRemoteJvms());
        this.streamId = AeronSettings.streamId(jobId);
        this.fragmentLimit = settings.fragmentLimit();
        this.idleCycleGapNs = settings.idleCycleGapNs();
        this.byRank = new AtomicReferenceArray<>(placement.size());

        MediaDriver launched = null;
        Aeron client = null;
        final String endpoint;
        try
        {
            final String external = settings.externalDriverDirectory();
            final AeronErrorLine errors = new AeronErrorLine("aeron, JVM " + jvm, System.err);
            if (external == null)
            {
                launched = MediaDriver.launch(
                    settings.driverContext(directory(wiring).toString(), termLength).errorHandler(errors));
                client = Aeron.connect(settings.clientContext(launched).errorHandler(errors));
            }
            else
            {
                client = Aeron.connect(settings.externalClientContext(external).errorHandler(errors));
            }
            this.driver = launched;
            this.aeron = client;
            this.driverInvoker = launched != null ? launched.sharedAgentInvoker() : null;
            this.driverCycle = launched != null ? DriverCycle.of(driverInvoker, errors) : null;
            this.conductorInvoker = client.conductorAgentInvoker();
            this.subscription = client.addSubscription(
                settings.subscriptionChannel(wiring.networkAddress(), termLength), streamId);
            endpoint = awaitBoundAddress();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, launched);
            throw ex;
        }
        catch (final InternalError fault)
        {
            // a page of the driver's files that its file system had no room for (SharedMemoryRoom)
            CloseHelper.quietCloseAll(client, launched);
            throw SharedMemoryRoom.noRoom(directory(wiring).getParent(), 0, "the Aeron media driver of JVM " + jvm,
                "-J-D" + RuntimeSettings.SHM_RING_BYTES + "=1m (rings of 1 MiB)", fault);
        }
        wiring.publish(ENDPOINT_KEY_PREFIX + jvm, endpoint);
        this.keeper = new AgentRunner(settings.keeperIdleStrategy(sleepers::get, () -> keeperAside), this::keeperFailed, null, this);
        AgentRunner.startOnThread(keeper, runnable ->
        {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The node of the calling rank's JVM: made by the first rank, shared by the others. */
    static AeronNode of(final JobContext job)
    {
        return job.shared(SHARED);
    }

    long jobId()
    {
        return jobId;
    }

    /** Signs and numbers the frames this JVM sends, checks those it receives. */
    FrameAuthenticator authenticator()
    {
        return authenticator;
    }

    /** Log buffer term length of every publication of the job. */
    int termLength()
    {
        return termLength;
    }

    /** The JVM of {@code rank} as seen from here; null if it shares this JVM's node. */
    RemoteJvm remoteOf(final int rank)
    {
        return remotes[placement.jvmOf(rank)];
    }

    /** The aeron directory of this JVM's driver (embedded: its files are this JVM's {@code /dev/shm} footprint). */
    String aeronDirectory()
    {
        return aeron.context().aeronDirectoryName();
    }

    synchronized void attach(final AeronTransport transport)
    {
        byRank.set(transport.worldRank(), transport);
        final AeronTransport[] grown = Arrays.copyOf(transports, transports.length + 1);
        grown[transports.length] = transport;
        transports = grown;
        attached++;
    }

    /** A rank thread is about to park: from now the keeper polls often, starting at once. */
    void rankSleeps()
    {
        if (sleepers.getAndIncrement() == 0)
        {
            final Thread thread = keeper.thread();
            if (thread != null)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    /** A rank thread that {@link #rankSleeps slept} is awake again. */
    void rankWakes()
    {
        sleepers.decrementAndGet();
    }

    /** A rank's transport closed; the last one closes the node. */
    void detach()
    {
        synchronized (this)
        {
            if (--attached > 0)
            {
                return;
            }
        }
        close();
    }

    /** The {@code ip:port} of JVM {@code jvm}'s subscription, as it published it. */
    String endpoint(final int jvm)
    {
        return job.wiring().endpoint(ENDPOINT_KEY_PREFIX + jvm);
    }

    /** The job's wiring (tests sign frames with its secret). */
    JobWiring wiring()
    {
        return job.wiring();
    }

    /**
     * Ask for a publication to every JVM on another node, and return whether each is connected (or has failed) and
     * each has connected its own here, or {@link AeronSettings#CONNECT_WAIT_NS} has passed since the first call. Made
     * on first use, a connection took 0.2-1 s here (the drivers allocating and touching the log pages of a publication
     * and its image, 12 MiB each at two nodes, and the set-up handshake, on cores the ranks hold) in the program's
     * first iterations, while its peer waited (bench/RESULTS.md, session 47). True at once where the JVMs on other
     * nodes are more than {@link AeronSettings#connectsAtInit} allows: each connection is then made on first use, as
     * MVAPICH2 connects on demand past its threshold.
     */
    boolean connectAll()
    {
        if (connected)
        {
            return true;
        }
        if (!settings.connectsAtInit(remoteJvms))
        {
            connected = true;
            return true;
        }
        synchronized (remotes)
        {
            final long nowNs = System.nanoTime();
            if (connectDeadlineNs == 0)
            {
                connectDeadlineNs = nowNs + AeronSettings.CONNECT_WAIT_NS;
            }
            boolean all = true;
            for (final RemoteJvm remote : remotes)
            {
                if (remote != null)
                {
                    final Publication publication = remote.publication();
                    all &= remote.failure() != null || publication != null && publication.isConnected();
                }
            }
            // and each of them connected here: the JVMs of a job leave MPI.Init together, not as their own side is up
            all &= subscription.imageCount() >= remoteJvms;
            connected = all || nowNs - connectDeadlineNs >= 0;
            return connected;
        }
    }

    /** Ask the driver for a publication to JVM {@code peerJvm}; returns its registration id. */
    long addPublication(final int peerJvm)
    {
        final long registrationId = aeron.asyncAddPublication(
            settings.publicationChannel(endpoint(peerJvm), termLength), streamId);
        pendingPublications.incrementAndGet();
        return registrationId;
    }

    /**
     * Run the driver and the client conductor when {@link #driverDue due}, pick up new publications and hand arrived
     * frames to their ranks. One thread at a time: a caller that finds another inside returns 0 at once.
     */
    int progress()
    {
        if (!lock.tryLock())
        {
            return 0;
        }
        try
        {
            if (closed)
            {
                return 0;
            }
            progressCalls.incrementAndGet();
            int work = 0;
            if (driverDue())
            {
                work += runDriver();
            }
            work += subscription.poll(this, fragmentLimit);
            if (controlOwed)
            {
                work += sendControl();
            }
            return work;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The sender must run in the next progress call: a frame was committed, which it sends, or a publication is
     * back-pressured, and it reads the status messages that open the window.
     */
    void senderDue()
    {
        sendOwed = true;
    }

    /** Whether a committed frame or a back-pressured publication waits for the sender's next cycle. */
    boolean sendOwed()
    {
        return sendOwed;
    }

    /**
     * Whether the driver must run now: a frame waits to be sent, its last cycle did work (more may follow), a
     * publication or a control frame waits for it, traffic is recent ({@link AeronSettings#DRIVER_HOT_NS}), or
     * {@link AeronSettings#idleCycleGapNs()} has passed since its last cycle, which found nothing. An empty cycle
     * costs a system call or two (the receiver's {@code recvfrom}, and in a full cycle the sender's), 1-5 us, where a
     * poll of the shared-memory tiers costs 0.05-0.1 us: a thread that spins on a quiet network reads it once per gap.
     */
    private boolean driverDue()
    {
        if (!driverIdle || fullCycleOwed())
        {
            return true;
        }
        final long nowNs = System.nanoTime();
        return nowNs - lastWorkNs < AeronSettings.DRIVER_HOT_NS || nowNs - idleCycleNs >= idleCycleGapNs;
    }

    /** Whether the next driver cycle must run all of it: a frame or control frame to send, a publication to make. */
    private boolean fullCycleOwed()
    {
        return sendOwed || controlOwed || pendingPublications.get() > 0;
    }

    /** One cycle of the driver, the client conductor and the publications waiting for them. */
    private int runDriver()
    {
        driverCycles++;
        final boolean fullCycle = fullCycleOwed();
        sendOwed = false;
        int work = 0;
        // An interrupted thread would close the driver's NIO channels: leave the sockets to another caller.
        if (driverCycle != null && !Thread.currentThread().isInterrupted())
        {
            work += driverCycle.run(fullCycle, System.nanoTime());
        }
        work += conductorInvoker.invoke();
        if (pendingPublications.get() > 0)
        {
            work += resolvePublications();
        }
        driverIdle = work == 0;
        if (driverIdle)
        {
            idleCycleNs = System.nanoTime();
        }
        else
        {
            lastWorkNs = System.nanoTime();
        }
        return work;
    }

    /** The images of this JVM's subscription: one per JVM on another node that has connected here (tests count). */
    int images()
    {
        return subscription.imageCount();
    }

    /** Whether the driver's cycles between full ones run its receiver alone (tests ask). */
    boolean receiverCyclesAlone()
    {
        return driverCycle != null && driverCycle.receiverAlone();
    }

    /** Duty cycles of the driver run so far (tests count them). */
    long driverCycles()
    {
        lock.lock();
        try
        {
            return driverCycles;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int from = authenticator.verify(buffer, offset, length);
        if (from < 0)
        {
            if (from == FrameAuthenticator.OUT_OF_SEQUENCE)
            {
                final int sender = buffer.getInt(offset + SOURCE_JVM_OFFSET);
                malformed("frame " + buffer.getLong(offset + SEQUENCE_OFFSET) + " from JVM " + sender + " came when " +
                    "frame " + authenticator.expected(sender) + " was due: frames were lost (the stream was tampered with)");
            }
            else
            {
                refused();
            }
            return;
        }
        final RemoteJvm remote = remotes[from];
        final int type = buffer.getInt(offset + TYPE_OFFSET);
        if (remote == null)
        {
            malformed("JVM " + from + " of this node sent a frame over the network");
            return;
        }
        switch (type)
        {
            case FRAME:
            {
                final int frame = offset + CONTROL_LENGTH;
                final int frameLength = length - CONTROL_LENGTH;
                final int source = frameLength >= ROUTING_LENGTH ? sourceWorld(buffer, frame) : -1;
                final int dest = frameLength >= ROUTING_LENGTH ? destWorld(buffer, frame) : -1;
                final AeronTransport target = dest >= 0 && dest < placement.size() ? byRank.get(dest) : null;
                if (target == null || source < 0 || source >= placement.size() || placement.jvmOf(source) != from)
                {
                    malformed("JVM " + from + " sent a frame of " + length + " bytes from rank " + source +
                        " to rank " + dest + ", which is not in this JVM");
                    return;
                }
                remote.heard = true;
                target.sink().onFrame(buffer, frame, frameLength);
                break;
            }
            case FIN:
                remote.finReceived = true;
                remote.finAckOwed = true;
                controlOwed = true;
                break;
            case FIN_ACK:
                remote.finAckReceived = true;
                break;
            default:
                malformed("JVM " + from + " sent a frame of unknown type " + type);
        }
    }

    /**
     * Keeper duty cycle: progress, then the outboxes and acknowledgements of every rank of this JVM. While awake
     * ranks have progressed since its last cycle they run the driver themselves, and the keeper leaves the lock to
     * them: a keeper that held it when preempted (2 ranks spinning on 2 cores) kept every rank of its JVM off the
     * network for a scheduler slice, and each of its wake-ups took a core from a rank.
     */
    @Override
    public int doWork()
    {
        keeperCycles.lazySet(keeperCycles.get() + 1);
        final boolean ranksProgress = progressCalls.get() != keeperSeen && sleepers.get() == 0;
        final int work = (ranksProgress ? 0 : progress()) + pumpTransports();
        keeperSeen = progressCalls.get();
        keeperAside = ranksProgress;
        return work;
    }

    /** Cycles of the keeper so far (tests count its wake-ups). */
    long keeperCycles()
    {
        return keeperCycles.get();
    }

    @Override
    public String roleName()
    {
        return "colompi-aeron-jvm" + jvm;
    }

    private int pumpTransports()
    {
        int work = 0;
        for (final AeronTransport transport : transports)
        {
            work += transport.sink().pump();
        }
        return work;
    }

    private int resolvePublications()
    {
        int settled = 0;
        for (final RemoteJvm remote : remotes)
        {
            if (remote != null && remote.resolve(aeron))
            {
                settled++;
            }
        }
        pendingPublications.addAndGet(-settled);
        return settled;
    }

    /** Send the FIN and FIN_ACK frames owed; those whose publication is not ready stay owed. */
    private int sendControl()
    {
        int sent = 0;
        boolean owed = false;
        for (final RemoteJvm remote : remotes)
        {
            if (remote == null)
            {
                continue;
            }
            if (remote.finOwed && offerControl(remote, FIN))
            {
                remote.finOwed = false;
                remote.controlSent = true;
                sent++;
            }
            if (remote.finAckOwed && offerControl(remote, FIN_ACK))
            {
                remote.finAckOwed = false;
                remote.controlSent = true;
                sent++;
            }
            owed |= remote.finOwed || remote.finAckOwed;
        }
        controlOwed = owed;
        return sent;
    }

    private boolean offerControl(final RemoteJvm remote, final int type)
    {
        if (remote.failure() != null)
        {
            return true;
        }
        final Publication publication = remote.publication();
        if (publication == null)
        {
            return false;
        }
        final long result = remote.claim(publication, CONTROL_LENGTH, controlClaim);
        if (result < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                remote.fail("the publication to JVM " + remote.jvm() + " is " + Publication.errorString(result));
            }
            return false;
        }
        final MutableDirectBuffer frame = controlClaim.buffer();
        final int index = controlClaim.offset();
        frame.putInt(index + TYPE_OFFSET, type);
        remote.commit(controlClaim);
        return true;
    }

    /** A frame not from a JVM of this job, or a copy of one already read: counted by this JVM's first rank. */
    private void refused()
    {
        final AeronTransport target = byRank.get(lowestLocalRank);
        if (target != null)
        {
            target.stats().recordRefused();
        }
    }

    /** An authentic frame that breaks the protocol (a bug of the sender, or of this code): the job cannot go on. */
    void malformed(final String what)
    {
        job.control().abort(lowestLocalRank, 1, new IllegalStateException("aeron: " + what));
    }

    /**
     * Close after the last rank: unless the job is aborting, tell every JVM this one exchanged frames with that it is
     * closing (FIN) and wait, at most the linger time, until each has confirmed reading everything before it
     * (FIN_ACK) or is closing itself (its FIN, answered), and until this JVM's last frames have left the driver.
     */
    private void close()
    {
        keeper.close();
        try
        {
            if (job.control().abortReason() == null)
            {
                linger(System.nanoTime() + settings.lingerNs());
            }
        }
        finally
        {
            lock.lock();
            try
            {
                closed = true;
                CloseHelper.closeAll(aeron, driver);
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    private void linger(final long deadlineNs)
    {
        lock.lock();
        try
        {
            for (final RemoteJvm remote : remotes)
            {
                // A JVM that sent its FIN is closing: the FIN_ACK owed to it is all it waits for.
                if (remote != null && remote.isPartner() && !remote.finReceived)
                {
                    remote.finOwed = true;
                    controlOwed = true;
                }
            }
        }
        finally
        {
            lock.unlock();
        }
        final IdleStrategy idle = settings.keeperIdleStrategy();
        while (!peersConfirmed() && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(doWork());
        }
        while (!framesSent() && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(doWork());
        }
    }

    private boolean peersConfirmed()
    {
        lock.lock();
        try
        {
            for (final RemoteJvm remote : remotes)
            {
                if (remote != null && remote.isPartner() && !remote.isSettled())
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Whether the driver has sent every frame claimed on each connected publication. */
    private boolean framesSent()
    {
        final CountersReader counters = aeron.countersReader();
        for (final RemoteJvm remote : remotes)
        {
            final Publication publication = remote == null ? null : remote.existingPublication();
            if (publication != null && publication.isConnected() &&
                senderPosition(counters, publication.originalRegistrationId()) < publication.position())
            {
                return false;
            }
        }
        return true;
    }

    private static long senderPosition(final CountersReader counters, final long registrationId)
    {
        final long[] position = { Long.MAX_VALUE };
        counters.forEach((counterId, typeId, key, label) ->
        {
            if (typeId == AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID &&
                key.getLong(StreamCounter.REGISTRATION_ID_OFFSET) == registrationId)
            {
                position[0] = counters.getCounterValue(counterId);
            }
        });
        return position[0];
    }

    private String awaitBoundAddress()
    {
        final long deadlineNs = System.nanoTime() + BIND_TIMEOUT_NS;
        while (true)
        {
            if (driverInvoker != null)
            {
                driverInvoker.invoke();
            }
            conductorInvoker.invoke();
            final List<String> addresses = subscription.localSocketAddresses();
            if (!addresses.isEmpty())
            {
                return addresses.get(0);
            }
            if (subscription.channelStatus() == ChannelEndpointStatus.ERRORED || System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("aeron subscription " + subscription.channel() + " did not bind (status " +
                    ChannelEndpointStatus.status(subscription.channelStatus()) + ")");
            }
            Thread.yield();
        }
    }

    private void keeperFailed(final Throwable failure)
    {
        job.control().abort(lowestLocalRank, 1, failure);
    }

    /** The job's directory holds the driver's files; without one, a fresh directory the driver removes at close. */
    private static Path directory(final JobWiring wiring)
    {
        final String name = "aeron-jvm" + wiring.jvm();
        if (wiring.sharedMemoryDir() != null)
        {
            return wiring.sharedMemoryDir().resolve(name);
        }
        final Path shm = Path.of("/dev/shm");
        final Path parent = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return parent.resolve("colompi-" + Long.toHexString(wiring.jobId()) + "-" + name);
    }
}
