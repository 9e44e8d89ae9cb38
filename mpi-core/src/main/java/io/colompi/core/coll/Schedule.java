package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;

/**
 * Records an algorithm as rounds of steps (libNBC's schedule) for a nonblocking collective; {@link #start()}
 * turns it into the {@link CollectiveRequest} that runs it. Temporaries are its own, since several collectives may
 * be in flight on a communicator at once: taken from the communicator's {@link ScratchPool}, given back when the
 * collective has run to its end. It runs under the tag its collective took from the communicator's nonblocking
 * sequence ({@link CollectiveState#nextNonblockingTag}).
 */
final class Schedule extends Plan
{
    /** One recorded step: starts a point-to-point request (returned) or does local work (returns null). */
    @FunctionalInterface
    interface Step
    {
        Request run(CollectiveRequest collective);
    }

    /** What {@link #after}'s step expects: its request's end, not its outcome. */
    static final long ENDED = -2;

    private final int tag;
    /** The collective state of the communicator that started it: its call log watches it, its pool lends to it. */
    private final CollectiveState started;
    /** The log of the intercommunicator whose collective it runs, which watches it too; null: none. */
    private final CallLog across;
    private Step[] steps = new Step[16];
    /** Elements each step's receive is posted for; {@link #ENDED} for {@link #after}'s, -1 for other steps. */
    private long[] expected = new long[16];
    private int stepCount;
    private int[] roundEnds = new int[8];
    private int roundCount;
    /** The temporaries taken for it, with their base types. */
    private Object[] scratch = new Object[2];
    private BaseType[] scratchTypes = new BaseType[2];
    private int scratchCount;

    private Schedule(final Communicator comm, final int tag, final CollectiveState started, final CallLog across)
    {
        super(comm);
        this.tag = tag;
        this.started = started;
        this.across = across;
    }

    /** A schedule for nonblocking collective {@code tag} of {@code c} (its collective view). */
    static Schedule of(final Communicator c, final int tag)
    {
        return new Schedule(c, tag, CollectiveState.of(c), null);
    }

    /**
     * A schedule for nonblocking collective {@code tag} of {@code local}, the local communicator of an
     * intercommunicator whose collective it runs, which {@code across} (that intercommunicator's log) has numbered.
     */
    static Schedule across(final Communicator local, final int tag, final CallLog across)
    {
        return new Schedule(local, tag, CollectiveState.of(local), across);
    }

    /** A schedule among the JVM leaders of {@code c}, for {@code c}'s nonblocking collective {@code tag}. */
    static Schedule ofLeaders(final Communicator c, final int tag)
    {
        return among(c.locality().leadersComm(), c, tag);
    }

    /**
     * A schedule among {@code participants} (a communicator of {@code c}'s {@link io.colompi.core.comm.Locality}),
     * for {@code c}'s nonblocking collective {@code tag}.
     */
    static Schedule among(final Communicator participants, final Communicator c, final int tag)
    {
        return new Schedule(participants, tag, CollectiveState.of(c), null);
    }

    /** The collective thresholds in force in the communicator's job, which choose a flat algorithm. */
    CollectiveTuning tuning()
    {
        return comm.engine().job().collectives();
    }

    /** Start running the recorded rounds; the request completes when the last round has. */
    CollectiveRequest start()
    {
        return start(null);
    }

    /** As {@link #start()}; {@code ending} runs as the collective ends, before its request completes. */
    CollectiveRequest start(final CollectiveRequest.Ending ending)
    {
        final CollectiveRequest request = request(ending);
        started.watch(request);
        if (across != null)
        {
            across.watch(request);
        }
        request.begin();
        return request;
    }

    /**
     * Start the rest of a collective already started, from one of its steps, which returns this request so that the
     * collective ends with it; not watched on its own (the collective is, under its number).
     */
    CollectiveRequest startPart()
    {
        final CollectiveRequest request = request(null);
        request.begin();
        return request;
    }

    private CollectiveRequest request(final CollectiveRequest.Ending ending)
    {
        round();
        int widest = 0;
        for (int r = 0; r < roundCount; r++)
        {
            widest = Math.max(widest, roundEnds[r] - (r == 0 ? 0 : roundEnds[r - 1]));
        }
        // the request takes the recorded arrays over: a schedule starts once
        return new CollectiveRequest(comm, tag, steps, expected, roundEnds, roundCount, widest, ending,
            new CollectiveRequest.Scratch(started.scratch, scratch, scratchTypes, scratchCount));
    }

