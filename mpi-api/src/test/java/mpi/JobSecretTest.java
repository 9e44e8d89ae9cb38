package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@Timeout(120)
class JobSecretTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void aProcessARankStartsDoesNotInheritTheJobsSecret(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, StartsAProcess.class);
    }

    /** Each rank runs {@code env} and looks for the secret in what its child inherited. */
    public static class StartsAProcess
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Process env = new ProcessBuilder("env").redirectErrorStream(true).start();
            final List<String> lines = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, env.waitFor());
            assertFalse(lines.stream().anyMatch(line -> line.startsWith("COLOMPI_JOB_SECRET=")), lines::toString);
            lines.stream().filter(line -> line.startsWith("COLOMPI_JOB_SECRET_FILE=")).forEach(line ->
                assertFalse(Files.exists(Path.of(line.substring(line.indexOf('=') + 1))), line + " still exists"));
            MPI.COMM_WORLD.Barrier();
            MPI.Finalize();
        }
    }
}
