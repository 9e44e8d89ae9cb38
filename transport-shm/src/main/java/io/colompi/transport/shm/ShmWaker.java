package io.colompi.transport.shm;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobWiring;
import io.colompi.core.transport.SipHash;
import io.colompi.core.transport.TransportStats;
import io.colompi.core.wait.Doorbell;
import org.agrona.concurrent.UnsafeBuffer;

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
 * <p>
 * Anybody on the node can send that port a datagram, so a wake-up proves it comes from a JVM of the job, once: it
 * carries a SipHash-2-4 MAC under a key of the job's secret and a number, per sending JVM, that the receiver takes
 * once (out of order by less than {@value #WINDOW}, as concurrent senders may overtake each other). The rest
 * is dropped and counted ({@link #refused()}, and {@code refused=} of the shm transport of this JVM's first rank).
 * <pre>
 *   0  long  mac        (of bytes 8 to 24)
 *   8  long  number     (per sending JVM, from 1)
 *  16  int   sourceJvm  20 int rank (of the receiving JVM, to wake)
 * </pre>
 */
final class ShmWaker implements AutoCloseable
{
    private static final JobContext.Shared<ShmWaker> SHARED = new JobContext.Shared<>("shm waker", ShmWaker::new);
    private static final String KEY_LABEL = "colompi shm wake key";
    private static final int MAC_OFFSET = 0;
    private static final int NUMBER_OFFSET = 8;
    private static final int SOURCE_JVM_OFFSET = 16;
    private static final int RANK_OFFSET = 20;
    private static final int MESSAGE_BYTES = 24;
    /** Numbers a wake-up may come late by and still be taken. */
    private static final int WINDOW = 64;

    private final JobContext job;
    private final int jvm;
    private final long[] macKey = new long[2];
    private final AtomicLong sent = new AtomicLong();
    /** Per sending JVM, read by the listener alone: the highest number taken, and which of the WINDOW below it were. */
    private final long[] highestTaken;
    private final long[] takenBelow;
    private final AtomicLong refused = new AtomicLong();
    /** The stats of this JVM's first shared-memory transport, where refused datagrams are counted. */
    private volatile TransportStats refusedStats;
    private final DatagramChannel inbound;
    private final DatagramChannel outbound;
    private final InetSocketAddress[] addressOfJvm;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicLong wakeUps = new AtomicLong();
    private final Thread listener;

    private ShmWaker(final JobContext job)
    {
        this.job = job;
        this.jvm = job.wiring().jvm();
        SipHash.deriveKey(job.wiring().secret(), KEY_LABEL, job.wiring().jobId(), -1, -1, macKey, 0);
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
        this.highestTaken = new long[addressOfJvm.length];
        this.takenBelow = new long[addressOfJvm.length];
        this.listener = new Thread(this::listen, "colompi-shm-waker-jvm" + job.wiring().jvm());
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * This JVM's waker, made by its first shared-memory transport (whose {@code stats} count the datagrams it
     * refuses); each user {@link #close}s it once.
     */
    static ShmWaker of(final JobContext job, final TransportStats stats)
    {
        final ShmWaker waker = job.shared(SHARED);
        if (waker.refusedStats == null)
        {
            waker.refusedStats = stats;
        }
        waker.users.incrementAndGet();
        return waker;
    }

    /** Ask JVM {@code to} to ring the doorbell of the rank of {@code message}, the caller's own ({@link #messageFor}). */
    void wake(final int to, final UnsafeBuffer message)
    {
        message.putLong(NUMBER_OFFSET, sent.incrementAndGet());
        message.putInt(SOURCE_JVM_OFFSET, jvm);
        message.putLong(MAC_OFFSET, mac(message));
        try
        {
            outbound.send(message.byteBuffer().clear(), address(to));
        }
        catch (final IOException ex)
        {
            // The peer is gone or its socket is full: it wakes at its park timeout anyway.
        }
    }

    /** A wake-up message for {@code rank}, to pass to {@link #wake} (one per caller: sends may run concurrently). */
    static UnsafeBuffer messageFor(final int rank)
    {
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_BYTES));
        message.putInt(RANK_OFFSET, rank);
        return message;
    }

    /** Wake-ups this JVM's ranks received. */
    long wakeUps()
    {
        return wakeUps.get();
    }

    /** Datagrams this JVM's socket dropped: not a wake-up of the job (wrong length or MAC), or one already taken. */
    long refused()
    {
        return refused.get();
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
        // One byte more than a wake-up, so a longer datagram is seen as such rather than cut to size.
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_BYTES + 1));
        while (true)
        {
            final ByteBuffer bytes = message.byteBuffer().clear();
            try
            {
                inbound.receive(bytes);
            }
            catch (final ClosedChannelException closed)
            {
                return;
            }
            catch (final IOException ex)
            {
                continue;
            }
            if (bytes.position() != MESSAGE_BYTES || !isNew(message))
            {
                refuse();
                continue;
            }
            // A rank that has ended (or not yet begun) needs no waking.
            final int rank = message.getInt(RANK_OFFSET);
            final Doorbell doorbell = job.doorbell(rank);
            if (doorbell != null)
            {
                wakeUps.incrementAndGet();
                doorbell.ring();
            }
        }
    }

    private long mac(final UnsafeBuffer message)
    {
        return SipHash.hash(macKey[0], macKey[1], message, NUMBER_OFFSET, MESSAGE_BYTES - NUMBER_OFFSET);
    }

    /** Whether {@code message} is authentic and its number not taken before from its JVM; takes it if so. */
    private boolean isNew(final UnsafeBuffer message)
    {
        final int from = message.getInt(SOURCE_JVM_OFFSET);
        if (from < 0 || from >= highestTaken.length || message.getLong(MAC_OFFSET) != mac(message))
        {
            return false;
        }
        final long number = message.getLong(NUMBER_OFFSET);
        final long highest = highestTaken[from];
        if (number > highest)
        {
            final long shift = number - highest;
            takenBelow[from] = shift >= WINDOW ? 0 : (takenBelow[from] << shift | 1L << (shift - 1));
            highestTaken[from] = number;
            return true;
        }
        final long below = highest - number;
        if (number <= 0 || below == 0 || below >= WINDOW || (takenBelow[from] & 1L << (below - 1)) != 0)
        {
            return false;
        }
        takenBelow[from] |= 1L << (below - 1);
        return true;
    }

    /** Count a refused datagram, here and in the stats of this JVM's first shared-memory transport. */
    private void refuse()
    {
        refused.incrementAndGet();
        final TransportStats stats = refusedStats;
        if (stats != null)
        {
            stats.recordRefused();
        }
    }

    static String key(final int jvm)
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
