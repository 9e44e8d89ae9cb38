package mpi;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.JobResult;
import io.colompi.colo.LaunchResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs a test program on ranks as {@code colorun} would, in one of three placements: the program's {@code main}
 * uses the {@code mpi} API and asserts; an assertion failing in any rank fails the job.
 */
final class Ranks
{
    private static final Path API = ColocatedJob.codeSourceOf(MPI.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Where the ranks of a job live; every program of the test suite runs in each. */
    enum Layout
    {
        /** All ranks in this JVM, each with its own class loader: the {@code local} transport only. */
        ONE_JVM(0),
        /** Two ranks per JVM: {@code local} between pairs, {@code shm} across JVMs. */
        TWO_PER_JVM(2),
        /** One rank per JVM, as classic MPI: {@code shm} only. */
        ONE_PER_JVM(1);

        final int ranksPerJvm;

        Layout(final int ranksPerJvm)
        {
            this.ranksPerJvm = ranksPerJvm;
        }
    }

    /** How a job ended: its exit status and everything it said about it. */
    record Outcome(int exitCode, String report)
    {
        boolean says(final String text)
        {
            return report.contains(text);
        }
    }

    private Ranks()
    {
    }

    /** Run {@code program} on {@code np} ranks and require every rank to finish normally. */
    static Outcome run(final Layout layout, final int np, final Class<?> program, final String... args)
        throws Exception
    {
        final Outcome outcome = launch(layout, np, program, args);
        assertEquals(0, outcome.exitCode(), outcome::report);
        return outcome;
    }

    /** Run {@code program} on {@code np} ranks and return how the job ended, whatever it was. */
    static Outcome launch(final Layout layout, final int np, final Class<?> program, final String... args)
        throws Exception
    {
        final Path classes = ColocatedJob.codeSourceOf(program);
        if (layout == Layout.ONE_JVM)
        {
            final JobResult result = ColocatedJob.builder()
                .np(np)
                .mainClass(program.getName())
                .args(args)
                .classPath(List.of(classes))
                .apiPath(API)
                .tagOutput(false)
                .timeout(TIMEOUT)
                .run();
            return new Outcome(result.exitCode(), result.report());
        }
        final LaunchResult result = JobLauncher.builder()
            .np(np)
            .ranksPerJvm(layout.ranksPerJvm)
            .mainClass(program)
            .args(args)
            .classPath(classes)
            .apiPath(API)
            .timeout(TIMEOUT)
            .run();
        return new Outcome(result.exitCode(), result.toString());
    }
}
