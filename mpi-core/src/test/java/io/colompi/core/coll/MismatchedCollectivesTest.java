package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Pattern;

import static io.colompi.core.coll.Layouts.INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ranks of one JVM that call different collectives as the same call fail with a message naming the other rank and
 * both calls, within seconds ({@link MismatchCheck}); a rank that is merely late is waited for.
 */
@Timeout(60)
class MismatchedCollectivesTest
{
    /** The longest a mismatch may take to be noticed: the check's threshold (1 s) and then some, on a busy machine. */
    static final long NOTICED_WITHIN_MS = 15_000;

    @Test
    void aBcastAgainstABarrierFailsBothNamingTheOther() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            final MpiError error = failing(world, () ->
            {
                if (world.rank() == 0)
                {
                    Collectives.bcast(world, new int[4], 0, 4, INT, 1); // rank 0 waits for its root
                }
                else
                {
                    Collectives.barrier(world);
                }
            });
            assertEquals(ErrorClass.OTHER, error.errorClass(), error.getMessage());
            final int other = 1 - world.rank();
            assertTrue(error.getMessage().contains("rank " + other + " runs"), error.getMessage());
            assertTrue(error.getMessage().contains("Barrier(") && error.getMessage().contains("Bcast(root 1"),
                error.getMessage());
        });
    }

    /**
     * Where a small gather runs flat (one JVM of a node with fewer cores than ranks), its non-roots' blocks leave
     * eagerly and they return; the root, running a barrier as that call, fails naming a non-root's gather.
     */
    @Test
    void aFlatGatherAgainstABarrierFailsTheRankThatWaits() throws Exception
    {
        final RuntimeSettings twoCores = RuntimeSettings.defaults().toBuilder().nodeCpus(2).build();
        ThreadJob.run(twoCores, 3, world ->
        {
            if (world.rank() == 0)
            {
                final MpiError error = failing(world, () -> Collectives.barrier(world));
                assertTrue(error.getMessage().contains("Gather(root 0") && error.getMessage().contains("Barrier("),
                    error.getMessage());
            }
            else
            {
                Collectives.gather(world, new int[2], 0, 2, INT, null, 0, 2, INT, 0);
            }
        });
    }

    @Test
    void aBcastAgainstAnAllreduceFails() throws Exception
    {
        ThreadJob.run(3, world ->
        {
            final MpiError error = failing(world, () ->
            {
                if (world.rank() == 1)
                {
                    Collectives.allreduce(world, new int[2], 0, new int[2], 0, 2, INT, PredefinedOp.SUM);
                }
                else
                {
                    // past a line's bytes: a task every rank waits for (an eager bcast's ranks may have left)
                    Collectives.bcast(world, new int[16], 0, 16, INT, 0);
                }
            });
            assertTrue(error.getMessage().matches(".*rank " + (world.rank() == 1 ? "[02]" : "1") + " runs.*"),
                error.getMessage());
        });
    }

    /**
     * A blocking collective against a nonblocking one as the same call (MPI has every rank make them in one order, and
     * the two never match): each rank waits in its own, and both fail, naming the other's call, once calls made alike
     * before (blocking and nonblocking, each numbered apart) have been passed over.
     */
    @Test
    void aBlockingCollectiveAgainstANonblockingOneFailsBoth() throws Exception
    {
        ThreadJob.run(3, world ->
        {
            final int me = world.rank();
            Collectives.barrier(world);
            world.engine().awaitRequest(Collectives.iallreduce(world, new int[1], 0, new int[1], 0, 1, INT,
                PredefinedOp.SUM));
            final MpiError error = failing(world, () ->
            {
                if (me == 1)
                {
                    world.engine().awaitRequest(Collectives.ibcast(world, new int[2], 0, 2, INT, 0));
                }
                else
                {
                    Collectives.barrier(world);
                }
            });
            assertEquals(ErrorClass.OTHER, error.errorClass(), error.getMessage());
            final String ibcast = Pattern.quote("Ibcast(root 0, 8 bytes per block)");
            final String barrier = "Barrier\\([a-z ]+\\)"; // its path
            assertTrue(error.getMessage().matches("mismatched collectives: rank \\d makes " +
                (me == 1 ? barrier : ibcast) + " its collective 2 on this communicator, where rank " + me + " makes " +
                (me == 1 ? ibcast : barrier) + " \\(a blocking collective never matches a nonblocking one\\)"),
                error.getMessage());
        });
    }

    /**
     * The two groups of an intercommunicator running different collectives as the same call fail every rank of both
     * within seconds, naming a rank of the other group and both calls, whether the calls are blocking (a bcast against
     * a barrier), nonblocking (an ibarrier against an iallreduce), one of each kind of path (a barrier against an
     * alltoall, which runs as a schedule) or of the same kind, blocking against nonblocking (a barrier against an
     * ibarrier); matching calls before them count alike.
     */
    @Test
    void theGroupsOfAnIntercommunicatorRunningDifferentCollectivesFail() throws Exception
    {
        for (int round = 0; round < 4; round++)
        {
            final int mismatch = round;
            ThreadJob.run(5, world ->
            {
                final int me = world.rank();
                final boolean even = me % 2 == 0;
                final Communicator local = Communicators.split(world, me % 2, me);
                final Communicator inter = Communicators.createIntercomm(local, 0, world, even ? 1 : 0, 7);
                Collectives.barrier(inter);
                world.engine().awaitRequest(Collectives.ibarrier(inter));
                final MpiError error = failing(world, () ->
                {
                    if (mismatch == 0)
                    {
                        if (even)
                        {
                            Collectives.bcast(inter, new int[2], 0, 2, INT, 0);
                        }
                        else
                        {
                            Collectives.barrier(inter);
                        }
                    }
                    else if (mismatch == 1)
                    {
                        world.engine().awaitRequest(even ? Collectives.ibarrier(inter) :
                            Collectives.iallreduce(inter, new int[2], 0, new int[2], 0, 2, INT, PredefinedOp.SUM));
                    }
                    else if (even)
                    {
                        Collectives.barrier(inter);
                    }
                    else if (mismatch == 2)
                    {
                        Collectives.alltoall(inter, new int[3], 0, 1, INT, new int[3], 0, 1, INT);
                    }
                    else
                    {
                        world.engine().awaitRequest(Collectives.ibarrier(inter));
                    }
                });
                assertEquals(ErrorClass.OTHER, error.errorClass(), error.getMessage());
                if (mismatch == 3)
                {
                    assertTrue(error.getMessage().matches("mismatched collectives: rank \\d of the other group " +
                        "makes " + (even ? "Ibarrier" : "Barrier") + "\\(\\) its collective 2 on this " +
                        "intercommunicator, where rank " + local.rank() + " of this group makes " +
                        (even ? "Barrier" : "Ibarrier") + "\\(\\) \\(a blocking collective never matches a " +
                        "nonblocking one\\)"), error.getMessage());
                    return;
                }
                final String[] calls =
                    { "Bcast()", "Barrier()", "Barrier()", "Allreduce()", "Barrier()", "Alltoall()" };
                final String mine = calls[2 * mismatch + (even ? 0 : 1)];
                final String theirs = calls[2 * mismatch + (even ? 1 : 0)];
                assertTrue(error.getMessage().matches("mismatched collectives on an intercommunicator: rank \\d of " +
                    "the other group runs " + Pattern.quote(theirs) + " as collective 2 on it, where rank " +
                    local.rank() + " of this group runs " + Pattern.quote(mine)), error.getMessage());
            });
        }
    }

    /** A rank that joins a collective 3 s late, longer than the check's threshold, is waited for: nobody fails. */
    @Test
    void aLatePeerIsWaitedFor() throws Exception
    {
        ThreadJob.run(3, world ->
        {
            if (world.rank() == 2)
            {
                Thread.sleep(3_000);
            }
            final int[] all = new int[3];
            Collectives.allgather(world, new int[]{ world.rank() }, 0, 1, INT, all, 0, 1, INT);
            assertEquals(2, all[2]);
            if (world.rank() == 0)
            {
                Thread.sleep(3_000);
            }
            Collectives.barrier(world);
        });
    }

    /** Run {@code call}, which must fail with an {@link MpiError} within {@link #NOTICED_WITHIN_MS}. */
    static MpiError failing(final Communicator world, final org.junit.jupiter.api.function.Executable call)
    {
        final long startNs = System.nanoTime();
        final MpiError error = assertThrows(MpiError.class, call, "rank " + world.rank());
        final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
        assertTrue(tookMs < NOTICED_WITHIN_MS, "noticed after " + tookMs + " ms: " + error.getMessage());
        return error;
    }
}
