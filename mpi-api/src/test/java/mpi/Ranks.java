package mpi;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a test program on colocated ranks, each with its own class loader, as {@code colorun} would: the program's
 * {@code main} uses the {@code mpi} API and asserts; an assertion failing in any rank fails the job.
 */
final class Ranks
{
    private static final Path API = ColocatedJob.codeSourceOf(MPI.class);

    private Ranks()
    {
    }

    /** Run {@code program} on {@code np} ranks and require every rank to finish normally. */
    static JobResult run(final int np, final Class<?> program, final String... args) throws InterruptedException
    {
        final JobResult result = launch(np, program, args);
        assertTrue(result.succeeded(), () -> result.report());
        return result;
    }

    /** Run {@code program} on {@code np} ranks and return how the job ended, whatever it was. */
    static JobResult launch(final int np, final Class<?> program, final String... args) throws InterruptedException
    {
        return ColocatedJob.builder()
            .np(np)
            .mainClass(program.getName())
            .args(args)
            .classPath(List.of(ColocatedJob.codeSourceOf(program)))
            .apiPath(API)
            .tagOutput(false)
            .timeout(Duration.ofSeconds(30))
            .run();
    }
}
