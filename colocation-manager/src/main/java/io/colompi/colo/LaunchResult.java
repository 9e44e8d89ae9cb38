package io.colompi.colo;

import java.util.List;

/**
 * How a launched job ended, as {@code colorun} would have shown it.
 *
 * @param exitCode the status {@code colorun} exits with: 0, the first failing JVM's status ({@code Abort}'s code,
 *                 {@code System.exit}'s n, 1 for a failed rank, 128+signal for a killed JVM), 124 on timeout.
 * @param stdout   the ranks' standard output lines (tagged {@code [R] } unless tagging is off), JVMs interleaved
 *                 line by line in arrival order; empty unless captured.
 * @param stderr   their standard error lines, then the launcher's own ({@code colompi: ...}); empty unless captured.
 */
public record LaunchResult(int exitCode, List<String> stdout, List<String> stderr)
{
    public LaunchResult
    {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    public boolean succeeded()
    {
        return exitCode == 0;
    }

    /** Everything, for an assertion message. */
    @Override
    public String toString()
    {
        return "exit " + exitCode + System.lineSeparator() +
            "--- stdout" + System.lineSeparator() + String.join(System.lineSeparator(), stdout) + System.lineSeparator() +
            "--- stderr" + System.lineSeparator() + String.join(System.lineSeparator(), stderr);
    }
}
