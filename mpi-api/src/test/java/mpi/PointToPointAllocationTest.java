package mpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The blocking point-to-point calls a halo loop makes allocate, once warm, nothing but the {@link Status} they
 * return (bytes the rank's thread allocates over {@value CallsInALoop#CALLS} calls to itself after as many to warm
 * up): less than {@value CallsInALoop#STATUS_BYTES} B per {@code Sendrecv}, and per {@code Send} with its
 * {@code Recv}. (The status itself stays in this JVM; in the rank JVMs the launcher starts, C2 inlines those calls
 * into their caller and removes a status the program drops: {@code JitOptions.EVERY_HOST}.)
 */
@Timeout(180)
class PointToPointAllocationTest
{
    @Test
    void blockingCallsToItselfAllocateAtMostTheirStatus() throws Exception
    {
        final Ranks.Outcome outcome = Ranks.run(Ranks.Layout.ONE_JVM, 1, CallsInALoop.class);
        assertEquals(false, outcome.says("allocates"), outcome::report);
    }

    /** Each call in a loop; the rank reports the ones that allocate more than allowed, and the job fails then. */
    public static class CallsInALoop
    {
        static final int CALLS = 10_000;
        /** More than one {@link Status} (40 B with compressed class pointers), less than two. */
        static final int STATUS_BYTES = 48;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final double[] halo = new double[64 * 3];
            final List<String> allocating = new ArrayList<>();
            measure(allocating, "Sendrecv", STATUS_BYTES,
                () -> world.Sendrecv(halo, 64, 64, MPI.DOUBLE, 0, 1, halo, 0, 64, MPI.DOUBLE, 0, 1));
            measure(allocating, "Send+Recv", STATUS_BYTES, () ->
            {
                world.Send(halo, 128, 64, MPI.DOUBLE, 0, 2);
                world.Recv(halo, 0, 64, MPI.DOUBLE, 0, 2);
            });
            if (!allocating.isEmpty())
            {
                throw new AssertionError(allocating.toString());
            }
            MPI.Finalize();
        }

        /** Adds a line to {@code allocating} if {@code call} allocates {@code limit} bytes or more per call once warm. */
        private static void measure(final List<String> allocating, final String name, final int limit, final Runnable call)
        {
            final double perCall = AllocationMeter.bytesPerCall(CALLS, call);
            System.out.printf(Locale.ROOT, "%-9s %.1f B/call%n", name, perCall);
            if (perCall >= limit)
            {
                allocating.add(String.format(Locale.ROOT, "%s allocates %.1f B/call", name, perCall));
            }
        }
    }
}
