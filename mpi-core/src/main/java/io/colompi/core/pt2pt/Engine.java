package io.colompi.core.pt2pt;

import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobControl;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.core.trace.Tracer;
import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportFactory;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.ObjectFilter;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.Backoff;
import io.colompi.core.wait.Doorbell;
import io.colompi.core.wait.IdleTally;
import io.colompi.core.wait.WaitPolicy;
import io.colompi.core.wait.WakeCondition;

import org.agrona.concurrent.SystemNanoClock;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One rank's point-to-point engine: matching, requests, routing and waiting. Ranks address each other here by
 * world rank and context id; communicators ({@code io.colompi.core.comm}) translate their ranks onto it.
 * Thread-safe: helper threads of a rank may call it concurrently (MPI_THREAD_MULTIPLE).
 */
public final class Engine
{
    /**
     * Context ids 0/1, 2/3 and 4/5 are COMM_WORLD's, COMM_SELF's and the port channel's (point-to-point / collective;
     * {@code io.colompi.core.comm.Communicator}).
     */
    public static final int FIRST_FREE_CONTEXT = 6;
    private static final Activity[] NO_ACTIVITIES = new Activity[0];
    /** The traced call of each blocking {@link SendMode}, by ordinal. */
    private static final Call[] SEND_CALLS = { Call.SEND, Call.SSEND, Call.RSEND };
    private static final Call[] ISEND_CALLS = { Call.ISEND, Call.ISSEND, Call.IRSEND };
    private static final int INITIALIZED = 1;
    private static final int FINALIZED = 2;
    /** The engines of this JVM's ranks, by world rank: whose inboxes the local tier writes into. */
    private static final JobContext.Shared<AtomicReferenceArray<Engine>> ENGINES = new JobContext.Shared<>(
        "engines of this JVM", job -> new AtomicReferenceArray<>(job.placement().size()));

    /**
     * Work that advances only when its rank polls, such as a nonblocking collective's schedule: every wait and
     * test of this engine runs {@link #doWork()} of each registered activity, so a {@code Waitall} over a mix of
     * requests (or a blocking call) moves them on.
     */
    public interface Activity
    {
        /** Advance as far as possible without blocking; returns how much was done (0: nothing to do). */
        int doWork();
    }

    /**
     * Watches this rank's collective calls for a mismatch with its peers' (the collectives register one per engine):
     * a wait that lasts longer than {@code colompi.coll.mismatchCheckMs} {@link #stalled() asks it} whether the
     * peers run the same call, and it answers peers in other JVMs that ask the same, from this rank's poll, whatever
     * this rank is doing.
     */
    public interface CallMonitor
    {
        /** The calling thread has waited long in one wait: throw if its collective does not match its peers'. */
        void stalled();

        /** What this rank runs as collective call {@code sequence} on {@code context}: two words, or null. */
        long[] describe(int context, long sequence);

        /** Rank {@code peer} in another JVM answered a {@link #query}. */
        void answered(int peer, int context, long sequence, long call, long bytes);
    }

    private final int worldRank;
    private final JobContext job;
    private final JobControl control;
    private final AtomicReferenceArray<Engine> localEngines;
    private final Inbox inbox;
    private final Doorbell doorbell;
    private final Matcher matcher;
    private final Router router;
    /** How this rank reaches itself: its sends to itself are counted there. */
    private final LocalTransport self;
    /** Null unless the job is traced: then each call below records itself (one predictable branch otherwise). */
    private final Tracer tracer;
    /** How long this rank's waits idle inside its traced calls without a peer (only counted when traced). */
    private final IdleTally idle = new IdleTally();
    private final byte[] tierOf;
    private final ThreadLocal<BlockingRequests> blocking = ThreadLocal.withInitial(() -> new BlockingRequests(this));
    /**
     * The blocking requests of the thread that called last, found again without a thread-local look-up (a native
     * call until C2 compiles the caller). Written racily by design: only its final fields are read, and only by
     * the thread they name.
     */
    private BlockingRequests lastBlocking;
    private final ThreadLocal<ProbeWait> blockingProbe;
    private final ThreadLocal<Backoff> backoff;
    private volatile ClassLoader classLoader = Engine.class.getClassLoader();
    private final ObjectFilter objectFilter;
    private int nextAnnounced;
    private final int announcedEnd;
    private volatile Activity[] activities = NO_ACTIVITIES;
    private volatile CallMonitor callMonitor;
    private final long stallNs;
    /** Where the rank's program is in its MPI life: 0 before {@code Init}, then INITIALIZED, then FINALIZED. */
    private volatile int life;