    @Override
    void send(final Object buffer, final int offset, final int count, final TypeMap type, final int peer)
    {
        send(comm, buffer, offset, count, type, peer);
    }

    @Override
    void recv(final Object buffer, final int offset, final int count, final TypeMap type, final int peer)
    {
        recv(comm, buffer, offset, count, type, peer);
    }

    /** {@link #send} to rank {@code peer} of {@code across} (an intercommunicator's other group), under this tag. */
    void send(final Communicator across, final Object buffer, final int offset, final int count, final TypeMap type,
        final int peer)
    {
        add(r -> across.isend(buffer, offset, count, type, peer, r.tag));
    }

    /** {@link #recv} from rank {@code peer} of {@code across} (an intercommunicator's other group), under this tag. */
    void recv(final Communicator across, final Object buffer, final int offset, final int count, final TypeMap type,
        final int peer)
    {
        add(r -> across.irecv(buffer, offset, count, type, peer, r.tag));
        expected[stepCount - 1] = (long)count * type.size();
    }

    /** A round that waits for {@code earlier} (started elsewhere) to end, however it ends. */
    void after(final Request earlier)
    {
        add(r -> earlier);
        expected[stepCount - 1] = ENDED;
        round();
    }

    @Override
    void round()
    {
        final int last = roundCount == 0 ? 0 : roundEnds[roundCount - 1];
        if (stepCount > last)
        {
            if (roundCount == roundEnds.length)
            {
                roundEnds = Arrays.copyOf(roundEnds, roundCount * 2);
            }
            roundEnds[roundCount++] = stepCount;
        }
    }

    @Override
    void reduce(final ReduceOp op, final Object in, final int inOffset, final Object inout, final int inoutOffset,
        final int count, final TypeMap type)
    {
        add(r ->
        {
            op.reduce(in, inOffset, inout, inoutOffset, count, type);
            return null;
        });
    }

    @Override
    void copy(final Object src, final int srcOffset, final Object dst, final int dstOffset, final int elements)
    {
        add(r ->
        {
            System.arraycopy(src, srcOffset, dst, dstOffset, elements);
            return null;
        });
    }

    @Override
    void pack(final Object src, final int offset, final int count, final TypeMap type, final Object dst,
        final int dstOffset)
    {
        add(r ->
        {
            Buffers.pack(r.comm.engine(), src, offset, count, type, dst, dstOffset);
            return null;
        });
    }

    @Override
    void unpack(final Object src, final int srcOffset, final Object dst, final int dstOffset, final TypeMap type,
        final int elements)
    {
        add(r ->
        {
            Buffers.unpack(src, srcOffset, dst, dstOffset, type, elements);
            return null;
        });
    }

    @Override
    void copyLocal(final Object src, final int srcOffset, final int scount, final TypeMap stype, final Object dst,
        final int dstOffset, final int rcount, final TypeMap rtype)
    {
        add(r ->
        {
            try
            {
                Buffers.copyLocal(r.comm.engine(), src, srcOffset, scount, stype, dst, dstOffset, rcount, rtype);
            }
            catch (final MpiError e)
            {
                r.defer(e);
            }
            return null;
        });
    }

    @Override
    void place(final Object src, final int srcOffset, final int elements, final BaseType sent, final Object dst,
        final int dstOffset, final int rcount, final TypeMap rtype)
    {
        add(r ->
        {
            try
            {
                Buffers.place(src, srcOffset, elements, sent, dst, dstOffset, rcount, rtype);
            }
            catch (final MpiError e)
            {
                r.defer(e);
            }
            return null;
        });
    }

    @Override
    Object scratch(final int slot, final BaseType base, final int elements)
    {
        final Object array = started.scratch.take(base, elements);
        if (scratchCount == scratch.length)
        {
            scratch = Arrays.copyOf(scratch, scratchCount + 2);
            scratchTypes = Arrays.copyOf(scratchTypes, scratchCount + 2);
        }
        scratch[scratchCount] = array;
        scratchTypes[scratchCount++] = base;
        return array;
    }

    @Override
    int[] ints(final int slot, final int length)
    {
        return new int[length];
    }

    /**
     * Record {@code step}: one that waits for a request started elsewhere (returns it), or local work of the
     * collective's own (returns null), run by the thread that advances it.
     */
    void add(final Step step)
    {
        if (stepCount == steps.length)
        {
            steps = Arrays.copyOf(steps, stepCount * 2);
            expected = Arrays.copyOf(expected, stepCount * 2);
        }
        expected[stepCount] = -1;
        steps[stepCount++] = step;
    }
}
