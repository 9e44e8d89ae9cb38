package io.colompi.bench;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.transport.rdma.AeronSettings;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw limit of the {@code aeron} tier: a ping-pong between two endpoints in this JVM (two pretend nodes over
 * loopback UDP, as colompi's tests place them), each with its own embedded driver in INVOKER mode and its own
 * client, built by {@link AeronSettings} exactly as the transport builds them (channels, mtu, term length of a
 * 2-node job, socket buffers, receiver window). A message goes in unfragmented frames of at most
 * {@code maxPayloadLength}, claimed with {@code tryClaim} and copied in from the sender's array, then copied out of
 * the term into the receiver's array: colompi's two copies and nothing else (no envelope, no matching). Each side
 * waits as a colompi rank does (progress, spin, yield, then park with a doubling timeout, woken when its message is
 * complete), and a keeper thread per endpoint progresses it every 0.1-1 ms, as colompi's node keeper does.
 * <p>Usage: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp ... io.colompi.bench.RawAeron
 * [iterations] [sizes]}, e.g. {@code 2000 8,1K,64K,1M}; prints one-way latency (half the round trip) per size.
 */
public final class RawAeron implements AutoCloseable
{
    /** Default sizes: 8 B to 1 MiB. */
    static final String DEFAULT_SIZES = "8,64,512,4K,32K,256K,1M";
    private static final int STREAM_ID = 0x7A11;
    /** A side that makes no progress this long gives up rather than wait for ever. */
    private static final long STALL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Endpoint ping;
    private final Endpoint pong;

    RawAeron(final AeronSettings settings, final Signal.Policy wait)
    {
        final int termLength = settings.termLength(1);
        final String dir = "/dev/shm/colompi-rawaeron-" + ProcessHandle.current().pid();
        Endpoint a = null;
        Endpoint b = null;
        try
        {
            a = new Endpoint("ping", settings, termLength, Path.of(dir + "-ping"), wait);
            b = new Endpoint("pong", settings, termLength, Path.of(dir + "-pong"), wait);
            a.connect(b.endpoint, settings, termLength);
            b.connect(a.endpoint, settings, termLength);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(a, b);
            throw ex;
        }
        ping = a;
        pong = b;
    }

    public static void main(final String[] args) throws Exception
    {
        final int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final List<Integer> sizes = new ArrayList<>();
        for (final String size : (args.length > 1 ? args[1] : DEFAULT_SIZES).split(","))
        {
            sizes.add(Sizes.parse(size));
        }
        final AeronSettings settings = AeronSettings.of(RuntimeSettings.ofJvm().aeron());
        System.out.println("# raw aeron ping-pong, two embedded INVOKER drivers over loopback UDP, " + settings);
        System.out.println("# size  one-way p50 (us)  p90 (us)  p99 (us)  min (us)  iterations");
        try (RawAeron bench = new RawAeron(settings, Signal.Policy.backoff()))
        {
            for (final int size : sizes)
            {
                final int n = size > Sizes.LARGE_MESSAGE ? Math.max(10, iterations / 10) : iterations;
                final long[] roundTrips = bench.run(size, n / 10, n);
                Arrays.sort(roundTrips);
                System.out.printf(Locale.ROOT, "%7s %12.2f %12.2f %12.2f %12.2f %8d%n", Sizes.format(size),
                    oneWayUs(roundTrips, 0.5), oneWayUs(roundTrips, 0.9), oneWayUs(roundTrips, 0.99),
                    roundTrips[0] / 2_000.0, n);
            }
        }
    }

    /** Round trips of {@code size} bytes, after {@code warmup} untimed ones; nanoseconds per round trip. */
    long[] run(final int size, final int warmup, final int iterations) throws InterruptedException
    {
        final byte[] out = new byte[size];
        Arrays.fill(out, (byte)7);
        final Thread echo = new Thread(() ->
        {
            final byte[] buffer = new byte[size];
            for (int i = 0; i < warmup + iterations; i++)
            {
                pong.receive(buffer, size);
                pong.send(buffer, size);
            }
        }, "raw-aeron-pong");
        echo.setDaemon(true);
        echo.start();
        final byte[] in = new byte[size];
        final long[] roundTrips = new long[iterations];
        for (int i = -warmup; i < iterations; i++)
        {
            final long start = System.nanoTime();
            ping.send(out, size);
            ping.receive(in, size);
            if (i >= 0)
            {
                roundTrips[i] = System.nanoTime() - start;
            }
        }
        echo.join();
        if (size > 0 && in[size - 1] != 7)
        {
            throw new IllegalStateException("the echo of " + size + " B came back altered");
        }
        return roundTrips;
    }

    /**
     * The latency benchmark's form of {@link #run}: {@code warmup} untimed and {@code iterations} timed round trips
     * of {@code size} bytes; each round trip's nanoseconds go to {@code samples}, their total is returned.
     */
    long pingPong(final int size, final int warmup, final int iterations, final long[] samples) throws InterruptedException
    {
        final long[] roundTrips = run(size, warmup, iterations);
        long total = 0;
        for (int i = 0; i < iterations; i++)
        {
            samples[i] = roundTrips[i];
            total += roundTrips[i];
        }
        return total;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(ping, pong);
    }

    private static double oneWayUs(final long[] sortedRoundTrips, final double quantile)
    {
        return sortedRoundTrips[(int)Math.min(sortedRoundTrips.length - 1, quantile * sortedRoundTrips.length)] / 2_000.0;
    }

