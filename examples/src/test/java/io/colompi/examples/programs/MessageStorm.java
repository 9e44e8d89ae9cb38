package io.colompi.examples.programs;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Prequest;
import mpi.Request;
import mpi.Status;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static io.colompi.examples.programs.StormValues.value;

/**
 * Point-to-point traffic drawn at random from a seed, checked message by message: every rank draws the same rounds
 * (who sends what to whom, on which communicator, with which tag, type, count and send mode; how each receiver takes
 * its messages: exact or wildcard receives, probes, persistent requests, and how it completes them), sends its part,
 * receives its part and checks each message's source, tag, count and every element, that nothing was written
 * outside it, and that messages from one sender that one receive could match arrive in the order they were sent.
 * Now and then a rank computes (sleeps) for up to 3 ms before it receives, so that its peers wait out of phase.
 * Counts straddle the in-JVM eager limit and reach a few hundred KiB, so every tier's fragmenting runs. Each round
 * also shifts a message around the ranks with {@code Sendrecv} or {@code Sendrecv_replace} and may cancel a receive
 * nothing matches. The first mismatch ends the job with a line naming seed, round, rank and message.
 *
 * <p>Arguments: seed, rounds. Rank 0 prints {@code STORM OK seed=S rounds=R np=P messages=M} at the end.
 */
public final class MessageStorm
{
    private static final int BYTE = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final int OBJECT = 4;
    private static final int[] ELEMENT_BYTES = { 1, 4, 8, 8, 8 };
    private static final int TAGS = 4;
    private static final int COMMS = 3;
    /** colompi's in-JVM eager limit, in bytes: counts around it switch protocols. */
    private static final int EAGER_BYTES = 16384;
    /** Buffered sends carry at most this much, so that the attached buffer always holds a round's. */
    private static final int BUFFERED_BYTES = 65536;
    /** Room for buffered sends of several rounds: a sender may be rounds ahead of a slow receiver. */
    private static final int BUFFER_ATTACHED = 16 << 20;
    private static final Object GUARD = "guard";

    /** {@code DIRECT}: Open MPI's {@code iSend} from a direct buffer (objects: {@code ISEND}). */
    private enum SendMode { ISEND, ISSEND, IBSEND, BSEND, PERSISTENT, SSEND_PERSISTENT, DIRECT }

    /** {@code DIRECT_EXACT}: Open MPI's {@code iRecv} into a direct buffer (objects: {@code EXACT}). */
    private enum ReceiveMode { EXACT, PERSISTENT_EXACT, DIRECT_EXACT, ANY_SOURCE, ANY_TAG, PROBE, IPROBE }

    private enum Completion { WAITALL, WAITANY, TESTSOME, EACH_REVERSED }

    private record Message(int id, int comm, int source, int dest, int tag, int kind, int count, SendMode mode)
    {
    }

    /** A posted receive: what it selects and where it lands (an array, or a direct buffer copied to it at the end). */
    private record Posted(int comm, int source, int tag, int kind, Object buffer, int offset, int count, Buffer direct)
    {
        Posted(final int comm, final int source, final int tag, final int kind, final Object buffer, final int offset,
            final int count)
        {
            this(comm, source, tag, kind, buffer, offset, count, null);
        }
    }

    private final long seed;
    private final int np;
    private final int world;
    private final Intracomm[] comms = new Intracomm[COMMS];
    private long received;

