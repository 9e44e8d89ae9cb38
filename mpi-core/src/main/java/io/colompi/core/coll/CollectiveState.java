package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.TypeMap;

/** What the collectives keep for one rank on one communicator: see {@link Communicator#collectiveState}. */
final class CollectiveState
{
    final BlockingPlan blocking;
    /** {@link CountAgreement}'s messages: it runs before every count-dependent collective across JVMs. */
    final CountAgreement.Carried agreement = new CountAgreement.Carried();
    /** {@link AnnouncedBcast}'s receives: a bcast across the JVMs of one node waits for data or an announcement. */
    final AnnouncedBcast.Receives announced = new AnnouncedBcast.Receives();
    /** The temporaries of the nonblocking collectives ({@link Schedule}), kept for the next ones. */
    final ScratchPool scratch = new ScratchPool();
    /**
     * Made by the first collective the program calls: the communicators the collectives make for themselves
     * (leaders, node peers) share the context of theirs, and have none.
     */
    private CallLog calls;
    /** Why a collective failed at this rank as root (its peers went on), or null. */
    private String failedAtRoot;
    /** Nonblocking collectives started so far: MPI has every rank start them in the same order. */
    private int nonblockingStarted;
    private JvmArena arena;
    private NodeArena nodeArena;
    private Selection selection;
    /** Operations this rank has run in its arena: every local rank counts the same ones. */
    private long arenaOperations;
    /** This rank's last nonblocking operation in its arena (first, where the chain begins). */
    private ArenaOperation lastNonblocking;
    /** Of an intercommunicator: the intracommunicator over its local group, kept, since its sequences count. */
    private Communicator localComm;

    CollectiveState(final Communicator c)
    {
        this.blocking = new BlockingPlan(c);
    }

    static CollectiveState of(final Communicator c)
    {
        return c.collectiveState(CollectiveState::new);
    }

    /**
     * Record that a collective failed at this rank, its root, on an argument only the root reads: the other ranks
     * went on and may have sent it their part, which a later collective here would take as its own. Returns
     * {@code e}, to throw.
     */
    static MpiError failedAtRoot(final Communicator c, final MpiError e)
    {
        of(c).failedAtRoot = e.getMessage();
        return e;
    }

    /**
     * {@link #failedAtRoot} for nonblocking collective {@code tag}, the one this rank started last, a {@code task}
     * whose other ranks pass blocks of {@code peersType}: also described as failed, so that the peers' requests for
     * it, waiting for this rank's part, end with the error; where they meet in this JVM's arena, this rank takes its
     * place in the operation, which then fails them ({@link ArenaOperation#callsDiffer}).
     */
    static MpiError startedFailedAtRoot(final Communicator c, final int tag, final LocalTask task, final int root,
        final TypeMap peersType, final MpiError e)
    {
        of(c).calls(c).failLastStarted();
        if (Selection.of(c).inJvmArena(peersType))
        {
            // Its request ends with the others' failure; nobody waits for it.
            ArenaRequest.of(c, tag).start(task, null, root);
        }
        return failedAtRoot(c, e);
    }

    /**
     * {@link #failedAtRoot} for blocking collective {@code kind}, a {@code task} whose other ranks pass blocks of
     * {@code peersType}: the call is also logged as failed, so that the peers waiting in it, comparing their call with
     * this rank's ({@link MismatchCheck}), fail instead of waiting; where they meet in this JVM's arena, this rank
     * takes its place in the operation, where the last to arrive finds the calls differ and fails them all
     * ({@link JvmArena}).
     */
    static MpiError failedAtRoot(final Communicator c, final int kind, final LocalTask task, final int root,
        final TypeMap peersType, final MpiError e)
    {
        final CallLog calls = CallLog.enter(c, kind | CallLog.FAILED, root, 0, null);
        if (Selection.of(c).inJvmArena(peersType))
        {
            final CollectiveState state = of(c);
            try
            {
                state.arena(c).run(calls, c.engine(), c.locality().localIndex(), state.nextArenaOperation(), task, null,
                    root);
            }
            catch (final MpiError theirs)
            {
                // The mismatch every rank of the operation fails with; this one says why.
            }
        }
        return failedAtRoot(c, e);
    }

