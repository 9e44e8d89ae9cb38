package io.colompi.transport.shm;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobWiring;
import io.colompi.core.wait.Doorbell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes ranks of this JVM that sleep waiting for shared-memory traffic: a rank about to park marks its inbound ring
 * ({@link WakeWord}); a sender in another JVM that sees the mark sends this JVM a datagram naming the rank, and
 * a thread of this JVM blocked on the socket rings that rank's doorbell. Parked ranks then burn no CPU and still
 * wake within microseconds, not at their park timeout. One per JVM, on loopback (shared memory means one node);
 * its port is published at wire-up as {@code shm.wake.jvm<J>}.
 */
final class ShmWaker implements AutoCloseable
{
    private static final JobContext.Shared<ShmWaker> SHARED = new JobContext.Shared<>("shm waker", ShmWaker::new);
    private static final int MESSAGE_BYTES = Integer.BYTES;

    private final JobContext job;
    private final DatagramChannel inbound;
    private final DatagramChannel outbound;
    private final InetSocketAddress[] addressOfJvm;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicLong wakeUps = new AtomicLong();
    private final Thread listener;

    private ShmWaker(final JobContext job)
    {
        this.job = job;
        try
        {
            inbound = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            outbound = DatagramChannel.open(StandardProtocolFamily.INET);
            outbound.configureBlocking(false);
            final JobWiring wiring = job.wiring();
            wiring.publish(key(wiring.jvm()), Integer.toString(((InetSocketAddress)inbound.getLocalAddress()).getPort()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the shared-memory wake-up socket", ex);
        }
        this.addressOfJvm = new InetSocketAddress[maxJvm(job) + 1];
        this.listener = new Thread(this::listen, "colompi-shm-waker-jvm" + job.wiring().jvm());
        listener.setDaemon(true);
        listener.start();
    }

    /** This JVM's waker, made by its first shared-memory transport; each user {@link #close}s it once. */
    static ShmWaker of(final JobContext job)
    {
        final ShmWaker waker = job.shared(SHARED);
        waker.users.incrementAndGet();
        return waker;
    }

    /** Ask JVM {@code jvm} to ring the doorbell of its rank {@code rank}; {@code message} is the caller's own buffer. */
    void wake(final int jvm, final ByteBuffer message)
    {
        try
        {
            message.clear();
            outbound.send(message, address(jvm));
        }
        catch (final IOException ex)
        {
            // The peer is gone or its socket is full: it wakes at its park timeout anyway.
        }
    }

    /** A wake-up message for {@code rank}, to pass to {@link #wake} (one per caller: sends may run concurrently). */
    static ByteBuffer messageFor(final int rank)
    {
        return ByteBuffer.allocateDirect(MESSAGE_BYTES).putInt(0, rank);
    }

    /** Wake-ups this JVM's ranks received. */
    long wakeUps()
    {
        return wakeUps.get();
    }

    @Override
    public void close()
    {
        if (users.decrementAndGet() == 0)
        {
            try
            {
                inbound.close();
                outbound.close();
            }
            catch (final IOException ex)
            {
                // Closing sockets of a finished job: nothing to do about it.
            }
        }
    }

    private InetSocketAddress address(final int jvm)
    {
        InetSocketAddress address = addressOfJvm[jvm];
        if (address == null)
        {
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(job.wiring().endpoint(key(jvm))));
            addressOfJvm[jvm] = address;
        }
        return address;
    }

    private void listen()
    {
        final ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE_BYTES);
        while (true)
        {
            try
            {
                message.clear();
                inbound.receive(message);
            }
            catch (final ClosedChannelException closed)
            {
                return;
            }
            catch (final IOException ex)
            {
                continue;
            }
            if (message.position() == MESSAGE_BYTES)
            {
                final int rank = message.getInt(0);
                final Doorbell doorbell = job.doorbell(rank);
                if (doorbell != null)
                {
                    wakeUps.incrementAndGet();
                    doorbell.ring();
                }
            }
        }
    }

    private static String key(final int jvm)
    {
        return "shm.wake.jvm" + jvm;
    }

    private static int maxJvm(final JobContext job)
    {
        int max = 0;
        for (int rank = 0; rank < job.placement().size(); rank++)
        {
            max = Math.max(max, job.placement().jvmOf(rank));
        }
        return max;
    }
}
