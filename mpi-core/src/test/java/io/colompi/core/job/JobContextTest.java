package io.colompi.core.job;

import io.colompi.core.wait.CompilerActivity;
import io.colompi.core.wait.WaitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertSame;

/** What a JVM's waits heed follows the ranks placed in it against its cores. */
@Timeout(10)
class JobContextTest
{
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final JobControl RUNNING = new JobControl()
    {
        @Override
        public void abort(final int rank, final int code, final Throwable cause)
        {
        }

        @Override
        public String abortReason()
        {
            return null;
        }
    };

    @Test
    void aJvmWhoseRanksCanFillItsCoresHeedsItsJit()
    {
        final JobContext job = new JobContext(Placement.singleJvm(CORES), RUNNING, WaitPolicy.BACKOFF, 1024,
            JobWiring.singleJvm());
        assertSame(CompilerActivity.JVM, job.compilerActivity(), "its spinning ranks would keep the compiler off");
    }

    @Test
    void jvmsOfAsManyRanksAsCoresHeedTheirJitOneJvmPerRankDoesNot()
    {
        final int np = 2 * CORES;
        final int[] nodeOf = new int[np];
        final int[] jvmOf = new int[np];
        Arrays.setAll(jvmOf, rank -> rank % 2);    // two JVMs on one node; this one holds ranks 0, 2, ...
        final JobContext job = new JobContext(new Placement(nodeOf, jvmOf), RUNNING, WaitPolicy.BACKOFF, 1024,
            JobWiring.singleJvm());
        assertSame(CompilerActivity.JVM, job.compilerActivity(), "CORES ranks in JVM 0");

        Arrays.setAll(jvmOf, rank -> rank);    // one JVM per rank
        final JobContext perRank = new JobContext(new Placement(nodeOf, jvmOf), RUNNING, WaitPolicy.BACKOFF, 1024,
            JobWiring.singleJvm());
        assertSame(CORES > 1 ? CompilerActivity.NONE : CompilerActivity.JVM, perRank.compilerActivity());
    }
}