    /** Refuse a collective on {@code c} after one {@link #failedAtRoot failed at its root} here. */
    void requireUsable()
    {
        if (failedAtRoot != null)
        {
            throw new MpiError(ErrorClass.OTHER, "an earlier collective on this communicator failed at this rank, " +
                "its root (" + failedAtRoot + "), after the other ranks had gone on: what they sent it for that " +
                "call could be taken for this one's, so this rank's collectives on the communicator end here");
        }
    }

    /** Release what {@code c}'s collectives hold outside the heap (a node arena's mapping), if they ever ran. */
    static void release(final Communicator c)
    {
        final CollectiveState state = c.collectiveState(unused -> null);
        if (state != null && state.calls != null)
        {
            MismatchCheck.of(c.engine()).forget(c);
        }
        if (state != null && state.nodeArena != null)
        {
            state.nodeArena.close();
            state.nodeArena = null;
        }
    }

    /**
     * The tag of {@code c}'s next nonblocking collective, which rank order and kind make its own, apart from all
     * others in flight: a collective of {@code kind} ({@link CallLog#VECTOR} and {@link CallLog#NEIGHBOUR} added where
     * they apply) at {@code root} (-1: none), {@code count} items of {@code type} per block ({@code type} null: not
     * compared), as this rank starts it, which {@code c}'s {@link CallLog} records.
     */
    static int nextNonblockingTag(final Communicator c, final int kind, final int root, final int count,
        final TypeMap type)
    {
        final CollectiveState state = of(c);
        state.requireUsable();
        state.calls(c).start(kind, root, count, type);
        // in the tag, the v-variants share their collective's kind, the neighbourhood collectives have their own
        final int tagKind = kind & (CallLog.VECTOR - 1) | ((kind & CallLog.NEIGHBOUR) != 0 ? CallLog.VECTOR : 0);
        return CollectiveTag.nonblocking(state.nonblockingStarted++, tagKind);
    }

    /** The intracommunicator over intercommunicator {@code inter}'s local group ({@link Communicators#localComm}). */
    Communicator localComm(final Communicator inter)
    {
        Communicator known = localComm;
        if (known == null)
        {
            known = Communicators.localComm(inter);
            localComm = known;
        }
        return known;
    }

    /**
     * The nonblocking collective this rank started last on the communicator runs {@code collective}: its call log
     * (made when the collective took its tag) watches it.
     */
    void watch(final CollectiveRequest collective)
    {
        if (calls != null)
        {
            calls.watch(collective);
        }
    }

    /** How many nonblocking collectives this rank has started on the communicator. */
    int nonblockingStarted()
    {
        return nonblockingStarted;
    }

    /** The log of the collectives the program calls on {@code c}, this rank's. */
    CallLog calls(final Communicator c)
    {
        CallLog known = calls;
        if (known == null)
        {
            known = MismatchCheck.of(c.engine()).register(c);
            calls = known;
        }
        return known;
    }

    /** The arena this rank shares with {@code c}'s ranks in its JVM. */
    JvmArena arena(final Communicator c)
    {
        JvmArena known = arena;
        if (known == null)
        {
            known = JvmArena.of(c);
            arena = known;
        }
        return known;
    }

    /** The algorithm choices of {@code c}'s collectives on this rank. */
    Selection selection(final Communicator c)
    {
        Selection known = selection;
        if (known == null)
        {
            known = new Selection(c);
            selection = known;
        }
        return known;
    }

    /**
     * The node arena this rank (a JVM leader) shares with the JVM leaders of {@code c} on its node, made by
     * {@code make} on first use (a function of {@code c}, so that asking allocates nothing).
     */
    NodeArena nodeArena(final Communicator c, final java.util.function.Function<Communicator, NodeArena> make)
    {
        NodeArena known = nodeArena;
        if (known == null)
        {
            known = make.apply(c);
            nodeArena = known;
        }
        return known;
    }

    /** This rank's next nonblocking operation in its arena, {@code c}'s nonblocking collective {@code tag}. */
    ArenaOperation nextNonblocking(final Communicator c, final int tag)
    {
        ArenaOperation last = lastNonblocking;
        if (last == null)
        {
            last = arena(c).chainStart();
        }
        final ArenaOperation next = last.next(tag);
        lastNonblocking = next;
        return next;
    }

    /** Number this rank's next arena operation: 1, 2, ... */
    long nextArenaOperation()
    {
        return ++arenaOperations;
    }
}
