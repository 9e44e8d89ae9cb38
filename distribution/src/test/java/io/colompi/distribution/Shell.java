package io.colompi.distribution;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a user would, with a deadline: past it, the command and everything it started are killed. */
final class Shell
{
    private Shell()
    {
    }

    /** How a command ended. */
    record Result(int exitCode, String stdout, String stderr, long millis)
    {
        @Override
        public String toString()
        {
            return "exit " + exitCode + " after " + millis + " ms\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A started command, its output going to files until {@link #await}. */
    record Running(Process process, List<String> command, Path out, Path err, long startedAt)
    {
        Result await(final Duration timeout) throws IOException, InterruptedException
        {
            try
            {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds() +
                        " s\n--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            }
            finally
            {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    static Result run(final List<String> command, final Map<String, String> env, final Path dir, final Duration timeout)
        throws IOException, InterruptedException
    {
        return start(command, env, dir).await(timeout);
    }

    static Running start(final List<String> command, final Map<String, String> env, final Path dir) throws IOException
    {
        final Path out = Files.createTempFile("colompi-out", ".txt");
        final Path err = Files.createTempFile("colompi-err", ".txt");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        return new Running(builder.start(), List.copyOf(command), out, err, System.nanoTime());
    }
}
