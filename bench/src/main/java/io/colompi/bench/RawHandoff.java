package io.colompi.bench;

/**
 * The raw limit of the in-JVM tier: two threads handing a primitive array over with {@code System.arraycopy} and a
 * volatile sequence number ({@link Signal}), nothing else (no matching, no requests, no facade). The calling thread
 * is the "ping" side; a helper thread created here is the "pong" side. Buffers mirror OSU's: each side sends from
 * its own send array into the other side's receive array, one copy per message.
 * <p>Each measurement is one method call (warm-up calls first), so the JIT compiles the loops as methods.
 */
public final class RawHandoff implements AutoCloseable
{
    private static final int PING_PONG = 1;
    private static final int STREAM = 2;
    private static final int BIDIRECTIONAL = 3;
    private static final int STOP = 4;
    /** How the idle helper waits for the next task: never spins long, so it leaves the cores to colompi's ranks. */
    private static final Signal.Policy IDLE = new Signal.Policy("idle", 100, 10, 1_000, 1_000_000);

    private final Object pingSend;
    private final Object pingRecv;
    private final Object pongSend;
    private final Object pongRecv;
    private final Signal.Policy policy;
    private final Signal toPong = new Signal();
    private final Signal toPing = new Signal();
    private final Signal tasks = new Signal();
    private final Signal started = new Signal();
    private final Thread pong;

    // Task description: written by ping before it publishes tasks, read by pong after it sees the publication.
    private int taskKind;
    private int taskCount;
    private int taskWindow;
    private int taskIterations;
    private long taskNumber;

    // Ping side's counters (ping thread only).
    private long pingSent;
    private long pingReceived;

    private volatile Throwable pongFailure;

    /**
     * @param element    the arrays' element type.
     * @param maxCount   the largest message, in elements.
     * @param policy     how a side waits for the other.
     */
    public RawHandoff(final Element element, final int maxCount, final Signal.Policy policy)
    {
        this.pingSend = element.allocate(maxCount, 1);
        this.pingRecv = element.allocate(maxCount, 0);
        this.pongSend = element.allocate(maxCount, 2);
        this.pongRecv = element.allocate(maxCount, 0);
        this.policy = policy;
        this.pong = new Thread(this::pongLoop, "raw-handoff-pong");
        pong.setDaemon(true);
        pong.start();
    }

    public String policyName()
    {
        return policy.name();
    }

    /**
     * {@code iterations} round trips of {@code count} elements (ping copies into pong's array, pong copies back).
     *
     * @param samples if not null, receives each round trip's time in ns (length at least {@code iterations}).
     * @return the total time in ns.
     */
    public long pingPong(final int count, final int iterations, final long[] samples)
    {
        startTask(PING_PONG, count, 0, iterations);
        return pingPongLoop(count, iterations, samples);
    }

    /** {@code iterations} windows of {@code window} messages ping to pong, each window acknowledged; total ns. */
    public long stream(final int count, final int window, final int iterations)
    {
        startTask(STREAM, count, window, iterations);
        return windowLoop(count, window, 1, iterations);
    }

    /** Both sides send {@code window} messages to each other, {@code iterations} times; total ns. */
    public long bidirectional(final int count, final int window, final int iterations)
    {
        startTask(BIDIRECTIONAL, count, window, iterations);
        return windowLoop(count, window, window, iterations);
    }

    Object pingSend()
    {
        return pingSend;
    }

    Object pingRecv()
    {
        return pingRecv;
    }

    Object pongSend()
    {
        return pongSend;
    }

    Object pongRecv()
    {
        return pongRecv;
    }