    private MessageStorm(final long seed)
    {
        this.seed = seed;
        np = MPI.COMM_WORLD.Size();
        world = MPI.COMM_WORLD.Rank();
        comms[0] = MPI.COMM_WORLD;
        comms[1] = (Intracomm)MPI.COMM_WORLD.clone();
        comms[2] = MPI.COMM_WORLD.Split(0, np - world);
    }

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        final long seed = Long.parseLong(args[0]);
        final int rounds = Integer.parseInt(args[1]);
        MPI.Buffer_attach(ByteBuffer.allocateDirect(BUFFER_ATTACHED));
        final MessageStorm storm = new MessageStorm(seed);
        long messages = 0;
        for (int round = 0; round < rounds; round++)
        {
            messages += storm.round(round);
        }
        final long[] count = { storm.received };
        final long[] total = new long[1];
        MPI.COMM_WORLD.Allreduce(count, 0, total, 0, 1, MPI.LONG, MPI.SUM);
        storm.check(total[0] == messages, -1, null, "received " + total[0] + " messages in all, sent " + messages);
        MPI.Buffer_detach();
        if (storm.world == 0)
        {
            System.out.println("STORM OK seed=" + seed + " rounds=" + rounds + " np=" + storm.np + " messages=" +
                messages);
        }
        MPI.Finalize();
    }

    /** One round; returns the number of messages it had in all (the same on every rank). */
    private int round(final int round)
    {
        final SplittableRandom draw = new SplittableRandom(seed * 1_000_003L + round);
        final int[][] kinds = new int[COMMS][TAGS];
        for (final int[] byTag : kinds)
        {
            for (int t = 0; t < TAGS; t++)
            {
                byTag[t] = draw.nextInt(20) == 0 ? OBJECT : draw.nextInt(OBJECT);
            }
        }
        final List<Message> messages = new ArrayList<>();
        final int count = 1 + draw.nextInt(4 * np);
        for (int id = 0; id < count; id++)
        {
            final int comm = draw.nextInt(COMMS);
            final int tag = draw.nextInt(TAGS);
            final int kind = kinds[comm][tag];
            final SendMode mode = SendMode.values()[draw.nextInt(SendMode.values().length)];
            final int bytes = drawBytes(draw);
            final int elements = Math.min(kind == OBJECT ? 64 : Integer.MAX_VALUE,
                (mode == SendMode.IBSEND || mode == SendMode.BSEND ? Math.min(bytes, BUFFERED_BYTES) : bytes) /
                ELEMENT_BYTES[kind]);
            messages.add(new Message(id, comm, draw.nextInt(np), draw.nextInt(np), tag, kind, elements, mode));
        }
        final ReceiveMode[][] receiveModes = new ReceiveMode[np][COMMS];
        final Completion[][] completions = new Completion[np][COMMS];
        boolean anySource = false;
        for (int r = 0; r < np; r++)
        {
            for (int c = 0; c < COMMS; c++)
            {
                receiveModes[r][c] = ReceiveMode.values()[draw.nextInt(ReceiveMode.values().length)];
                completions[r][c] = Completion.values()[draw.nextInt(Completion.values().length)];
                anySource |= receiveModes[r][c] == ReceiveMode.ANY_SOURCE || receiveModes[r][c] == ReceiveMode.PROBE ||
                    receiveModes[r][c] == ReceiveMode.IPROBE;
            }
        }

        final int[] lateMicros = new int[np];
        for (int r = 0; r < np; r++)
        {
            lateMicros[r] = draw.nextInt(8) == 0 ? 200 + draw.nextInt(3000) : 0;
        }
        shift(round, draw.split()); // first: its receive takes every shifted message before the wildcards start
        final List<Request> sends = send(round, messages, draw.split());
        if (lateMicros[world] > 0)
        {
            LockSupport.parkNanos(lateMicros[world] * 1000L); // out of phase: its peers wait, park, and are woken
        }
        for (int c = 0; c < COMMS; c++)
        {
            receive(round, c, mine(messages, c), receiveModes[rank(c)][c], completions[rank(c)][c], draw.split());
        }
        Request.Waitall(sends.toArray(new Request[0]));
        cancelUnmatched(round, draw.split());
        if (anySource)
        {
            MPI.COMM_WORLD.Barrier(); // wildcards of this round must not see the next round's messages
        }
        return messages.size();
    }

    /** 0, 1, a few, around the eager limit, or up to a few hundred KiB, in bytes. */
    private static int drawBytes(final SplittableRandom draw)
    {
        final int sizeClass = draw.nextInt(20);
        if (sizeClass < 2)
        {
            return 0;
        }
        if (sizeClass < 5)
        {
            return 8;
        }
        if (sizeClass < 13)
        {
            return 8 * (2 + draw.nextInt(64));
        }
        if (sizeClass < 16)
        {
            return EAGER_BYTES - 8 + 8 * draw.nextInt(3);
        }
        return 20_000 + draw.nextInt(300_000);
    }

    /** This rank's messages as a receiver on communicator {@code c}, in the order they were drawn. */
    private List<Message> mine(final List<Message> messages, final int c)
    {
        final List<Message> mine = new ArrayList<>();
        for (final Message m : messages)
        {
            if (m.comm == c && m.dest == rank(c))
            {
                mine.add(m);
            }
        }
        return mine;
    }

    private int rank(final int comm)
    {
        return comm == 2 ? np - 1 - world : world;
    }

    private List<Request> send(final int round, final List<Message> messages, final SplittableRandom draw)
    {
        final List<Request> requests = new ArrayList<>();
        for (final Message m : messages)
        {
            if (m.source != rank(m.comm))
            {
                continue;
            }
            final int offset = draw.nextInt(4);
            final Object buffer = allocate(m.kind, offset + m.count + draw.nextInt(3));
            fill(buffer, offset, m.count, m.kind, key(round, m.id));
            final Intracomm c = comms[m.comm];
            final Datatype type = type(m.kind);
            switch (m.mode)
            {
                case ISEND -> requests.add(c.Isend(buffer, offset, m.count, type, m.dest, m.tag));
                case DIRECT -> requests.add(m.kind == OBJECT ? c.Isend(buffer, offset, m.count, type, m.dest, m.tag) :
                    c.iSend(slice(direct(buffer), offset), m.count, type, m.dest, m.tag));
                case ISSEND -> requests.add(c.Issend(buffer, offset, m.count, type, m.dest, m.tag));
                case IBSEND -> requests.add(c.Ibsend(buffer, offset, m.count, type, m.dest, m.tag));
                case BSEND -> c.Bsend(buffer, offset, m.count, type, m.dest, m.tag);
                case PERSISTENT, SSEND_PERSISTENT ->
                {
                    final Prequest p = m.mode == SendMode.PERSISTENT ?
                        c.Send_init(buffer, offset, m.count, type, m.dest, m.tag) :
                        c.Ssend_init(buffer, offset, m.count, type, m.dest, m.tag);
                    p.Start();
                    requests.add(p);
                }
                default -> throw new IllegalStateException(m.mode.toString());
            }
        }
        return requests;
    }

    private void receive(final int round, final int c, final List<Message> mine, final ReceiveMode mode,
        final Completion completion, final SplittableRandom draw)
    {
        if (mine.isEmpty())
        {
            return;
        }
        final Intracomm comm = comms[c];
        final List<ArrayDeque<Message>> bySource = new ArrayList<>();
        for (int s = 0; s < np; s++)
        {
            bySource.add(new ArrayDeque<>());
        }
        for (final Message m : mine)
        {
            bySource.get(m.source).add(m);
        }
        if (mode == ReceiveMode.PROBE || mode == ReceiveMode.IPROBE)
        {
            for (int i = 0; i < mine.size(); i++)
            {
                Status probed = mode == ReceiveMode.PROBE ? comm.Probe(MPI.ANY_SOURCE, MPI.ANY_TAG) : null;
                while (probed == null)
                {
                    probed = comm.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG);
                }
                final Message m = next(bySource, probed.source, MPI.ANY_TAG, round, mode);
                check(probed.tag == m.tag, round, m, mode + ": probed tag " + probed.tag);
                check(probed.Get_count(type(m.kind)) == m.count, round, m,
                    mode + ": probed count " + probed.Get_count(type(m.kind)));
                final int offset = draw.nextInt(4);
                final Posted posted = new Posted(c, probed.source, probed.tag, m.kind,
                    guarded(m.kind, offset + m.count + draw.nextInt(3)), offset, m.count);
                final Status status = mode == ReceiveMode.PROBE ?
                    comm.Recv(posted.buffer, offset, m.count, type(m.kind), probed.source, probed.tag) :
                    comm.Irecv(posted.buffer, offset, m.count, type(m.kind), probed.source, probed.tag).Wait();
                verify(round, posted, status, m, mode);
            }
            return;
        }
        final List<Posted> posted = new ArrayList<>();
        final Request[] requests = new Request[mine.size()];
        for (final Message m : mine)
        {
            final int source = mode == ReceiveMode.ANY_SOURCE ? MPI.ANY_SOURCE : m.source;
            final int tag = mode == ReceiveMode.ANY_TAG ? MPI.ANY_TAG : m.tag;
            final int capacity = (mode == ReceiveMode.ANY_SOURCE ? largest(mine, m.tag) : m.count) + draw.nextInt(3);
            final int offset = draw.nextInt(4);
            final Object buffer = guarded(m.kind, offset + capacity + draw.nextInt(3));
            final boolean direct = mode == ReceiveMode.DIRECT_EXACT && m.kind != OBJECT;
            final Posted p = new Posted(c, source, tag, m.kind, buffer, offset, capacity,
                direct ? direct(buffer) : null);
            if (direct)
            {
                requests[posted.size()] = comm.iRecv(slice(p.direct, offset), capacity, type(m.kind), source, tag);
            }
            else if (mode == ReceiveMode.PERSISTENT_EXACT)
            {
                final Prequest persistent = comm.Recv_init(p.buffer, offset, capacity, type(m.kind), source, tag);
                persistent.Start();
                requests[posted.size()] = persistent;
            }
            else
            {
                requests[posted.size()] = comm.Irecv(p.buffer, offset, capacity, type(m.kind), source, tag);
            }
            posted.add(p);
        }
        final Status[] statuses = complete(requests, completion);
        for (int i = 0; i < posted.size(); i++)
        {
            final Posted p = posted.get(i);
            final Status status = statuses[i];
            if (p.direct != null)
            {
                copy(p.direct, p.buffer);
            }
            check(p.source == MPI.ANY_SOURCE || status.source == p.source, round, null,
                mode + ": receive " + i + " from " + p.source + " completed with source " + status.source);
            verify(round, p, status, next(bySource, status.source, p.tag, round, mode), mode);
        }
    }

    /** Completes every request, returning their statuses in the order of the requests. */
    private static Status[] complete(final Request[] requests, final Completion completion)
    {
        final Status[] statuses = new Status[requests.length];
        switch (completion)
        {
            case WAITALL -> System.arraycopy(Request.Waitall(requests), 0, statuses, 0, requests.length);
            case WAITANY ->
            {
                for (int i = 0; i < requests.length; i++)
                {
                    final Status s = Request.Waitany(requests);
                    statuses[s.index] = s;
                }
            }
            case TESTSOME ->
            {
                int done = 0;
                while (done < requests.length)
                {
                    final Status[] some = Request.Testsome(requests);
                    for (final Status s : some == null ? new Status[0] : some)
                    {
                        statuses[s.index] = s;
                        done++;
                    }
                }
            }
            case EACH_REVERSED ->
            {
                for (int i = requests.length - 1; i >= 0; i--)
                {
                    statuses[i] = requests[i].Wait();
                }
            }
            default -> throw new IllegalStateException(completion.toString());
        }
        return statuses;
    }

    /** The earliest message not yet received from {@code source} that a receive of {@code tag} matches. */
    private Message next(final List<ArrayDeque<Message>> bySource, final int source, final int tag, final int round,
        final ReceiveMode mode)
    {
        check(source >= 0 && source < np, round, null, mode + ": completed with source " + source);
        final ArrayDeque<Message> pending = bySource.get(source);
        for (final Message m : pending)
        {
            if (tag == MPI.ANY_TAG || m.tag == tag)
            {
                pending.remove(m);
                return m;
            }
        }
        check(false, round, null, mode + ": a message from " + source + " with tag " + tag + " that was never sent");
        return null;
    }

    private void verify(final int round, final Posted p, final Status status, final Message m, final Object how)
    {
        received++;
        final String call = how + " into offset " + p.offset + " of " + length(p.buffer) + ": ";
        check(status.tag == m.tag, round, m, call + "status tag " + status.tag);
        check(status.source == m.source, round, m, call + "status source " + status.source);
        check(status.Get_count(type(m.kind)) == m.count, round, m,
            call + "status count " + status.Get_count(type(m.kind)));
        check(p.kind == m.kind, round, m, call + "received as kind " + p.kind);
        final long key = key(round, m.id);
        final int length = length(p.buffer);
        for (int i = 0; i < length; i++)
        {
            final boolean inside = i >= p.offset && i < p.offset + m.count;
            final boolean good = inside ? equalsValue(p.buffer, i, m.kind, key, i - p.offset) : isGuard(p.buffer, i);
            if (!good)
            {
                check(false, round, m, call + "element " + i + (inside ? " (item " + (i - p.offset) + ")" :
                    " outside the message") + " is " + Arrays.asList(element(p.buffer, i)));
            }
        }
    }

    /** A message around the ranks, with {@code Sendrecv} or {@code Sendrecv_replace}. */
    private void shift(final int round, final SplittableRandom draw)
    {
        final int c = draw.nextInt(COMMS);
        final Intracomm comm = comms[c];
        final int me = rank(c);
        final int distance = draw.nextInt(np);
        final int dest = (me + distance) % np;
        final int source = (me - distance + np) % np;
        final int kind = draw.nextInt(OBJECT);
        final int[] counts = new int[np];
        for (int r = 0; r < np; r++)
        {
            counts[r] = drawBytes(draw) / ELEMENT_BYTES[kind];
        }
        final boolean replace = draw.nextBoolean();
        final int tag = 100 + round % 50;
        final Message expected = new Message(-1 - source, c, source, me, tag, kind,
            replace ? counts[0] : counts[source], SendMode.ISEND);
        final int offset = draw.nextInt(4);
        final Status status;
        final Posted p;
        if (replace)
        {
            p = new Posted(c, source, tag, kind, guarded(kind, offset + counts[0] + 2), offset, counts[0]);
            fill(p.buffer, offset, counts[0], kind, key(round, -1 - me));
            status = comm.Sendrecv_replace(p.buffer, offset, counts[0], type(kind), dest, tag, source, tag);
        }
        else
        {
            final Object out = allocate(kind, counts[me] + 1);
            fill(out, 1, counts[me], kind, key(round, -1 - me));
            final int capacity = counts[source] + draw.nextInt(3);
            p = new Posted(c, source, tag, kind, guarded(kind, offset + capacity + 1), offset, capacity);
            status = comm.Sendrecv(out, 1, counts[me], type(kind), dest, tag, p.buffer, offset, capacity, type(kind),
                source, tag);
        }
        verify(round, p, status, expected, replace ? "Sendrecv_replace" : "Sendrecv");
        received--; // shifts are not among the counted messages
    }

    /** A receive that nothing matches, cancelled: its status says so. */
    private void cancelUnmatched(final int round, final SplittableRandom draw)
    {
        if (draw.nextInt(5) != 0)
        {
            return;
        }
        final Intracomm comm = comms[draw.nextInt(COMMS)];
        final Request r = comm.Irecv(new int[1], 0, 1, MPI.INT, MPI.ANY_SOURCE, 4242);
        r.Cancel();
        check(r.Wait().Test_cancelled(), round, null, "a cancelled receive's status is not cancelled");
    }

    private int largest(final List<Message> mine, final int tag)
    {
        int largest = 0;
        for (final Message m : mine)
        {
            if (m.tag == tag)
            {
                largest = Math.max(largest, m.count);
            }
        }
        return largest;
    }

    private void check(final boolean ok, final int round, final Message m, final String detail)
    {
        if (!ok)
        {
            final String line = "STORM FAIL seed=" + seed + " round=" + round + " rank=" + world +
                (m == null ? "" : " message=" + m) + ": " + detail;
            System.out.println(line);
            throw new IllegalStateException(line);
        }
    }

    private long key(final int round, final int id)
    {
        return StormValues.key(seed, round, id);
    }


    private static Datatype type(final int kind)
    {
        return switch (kind)
        {
            case BYTE -> MPI.BYTE;
            case INT -> MPI.INT;
            case LONG -> MPI.LONG;
            case DOUBLE -> MPI.DOUBLE;
            default -> MPI.OBJECT;
        };
    }

    private static Object allocate(final int kind, final int length)
    {
        return switch (kind)
        {
            case BYTE -> new byte[length];
            case INT -> new int[length];
            case LONG -> new long[length];
            case DOUBLE -> new double[length];
            default -> new Object[length];
        };
    }

    /** A receive buffer whose every element is the guard value. */
    private static Object guarded(final int kind, final int length)
    {
        final Object buffer = allocate(kind, length);
        switch (kind)
        {
            case BYTE -> Arrays.fill((byte[])buffer, (byte)0x5A);
            case INT -> Arrays.fill((int[])buffer, 0x5A5A5A5A);
            case LONG -> Arrays.fill((long[])buffer, 0x5A5A5A5A5A5A5A5AL);
            case DOUBLE -> Arrays.fill((double[])buffer, -0.5);
            default -> Arrays.fill((Object[])buffer, GUARD);
        }
        return buffer;
    }

    private static boolean isGuard(final Object buffer, final int i)
    {
        if (buffer instanceof byte[] b)
        {
            return b[i] == (byte)0x5A;
        }
        if (buffer instanceof int[] a)
        {
            return a[i] == 0x5A5A5A5A;
        }
        if (buffer instanceof long[] a)
        {
            return a[i] == 0x5A5A5A5A5A5A5A5AL;
        }
        if (buffer instanceof double[] a)
        {
            return a[i] == -0.5;
        }
        return ((Object[])buffer)[i] == GUARD;
    }

    private static void fill(final Object buffer, final int offset, final int count, final int kind, final long key)
    {
        for (int i = 0; i < count; i++)
        {
            final long v = value(key, i);
            switch (kind)
            {
                case BYTE -> ((byte[])buffer)[offset + i] = (byte)v;
                case INT -> ((int[])buffer)[offset + i] = (int)v;
                case LONG -> ((long[])buffer)[offset + i] = v;
                case DOUBLE -> ((double[])buffer)[offset + i] = (int)v; // whole numbers: exact, never the guard
                default -> ((Object[])buffer)[offset + i] = v;
            }
        }
    }

    private static boolean equalsValue(final Object buffer, final int i, final int kind, final long key, final int item)
    {
        final long v = value(key, item);
        return switch (kind)
        {
            case BYTE -> ((byte[])buffer)[i] == (byte)v;
            case INT -> ((int[])buffer)[i] == (int)v;
            case LONG -> ((long[])buffer)[i] == v;
            case DOUBLE -> ((double[])buffer)[i] == (int)v;
            default -> Long.valueOf(v).equals(((Object[])buffer)[i]);
        };
    }

    /** A direct buffer holding {@code array}'s elements (bytes, ints, longs or doubles). */
    private static Buffer direct(final Object array)
    {
        if (array instanceof byte[] a)
        {
            return MPI.newByteBuffer(a.length).put(a).clear();
        }
        if (array instanceof int[] a)
        {
            return MPI.newIntBuffer(a.length).put(a).clear();
        }
        if (array instanceof long[] a)
        {
            return MPI.newLongBuffer(a.length).put(a).clear();
        }
        return MPI.newDoubleBuffer(((double[])array).length).put((double[])array).clear();
    }

    private static void copy(final Buffer direct, final Object array)
    {
        final Buffer from = direct.duplicate().clear();
        if (array instanceof byte[] a)
        {
            ((ByteBuffer)from).get(a);
        }
        else if (array instanceof int[] a)
        {
            ((IntBuffer)from).get(a);
        }
        else if (array instanceof long[] a)
        {
            ((LongBuffer)from).get(a);
        }
        else
        {
            ((DoubleBuffer)from).get((double[])array);
        }
    }

    /** The part of {@code buffer} from element {@code offset}: Open MPI's calls take no offset. */
    private static Buffer slice(final Buffer buffer, final int offset)
    {
        return buffer.duplicate().position(offset).slice();
    }

    private static Object element(final Object buffer, final int i)
    {
        return java.lang.reflect.Array.get(buffer, i);
    }

    private static int length(final Object buffer)
    {
        return java.lang.reflect.Array.getLength(buffer);
    }
}
