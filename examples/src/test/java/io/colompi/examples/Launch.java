package io.colompi.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the repository's {@code bin/} scripts as a user would, with a deadline. */
final class Launch
{
    /** The repository root (tests run in the module directory). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path EXAMPLES = ROOT.resolve("examples/target/classes");

    final int exitCode;
    final String stdout;
    final String stderr;

    private Launch(final int exitCode, final String stdout, final String stderr)
    {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Launch run(final String script, final String... args) throws IOException, InterruptedException
    {
        return runIn(ROOT, script, args);
    }

    static Launch runIn(final Path dir, final String script, final String... args) throws IOException, InterruptedException
    {
        return runIn(dir, 60, script, args);
    }

    static Launch runIn(final Path dir, final long seconds, final String script, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        final Path out = Files.createTempFile("colompi-out", ".txt");
        final Path err = Files.createTempFile("colompi-err", ".txt");
        try
        {
            final Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(script + " " + String.join(" ", args) + " did not finish in " + seconds + " s");
            }
            return new Launch(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    List<String> lines()
    {
        return stdout.lines().toList();
    }

    @Override
    public String toString()
    {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