    public Engine(final int worldRank, final JobContext job)
    {
        this(worldRank, job, Router.discovered());
    }

    /** An engine whose peers in other JVMs are reached with {@code transports} (by exclusivity), not those discovered. */
    Engine(final int worldRank, final JobContext job, final List<TransportFactory> transports)
    {
        this.worldRank = worldRank;
        this.job = job;
        this.control = job.control();
        final WaitPolicy policy = job.waitPolicy();
        this.stallNs = job.settings().mismatchCheckMs() * 1_000_000L;
        this.backoff = ThreadLocal.withInitial(() -> newBackoff(policy));
        this.objectFilter = ObjectFilter.of(job);
        final int block = (Integer.MAX_VALUE - FIRST_FREE_CONTEXT) / job.placement().size() & ~3;
        this.nextAnnounced = FIRST_FREE_CONTEXT + worldRank * block;
        this.announcedEnd = nextAnnounced + block;
        this.matcher = new Matcher(this, job.eagerLimit());
        this.inbox = new Inbox(this, job.settings().localInboxBytes(), job.eagerLimit());
        this.doorbell = new Doorbell(inbox);
        this.localEngines = job.shared(ENGINES);
        if (!localEngines.compareAndSet(worldRank, null, this))
        {
            throw new IllegalStateException("rank " + worldRank + " already has an engine in this JVM");
        }
        job.register(worldRank, doorbell);
        this.blockingProbe = ThreadLocal.withInitial(() -> new ProbeWait(matcher));
        this.router = Router.build(this, transports);
        this.self = (LocalTransport)router.route(worldRank);
        this.tracer = job.tracer(worldRank);
        this.tierOf = new byte[tracer == null ? 0 : job.placement().size()];
        for (int peer = 0; peer < tierOf.length; peer++)
        {
            tierOf[peer] = (byte)Tier.of(router.route(peer).transport().name());
        }
    }

    public int worldRank()
    {
        return worldRank;
    }

    public int worldSize()
    {
        return job.placement().size();
    }

    public JobContext job()
    {
        return job;
    }

    /** The engine of {@code rank} if it lives in this JVM and has been created, else null. */
    public Engine localPeer(final int rank)
    {
        return localEngines.get(rank);
    }

    public Doorbell doorbell()
    {
        return doorbell;
    }

    /** Where the ranks of this JVM put their messages to this rank. */
    Inbox inbox()
    {
        return inbox;
    }

    /** The class loader of this rank's program: {@code MPI.OBJECT} messages resolve classes through it. */
    public ClassLoader classLoader()
    {
        return classLoader;
    }

    public void bindClassLoader(final ClassLoader loader)
    {
        this.classLoader = loader;
    }

    /** What an {@code MPI.OBJECT} message may make this rank deserialize: its job's {@link ObjectFilter}. */
    public ObjectFilter objectFilter()
    {
        return objectFilter;
    }

    /** Blocking send; returns once the buffer may be reused. */
    public void send(
        final int context, final int sourceRank, final int destWorld, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type, final SendMode mode)
    {
        final long startNs = traceStart();
        final SendRequest send = blocking().send;
        send.set(context, sourceRank, destWorld, tag, buffer, offset, count, type, mode);
        post(send);
        final long idledNs = awaitRequest(send);
        trace(SEND_CALLS[mode.ordinal()], context, destWorld, tag, send.payloadBytes(), startNs, idledNs);
    }