    @Override
    public void close()
    {
        startTask(STOP, 0, 0, 0);
        try
        {
            pong.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void startTask(final int kind, final int count, final int window, final int iterations)
    {
        final Throwable failure = pongFailure;
        if (failure != null)
        {
            throw new IllegalStateException("raw handoff helper failed", failure);
        }
        taskKind = kind;
        taskCount = count;
        taskWindow = window;
        taskIterations = iterations;
        final long number = ++taskNumber;
        tasks.publish(number);
        if (kind != STOP)
        {
            started.await(number, IDLE);
        }
    }

    private long pingPongLoop(final int count, final int iterations, final long[] samples)
    {
        final Object send = pingSend;
        final Object recv = pongRecv;
        final Signal out = toPong;
        final Signal in = toPing;
        final Signal.Policy wait = policy;
        long sent = pingSent;
        long received = pingReceived;
        final long start = System.nanoTime();
        long previous = start;
        for (int i = 0; i < iterations; i++)
        {
            System.arraycopy(send, 0, recv, 0, count);
            out.publish(++sent);
            in.await(++received, wait);
            if (samples != null)
            {
                final long now = System.nanoTime();
                samples[i] = now - previous;
                previous = now;
            }
        }
        final long elapsed = System.nanoTime() - start;
        pingSent = sent;
        pingReceived = received;
        return elapsed;
    }

    /**
     * {@code iterations} windows of {@code window} copies, each window answered by {@code acksPerWindow} signals
     * (1: the pong acknowledges the window, bw; {@code window}: the pong sends as many back, bibw).
     */
    private long windowLoop(final int count, final int window, final int acksPerWindow, final int iterations)
    {
        final Object send = pingSend;
        final Object recv = pongRecv;
        final Signal out = toPong;
        final Signal in = toPing;
        final Signal.Policy wait = policy;
        long sent = pingSent;
        long received = pingReceived;
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                System.arraycopy(send, 0, recv, 0, count);
                out.publish(++sent);
            }
            received += acksPerWindow;
            in.await(received, wait);
        }
        final long elapsed = System.nanoTime() - start;
        pingSent = sent;
        pingReceived = received;
        return elapsed;
    }

    private void pongLoop()
    {
        long seen = 0;
        long sent = 0;
        long received = 0;
        try
        {
            while (true)
            {
                tasks.await(++seen, IDLE);
                final int kind = taskKind;
                final int count = taskCount;
                final int window = taskWindow;
                final int iterations = taskIterations;
                if (kind == STOP)
                {
                    return;
                }
                started.publish(seen);
                switch (kind)
                {
                    case PING_PONG:
                        pongPingPong(count, iterations, received, sent);
                        received += iterations;
                        sent += iterations;
                        break;
                    case STREAM:
                        pongStream(window, iterations, received, sent);
                        received += (long)window * iterations;
                        sent += iterations;
                        break;
                    case BIDIRECTIONAL:
                        pongBidirectional(count, window, iterations, received, sent);
                        received += (long)window * iterations;
                        sent += (long)window * iterations;
                        break;
                    default:
                        throw new IllegalStateException("unknown task " + kind);
                }
            }
        }
        catch (final Throwable t)
        {
            pongFailure = t;
        }
    }

    private void pongPingPong(final int count, final int iterations, final long receivedBefore, final long sentBefore)
    {
        final Object send = pongSend;
        final Object recv = pingRecv;
        final Signal out = toPing;
        final Signal in = toPong;
        final Signal.Policy wait = policy;
        long received = receivedBefore;
        long sent = sentBefore;
        for (int i = 0; i < iterations; i++)
        {
            in.await(++received, wait);
            System.arraycopy(send, 0, recv, 0, count);
            out.publish(++sent);
        }
    }

    private void pongStream(final int window, final int iterations, final long receivedBefore, final long sentBefore)
    {
        final Signal out = toPing;
        final Signal in = toPong;
        final Signal.Policy wait = policy;
        long received = receivedBefore;
        long sent = sentBefore;
        for (int i = 0; i < iterations; i++)
        {
            received += window;
            in.await(received, wait);
            out.publish(++sent);
        }
    }

    private void pongBidirectional(
        final int count, final int window, final int iterations, final long receivedBefore, final long sentBefore)
    {
        final Object send = pongSend;
        final Object recv = pingRecv;
        final Signal out = toPing;
        final Signal in = toPong;
        final Signal.Policy wait = policy;
        long received = receivedBefore;
        long sent = sentBefore;
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                System.arraycopy(send, 0, recv, 0, count);
                out.publish(++sent);
            }
            received += window;
            in.await(received, wait);
        }
    }
}
