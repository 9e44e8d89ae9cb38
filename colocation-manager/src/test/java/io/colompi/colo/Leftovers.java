package io.colompi.colo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks that a job left nothing behind: no process, no shared-memory directory. */
final class Leftovers
{
    private Leftovers()
    {
    }

    /** Whether {@code pid} runs: a zombie waiting for its parent (or init) to reap it counts as gone. */
    static boolean alive(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) S ...": the state follows the last ')'.
            final char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }
        catch (final NoSuchFileException gone)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    static void assertGoneWithin(final Duration limit, final String what, final BooleanSupplier gone)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (!gone.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail(what + " still there after " + limit.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** Every rank host of {@code job} is gone and its directory removed. */
    static void assertCleanedUp(final RunningJob job)
    {
        for (int jvm = 0; jvm < job.layout().jvmCount(); jvm++)
        {
            assertFalse(alive(job.pid(jvm)), "JVM " + jvm + " (pid " + job.pid(jvm) + ") still runs");
        }
        assertFalse(Files.exists(job.sharedMemoryDirectory()), job.sharedMemoryDirectory() + " is left behind");
    }
}