    /**
     * Blocking send and receive at once (MPI_Sendrecv) with this thread's blocking requests, allocating nothing;
     * the returned request holds the receive's status until this thread's next blocking receive.
     */
    public RecvRequest sendrecv(
        final int context, final int sourceRank, final int destWorld, final int sendTag,
        final Object sendBuffer, final int sendOffset, final int sendCount, final TypeMap sendType,
        final int source, final int recvTag,
        final Object recvBuffer, final int recvOffset, final int recvCount, final TypeMap recvType)
    {
        final long startNs = traceStart();
        // the receive first (as MPICH): a message to itself, or from a peer in another JVM already waiting, is then
        // copied once, straight into the receive's buffer, instead of through an unexpected message's buffer; to a
        // peer in this JVM the send first: its record is in the peer's inbox before this rank turns to its receive
        final BlockingRequests mine = blocking();
        final RecvRequest receive = mine.receive;
        receive.set(context, source, recvTag, recvBuffer, recvOffset, recvCount, recvType);
        final SendRequest send = mine.send;
        send.set(context, sourceRank, destWorld, sendTag, sendBuffer, sendOffset, sendCount, sendType, SendMode.STANDARD);
        if (destWorld == worldRank)
        {
            postToSelf(receive, send);
        }
        else if (router.route(destWorld) == self)
        {
            post(send);
            post(receive);
        }
        else
        {
            post(receive);
            post(send);
        }
        // both complete before either error is raised: the send request is reused by this thread's next send
        final long idledNs = await(receive) + awaitRequest(send);
        final MpiError error = receive.error;
        if (error != null)
        {
            throw error;
        }
        if (tracer != null)
        {
            traceSendrecv(context, destWorld, sendTag, send.payloadBytes(), receive, startNs, idledNs);
        }
        return receive;
    }

    /**
     * {@link #sendrecv} whose destination or source (or both) is {@link Peers#PROC_NULL}: the other half alone, traced
     * as one Sendrecv record all the same; returns the receive, or null when the source is PROC_NULL.
     */
    public RecvRequest sendrecvWithProcNull(
        final int context, final int sourceRank, final int destWorld, final int sendTag,
        final Object sendBuffer, final int sendOffset, final int sendCount, final TypeMap sendType,
        final int source, final int recvTag,
        final Object recvBuffer, final int recvOffset, final int recvCount, final TypeMap recvType)
    {
        final long startNs = traceStart();
        final BlockingRequests mine = blocking();
        final RecvRequest receive = source == Peers.PROC_NULL ? null : mine.receive;
        final SendRequest send = destWorld == Peers.PROC_NULL ? null : mine.send;
        final Request pending = receive != null ? receive : send;
        if (receive != null)
        {
            receive.set(context, source, recvTag, recvBuffer, recvOffset, recvCount, recvType);
            post(receive);
        }
        else if (send != null)
        {
            send.set(context, sourceRank, destWorld, sendTag, sendBuffer, sendOffset, sendCount, sendType,
                SendMode.STANDARD);
            post(send);
        }
        final long idledNs = pending == null ? 0 : awaitRequest(pending);
        if (tracer != null)
        {
            traceSendrecv(context, send == null ? -1 : destWorld, sendTag, send == null ? 0 : send.payloadBytes(),
                receive, startNs, idledNs);
        }
        return receive;
    }

    /**
     * One record for a Sendrecv, both its messages in it; {@code destWorld} -1 and {@code receive} null: none. It
     * waited as long as its waits idled ({@code idledNs}).
     */
    private void traceSendrecv(
        final int context, final int destWorld, final int sendTag, final long sentBytes, final RecvRequest receive,
        final long startNs, final long idledNs)
    {
        final long endNs = System.nanoTime();
        final int from = receive == null ? -1 : receive.sourceWorld;
        tracer.recordSendrecv(context, destWorld, tierOf(destWorld), sendTag, sentBytes,
            from, tierOf(from), receive == null ? -1 : receive.statusTag, receive == null ? 0 : receivedBytes(receive),
            startNs, endNs, Math.min(endNs - startNs, idledNs));
    }

    /** The {@link Tier} code of the transport to world rank {@code peer}; {@link Tier#NONE} for no peer (-1). */
    private int tierOf(final int peer)
    {
        return peer >= 0 && peer < tierOf.length ? tierOf[peer] : Tier.NONE;
    }

    /** A send request, not yet started (persistent requests keep it and start it again and again). */
    public SendRequest newSend(
        final int context, final int sourceRank, final int destWorld, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type, final SendMode mode)
    {
        final SendRequest send = new SendRequest(this);
        send.set(context, sourceRank, destWorld, tag, buffer, offset, count, type, mode);
        return send;
    }

