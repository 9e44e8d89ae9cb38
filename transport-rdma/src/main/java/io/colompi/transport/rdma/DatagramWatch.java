package io.colompi.transport.rdma;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.SendChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * Sleeps in the kernel until a datagram reaches one of the embedded driver's sockets: the data socket of the
 * subscription and the control sockets of the publications (status messages, NAKs). The driver registers each
 * socket it opens here through the endpoint suppliers of its context; the driver itself still reads them.
 * A keeper that waits here instead of parking is woken by the packet itself, as a thread blocked in {@code recv}
 * would be, not by its next timer: on a loaded node a sleeping thread that the kernel wakes is scheduled within
 * microseconds, while a rank that spins or yields against other programs waits for whole scheduler slices.
 * One thread waits at a time (the keeper); any thread may register.
 */
final class DatagramWatch implements AutoCloseable
{
    private static final Consumer<SelectionKey> READY = key -> { };

    private final Selector selector;

    DatagramWatch()
    {
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("aeron: cannot open a selector for the driver's sockets", ex);
        }
    }

    /** A driver context whose endpoints register their sockets here as they open them. */
    MediaDriver.Context watching(final MediaDriver.Context context)
    {
        return context
            .receiveChannelEndpointSupplier(Receive::new)
            .sendChannelEndpointSupplier(Send::new);
    }

    /**
     * Sleep until a watched socket has a datagram to read, at most {@code timeoutMs} (at least 1) milliseconds or
     * until the thread is interrupted. Returns the number of sockets ready (0 after a timeout).
     */
    int await(final long timeoutMs)
    {
        try
        {
            return selector.select(READY, timeoutMs);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("aeron: waiting for datagrams failed", ex);
        }
        catch (final ClosedSelectorException ex)
        {
            return 0;
        }
    }

    /** Stop watching: the driver's sockets close with the driver, not here. */
    @Override
    public void close()
    {
        CloseHelper.quietClose(selector);
    }

    private void watch(final DatagramChannel channel)
    {
        if (channel == null || !selector.isOpen())
        {
            return;
        }
        try
        {
            // no wakeup(): a wait in progress picks the socket up at its next select, within its timeout
            channel.register(selector, SelectionKey.OP_READ);
        }
        catch (final IOException | ClosedSelectorException ex)
        {
            // a closing node: nobody waits here any more
        }
    }

    /** The subscription's endpoint: data frames and setup messages arrive on its socket. */
    private final class Receive extends ReceiveChannelEndpoint
    {
        Receive(
            final UdpChannel channel, final DataPacketDispatcher dispatcher, final AtomicCounter status,
            final MediaDriver.Context context)
        {
            super(channel, dispatcher, status, context);
        }

        @Override
        public void openChannel()
        {
            super.openChannel();
            watch(receiveDatagramChannel());
        }
    }

    /** A publication's endpoint: status messages and NAKs arrive on its socket. */
    private final class Send extends SendChannelEndpoint
    {
        Send(final UdpChannel channel, final AtomicCounter status, final MediaDriver.Context context)
        {
            super(channel, status, context);
        }

        @Override
        public void openChannel()
        {
            super.openChannel();
            watch(receiveDatagramChannel());
        }
    }
}