    /** One side: a driver and a client that run only when invoked, its subscription and its publication to the peer. */
    static final class Endpoint implements AutoCloseable, ControlledFragmentHandler, Agent
    {
        private final String name;
        private final Signal.Policy wait;
        private final int fragmentLimit;
        private final MediaDriver driver;
        private final Aeron aeron;
        private final AgentInvoker driverInvoker;
        private final AgentInvoker conductorInvoker;
        private final Subscription subscription;
        private final String endpoint;
        private final ReentrantLock lock = new ReentrantLock();
        private final BufferClaim claim = new BufferClaim();
        private AgentRunner keeper;
        private Publication publication;
        private byte[] target;
        private int expected;
        private int received;
        private boolean expecting;
        private volatile boolean complete;
        private volatile Thread parked;

        Endpoint(final String name, final AeronSettings settings, final int termLength, final Path dir,
            final Signal.Policy wait)
        {
            this.name = name;
            this.wait = wait;
            this.fragmentLimit = settings.fragmentLimit();
            this.driver = MediaDriver.launch(settings.driverContext(dir.toString(), termLength));
            this.aeron = Aeron.connect(settings.clientContext(driver));
            this.driverInvoker = driver.sharedAgentInvoker();
            this.conductorInvoker = aeron.conductorAgentInvoker();
            this.subscription = aeron.addSubscription(settings.subscriptionChannel("127.0.0.1", termLength), STREAM_ID);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (subscription.localSocketAddresses().isEmpty())
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(name + ": the subscription did not bind");
                }
                progress();
            }
            this.endpoint = subscription.localSocketAddresses().get(0);
        }

        void connect(final String peer, final AeronSettings settings, final int termLength)
        {
            lock.lock();
            try
            {
                publication = aeron.addPublication(settings.publicationChannel(peer, termLength), STREAM_ID);
            }
            finally
            {
                lock.unlock();
            }
            keeper = new AgentRunner(settings.keeperIdleStrategy(), Throwable::printStackTrace, null, this);
            AgentRunner.startOnThread(keeper, runnable ->
            {
                final Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                return thread;
            });
        }

        /** Claim {@code size} bytes of {@code data} in frames (one, empty, for 0 B), progressing while the publication cannot take more. */
        void send(final byte[] data, final int size)
        {
            final int maxChunk = publication.maxPayloadLength() & ~7;
            final long deadline = System.nanoTime() + STALL_TIMEOUT_NS;
            int sent = 0;
            while (true)
            {
                final int chunk = Math.min(size - sent, maxChunk);
                final long result = publication.tryClaim(chunk, claim);
                if (result > 0)
                {
                    claim.buffer().putBytes(claim.offset(), data, sent, chunk);
                    claim.commit();
                    sent += chunk;
                    if (sent == size)
                    {
                        return;
                    }
                }
                else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException(name + ": " + Publication.errorString(result));
                }
                else if (progress() == 0 && System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(name + ": the publication took nothing for 10 s (" +
                        Publication.errorString(result) + ")");
                }
            }
        }

        /** Wait for a message of {@code size} bytes into {@code into}, as a colompi rank waits. */
        void receive(final byte[] into, final int size)
        {
            lock.lock();
            try
            {
                target = into;
                expected = size;
                received = 0;
                complete = false;
                expecting = true;
            }
            finally
            {
                lock.unlock();
            }
            int idle = 0;
            long parkNs = wait.minParkNs();
            long lastWorkNs = System.nanoTime();
            while (!complete)
            {
                if (progress() > 0)
                {
                    idle = 0;
                    parkNs = wait.minParkNs();
                    lastWorkNs = System.nanoTime();
                }
                else if (System.nanoTime() - lastWorkNs > STALL_TIMEOUT_NS)
                {
                    throw new IllegalStateException(name + ": no frame for 10 s, " + received + " of " + expected + " B");
                }
                else if (idle < wait.spins())
                {
                    Thread.onSpinWait();
                    idle++;
                }
                else if (idle < wait.spins() + wait.yields())
                {
                    Thread.yield();
                    idle++;
                }
                else
                {
                    parked = Thread.currentThread();
                    if (!complete)
                    {
                        LockSupport.parkNanos(this, parkNs);
                    }
                    parked = null;
                    parkNs = Math.min(parkNs << 1, wait.maxParkNs());
                }
            }
        }

        /** Frames of a message nobody waits for yet stay in the image until its receive starts. */
        @Override
        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (!expecting)
            {
                return Action.ABORT;
            }
            buffer.getBytes(offset, target, received, length);
            received += length;
            if (received == expected)
            {
                expecting = false;
                complete = true;
                final Thread waiter = parked;
                if (waiter != null)
                {
                    LockSupport.unpark(waiter);
                }
            }
            return Action.CONTINUE;
        }

        @Override
        public int doWork()
        {
            return progress();
        }

        @Override
        public String roleName()
        {
            return "raw-aeron-" + name;
        }

        private int progress()
        {
            if (!lock.tryLock())
            {
                return 0;
            }
            try
            {
                return driverInvoker.invoke() + conductorInvoker.invoke() + subscription.controlledPoll(this, fragmentLimit);
            }
            finally
            {
                lock.unlock();
            }
        }

        @Override
        public void close()
        {
            CloseHelper.close(keeper);
            lock.lock();
            try
            {
                CloseHelper.closeAll(aeron, driver);
            }
            finally
            {
                lock.unlock();
            }
        }
    }
}