    /** Start {@code send}, a finished request its owner keeps, again for a new message: a send that allocates nothing. */
    public void restart(
        final SendRequest send, final int context, final int sourceRank, final int destWorld, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type, final SendMode mode)
    {
        send.set(context, sourceRank, destWorld, tag, buffer, offset, count, type, mode);
        start(send);
    }

    /** Start {@code receive}, a finished request its owner keeps, again for a new message. */
    public void restart(
        final RecvRequest receive, final int context, final int source, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type)
    {
        receive.set(context, source, tag, buffer, offset, count, type);
        start(receive);
    }

    /** The calling thread's {@link BlockingRequests}. */
    private BlockingRequests blocking()
    {
        final BlockingRequests last = lastBlocking;
        if (last != null && last.thread == Thread.currentThread())
        {
            return last;
        }
        final BlockingRequests mine = blocking.get();
        lastBlocking = mine;
        return mine;
    }

    /** Start a nonblocking send of the program's ({@code MPI_Isend}, {@code Issend} or {@code Irsend} by its mode). */
    public void isend(final SendRequest send)
    {
        isend(send, ISEND_CALLS[send.mode().ordinal()]);
    }

    /** Start a send of the program's that its {@code call} made (a buffered send, a persistent one's start). */
    public void isend(final SendRequest send, final Call call)
    {
        final long startNs = traceStart();
        post(send);
        router.flush();
        trace(call, send.context(), send.destWorld, send.envelopeTag(), send.payloadBytes(), startNs, 0);
    }

    /**
     * Start a send that is a step of a larger call (a collective's): no record of its own, its bytes
     * {@link Tracer#sent counted} for the communication matrix.
     */
    public void start(final SendRequest send)
    {
        post(send);
        final Tracer t = tracer;
        if (t != null)
        {
            t.sent(send.destWorld, tierOf[send.destWorld], send.payloadBytes());
        }
    }

    /** Post {@code receive}, then {@code send} to this rank itself, in one pass of the matcher where it can. */
    private void postToSelf(final RecvRequest receive, final SendRequest send)
    {
        receive.reset();
        send.reset();
        send.prepare();
        self.stats().recordSend(send.payloadBytes());
        matcher.postAndDeliver(receive, send);
    }

    private void post(final SendRequest send)
    {
        send.reset();
        send.prepare();
        router.route(send.destWorld).send(send);
    }

    /** Blocking receive; the returned request (reused per thread) holds the status until this thread's next one. */
    public RecvRequest recv(
        final int context, final int source, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type)
    {
        final long startNs = traceStart();
        final RecvRequest receive = blocking().receive;
        receive.set(context, source, tag, buffer, offset, count, type);
        post(receive);
        final long idledNs = awaitRequest(receive);
        if (tracer != null)
        {
            trace(Call.RECV, receive, startNs, idledNs);
        }
        return receive;
    }

    public RecvRequest newRecv(
        final int context, final int source, final int tag,
        final Object buffer, final int offset, final int count, final TypeMap type)
    {
        final RecvRequest receive = new RecvRequest(this);
        receive.set(context, source, tag, buffer, offset, count, type);
        return receive;
    }

    /** Start a nonblocking receive of the program's ({@code MPI_Irecv}): traced as a call of its own. */
    public void irecv(final RecvRequest receive)
    {
        irecv(receive, Call.IRECV);
    }

    /** Start a receive of the program's that its {@code call} made (a persistent one's start). */
    public void irecv(final RecvRequest receive, final Call call)
    {
        final long startNs = traceStart();
        post(receive);
        trace(call, receive.context, receive.source, receive.tag, 0, startNs, 0);
    }

    /** Start a receive that is a step of a larger call (a collective's): no record of its own. */
    public void start(final RecvRequest receive)
    {
        post(receive);
    }

    private void post(final RecvRequest receive)
    {
        receive.reset();
        matcher.post(receive);
    }

    /** Withdraw a receive that has not matched; it then completes as cancelled. False if it already matched. */
    public boolean cancel(final RecvRequest receive)
    {
        if (matcher.cancel(receive))
        {
            receive.completeCancelled();
            return true;
        }
        return false;
    }

    /** Look for a matching message without receiving it. */
    public boolean iprobe(final int context, final int source, final int tag, final ProbeStatus out)
    {
        final long startNs = traceStart();
        progress();
        final boolean found = matcher.probe(context, source, tag, out);
        trace(Call.IPROBE, context, source, tag, 0, startNs, 0);
        return found;
    }

    /** Wait until a matching message is available ({@code MPI_Probe} of the program's: traced). */
    public void probe(final int context, final int source, final int tag, final ProbeStatus out)
    {
        final long startNs = traceStart();
        final long idledNs = awaitMessage(context, source, tag, out);
        trace(Call.PROBE, context, source, tag, 0, startNs, idledNs);
    }

    /** Wait until a matching message is available, as a step of a larger call: no record; returns how long it idled. */
    public long awaitMessage(final int context, final int source, final int tag, final ProbeStatus out)
    {
        final ProbeWait wait = blockingProbe.get().set(context, source, tag, out);
        try
        {
            return await(wait);
        }
        finally
        {
            wait.clear();
        }
    }

    /**
     * A message from another JVM starts arriving: match its envelope, then feed its bytes to {@code arrival} with
     * {@link Reassembly#append} (an empty message is complete at once). Returns whether it is synchronous and matched
     * a posted receive: then its sender waits for the ACK, which the caller owes it.
     */
    boolean beginArrival(
        final Reassembly arrival, final int context, final int sourceRank, final int tag, final int sourceWorld,
        final BaseType base, final int elements, final long totalBytes, final long messageId, final boolean synchronous)
    {
        arrival.set(context, sourceRank, tag, sourceWorld, base, elements, totalBytes, messageId, synchronous);
        return matcher.arrive(arrival);
    }

    void arrivalComplete(final Incoming message)
    {
        matcher.arrivalComplete(message);
    }

    /** Tell the sender of a synchronous message from another JVM that it has been matched. */
    void acknowledge(final int sourceWorld, final long messageId)
    {
        router.protocol(sourceWorld).acknowledge(sourceWorld, messageId);
    }

    /** Match a send of this rank to itself, or one from this JVM's {@link Inbox}, against this rank's receives. */
    void deliverLocal(final SendRequest send)
    {
        matcher.deliver(send);
    }

    /** Wait for {@code request}, then raise the error it completed with, if any; returns how long it idled. */
    public long awaitRequest(final Request request)
    {
        final long idledNs = await(request);
        final MpiError error = request.error;
        if (error != null)
        {
            throw error;
        }
        return idledNs;
    }

    /**
     * Wait until {@code condition} holds: poll transports and activities, idling between polls with this thread's
     * {@link Backoff}. Returns how long it idled ({@link Backoff#idledNs}: what a traced call records as its waiting).
     * Throws {@link JobAbortedException} once the job is ending, and a mismatched collective's error when the wait
     * lasts; a receive it waited for is withdrawn first, since its request may be reused.
     */
    public long await(final WakeCondition condition)
    {
        if (condition.ready())
        {
            router.flush(); // what this call wrote leaves now, not at the rank's next call
            return 0;
        }
        try
        {
            int work = poll();
            if (condition.ready())
            {
                return 0;
            }
            // looked up only by a wait that one poll did not end
            final Backoff idler = backoff.get();
            idler.reset();
            while (true)
            {
                checkAbort();
                idler.idle(work, condition);
                work = poll();
                if (condition.ready())
                {
                    return idled(idler.idledNs());
                }
            }
        }
        catch (final RuntimeException e)
        {
            withdraw(condition);
            throw e;
        }
    }

    /** Withdraw {@code condition} if it is a receive still posted (a failed wait's), so no message matches it. */
    public void withdraw(final WakeCondition condition)
    {
        if (condition instanceof RecvRequest)
        {
            matcher.cancel((RecvRequest)condition);
        }
    }

    /**
     * A back-off with {@code policy}'s phases that parks on this rank's doorbell, for a wait outside this class; a
     * wait that lasts long asks the {@link CallMonitor} to check the collective it may be part of.
     */
    public Backoff newBackoff(final WaitPolicy policy)
    {
        return new Backoff(policy, this::park, stallNs > 0 ? this::stalled : null, stallNs, SystemNanoClock.INSTANCE);
    }

    private void stalled()
    {
        final CallMonitor monitor = callMonitor;
        if (monitor != null)
        {
            monitor.stalled();
        }
    }

    /** This rank's {@link CallMonitor}, or null before its first collective. */
    public CallMonitor callMonitor()
    {
        return callMonitor;
    }

    /** This rank's {@link CallMonitor}, made by {@code make} on the first call. */
    public synchronized CallMonitor callMonitor(final Function<Engine, CallMonitor> make)
    {
        CallMonitor monitor = callMonitor;
        if (monitor == null)
        {
            monitor = make.apply(this);
            callMonitor = monitor;
        }
        return monitor;
    }

    /**
     * Ask {@code peerWorld} (in another JVM) what it runs as collective call {@code sequence} on {@code context}; its
     * engine answers to this rank's {@link CallMonitor#answered}.
     */
    public void query(final int peerWorld, final int context, final long sequence)
    {
        router.protocol(peerWorld).query(peerWorld, context, sequence);
    }

    /**
     * Tell {@code peerWorld} (in another JVM) what this rank runs as collective call {@code sequence} on
     * {@code context}, as if it had asked: a rank that fails a mismatched call tells its peers before it leaves.
     */
    public void tell(final int peerWorld, final int context, final long sequence, final long call, final long bytes)
    {
        router.protocol(peerWorld).answer(peerWorld, context, sequence, call, bytes);
    }

    /** Park on this rank's doorbell with every transport armed to ring it; not at all if one has traffic. */
    private void park(final long timeoutNs, final WakeCondition condition)
    {
        if (router.prepareToSleep())
        {
            try
            {
                // an activity's message may complete before this thread can be rung: let the check advance them
                doorbell.sleep(timeoutNs, activities.length == 0 ? condition :
                    () -> condition.ready() || doActivities() > 0);
            }
            finally
            {
                router.awake();
            }
        }
    }

    /** Whether this rank's calls are traced ({@code colorun --trace}). */
    public boolean traced()
    {
        return tracer != null;
    }

    /** {@link System#nanoTime()} when the job is traced, else 0: what a traced call passes to {@link #trace}. */
    public long traceStart()
    {
        return tracer == null ? 0 : System.nanoTime();
    }

    /**
     * A wait of this rank idled {@code waitIdledNs} ({@link Backoff#idledNs}): counted for the traced call without a
     * peer that runs, if one does ({@link IdleTally#add}); returns {@code waitIdledNs}.
     */
    public long idled(final long waitIdledNs)
    {
        idle.add(waitIdledNs);
        return waitIdledNs;
    }

    /**
     * When the job is traced, a call without a peer starts ({@link #traceIdled} records it): its waits count the time
     * they idle; returns {@link IdleTally#start}'s value, else 0.
     */
    public long traceIdle()
    {
        return tracer == null ? 0 : idle.start();
    }

    /**
     * Record a call without a peer (a collective, a call that makes a communicator, a window's or a file's) that started
     * at {@code startNs} ({@link #traceStart}), with {@code idleAtStartNs} from {@link #traceIdle}: it waited for as long
     * as its waits idled (at most its own time).
     */
    public void traceIdled(final Call call, final int context, final long startNs, final long idleAtStartNs)
    {
        final Tracer t = tracer;
        if (t != null)
        {
            final long endNs = System.nanoTime();
            t.record(call, context, -1, Tier.NONE, -1, 0, startNs, endNs,
                Math.min(endNs - startNs, idle.stop(idleAtStartNs)));
        }
    }

    /**
     * Record a call that started at {@code startNs} ({@link #traceStart}) and whose waits idled {@code idledNs} (what
     * {@link #await} returned; the record's waiting, at most the call's time); nothing when the job is not traced.
     */
    public void trace(
        final Call call, final int context, final int peer, final int tag, final long bytes, final long startNs,
        final long idledNs)
    {
        final Tracer t = tracer;
        if (t != null)
        {
            final long endNs = System.nanoTime();
            t.record(call, context, peer, tierOf(peer), tag, bytes, startNs, endNs, Math.min(endNs - startNs, idledNs));
        }
    }

    /** Record a call that completed {@code request}: its peer, tag and bytes come from it; as {@link #trace} else. */
    public void trace(final Call call, final Request request, final long startNs, final long idledNs)
    {
        if (tracer == null)
        {
            return;
        }
        if (request instanceof RecvRequest receive)
        {
            trace(call.completingReceive(), receive.context, receive.sourceWorld, receive.statusTag,
                receivedBytes(receive), startNs, idledNs);
        }
        else if (request instanceof SendRequest send)
        {
            trace(call, send.context(), send.destWorld, send.envelopeTag(), 0, startNs, idledNs);
        }
        else
        {
            trace(call, -1, -1, -1, 0, startNs, idledNs);
        }
    }

    private static long receivedBytes(final RecvRequest receive)
    {
        return receive.type == null ? 0 : (long)receive.statusElements * receive.type.base().byteSize();
    }

    /**
     * Poll the transports and the activities once; returns the work done. Throws once the job is ending, so that a
     * loop of tests ({@code Test}, {@code Iprobe}) ends as a blocking wait does.
     */
    public int progress()
    {
        checkAbort();
        return poll();
    }

    /** Advance {@code activity} whenever this rank polls, until {@link #removeActivity removed}. */
    public synchronized void addActivity(final Activity activity)
    {
        final Activity[] current = activities;
        final Activity[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = activity;
        activities = grown;
    }

    /** Stop advancing {@code activity}; nothing happens if it is not registered. */
    public synchronized void removeActivity(final Activity activity)
    {
        final Activity[] current = activities;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == activity)
            {
                final Activity[] shrunk = new Activity[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, shrunk.length - i);
                activities = shrunk;
                return;
            }
        }
    }

    private int poll()
    {
        final int work = router.poll();
        return activities.length == 0 ? work : work + doActivities();
    }

    private int doActivities()
    {
        int work = 0;
        for (final Activity activity : activities)
        {
            work += activity.doWork();
        }
        return work;
    }

    /**
     * The program called {@code MPI.Init}, on the thread that calls this: returns once the transports have connected
     * to the peers they reach ({@link Router#connectAll}).
     */
    public void initialized()
    {
        await(router::connectAll);
        life = INITIALIZED;
        if (tracer != null)
        {
            tracer.prepareThread();
        }
    }

    /** The program completed {@code MPI.Finalize}. */
    public void finalized()
    {
        life = FINALIZED;
    }

    /** Whether the program completed {@code MPI.Finalize}. */
    public boolean hasFinalized()
    {
        return life == FINALIZED;
    }

    /** Whether the program called {@code MPI.Init} but has not completed {@code MPI.Finalize}. */
    public boolean leftUnfinalized()
    {
        return life == INITIALIZED;
    }

    /** Throw {@link JobAbortedException} if the job is ending. */
    public void checkAbort()
    {
        final String reason = control.abortReason();
        if (reason != null)
        {
            throw new JobAbortedException(reason);
        }
    }

    /** End the whole job, naming this rank. */
    public void abort(final int code, final Throwable cause)
    {
        control.abort(worldRank, code, cause);
    }

    /**
     * End the whole job, naming this rank, and unwind the caller with {@link JobAbortedException} (not an MPI
     * error a program would catch): for {@code Abort} and fatal errors, which must never return.
     */
    public JobAbortedException abortAndUnwind(final int code, final Throwable cause)
    {
        control.abort(worldRank, code, cause);
        final String reason = control.abortReason();
        throw new JobAbortedException(reason != null ? reason :
            "rank " + worldRank + (cause == null ? " called Abort(" + code + ")" : " failed: " + cause));
    }

    /**
     * {@code count} consecutive context ids of this rank's own block (of the ids from {@link #FIRST_FREE_CONTEXT} up,
     * a block per world rank), free on every rank of the job: no other rank takes from this block, and no id twice.
     * The caller announces them to the ranks of the communicator it makes (the communicators' package).
     */
    public synchronized int announceContexts(final int count)
    {
        if (announcedEnd - nextAnnounced < count)
        {
            throw new MpiError(ErrorClass.INTERN, "rank " + worldRank + " has made all the communicators its block of " +
                "context ids allows: " + (announcedEnd - nextAnnounced) + " ids are left of it");
        }
        final int first = nextAnnounced;
        nextAnnounced += count;
        return first;
    }

    /** Release the transports' resources; called by the rank host once the rank has ended. */
    public void close()
    {
        router.close();
        if (tracer != null)
        {
            tracer.close();
        }
    }

    /** The transports this rank sends through, with their counters. */
    public List<Transport> transports()
    {
        return router.transports();
    }
}
