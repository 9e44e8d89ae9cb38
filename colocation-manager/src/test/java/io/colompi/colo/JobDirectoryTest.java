package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(10)
class JobDirectoryTest
{
    @Test
    void theJobsDirectoryIsOnlyItsOwnersAndGoesAwayWithEverythingInIt(@TempDir final Path parent) throws Exception
    {
        final Path dir = JobDirectory.create(parent, 0xabcdefL);

        assertEquals("colompi-0000000000abcdef", dir.getFileName().toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Files.writeString(dir.resolve("rank-0.ring"), "x");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/file"), "y");

        assertTrue(JobDirectory.remove(dir));
        assertFalse(Files.exists(dir));
        assertTrue(JobDirectory.remove(dir), "removing what is gone is fine");
    }

    @Test
    void directoriesOfLaunchersThatAreGoneAreSweptAndNoOthers(@TempDir final Path parent) throws Exception
    {
        final Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        final String me = JobDirectory.owner(ProcessHandle.current()).orElseThrow();
        final String namespace = me.split(" ")[2];

        final Path stale = owned(parent, 1, finished.pid() + " 12345 " + namespace);
        final Path reused = owned(parent, 2, ProcessHandle.current().pid() + " 12345 " + namespace);
        final Path live = owned(parent, 3, me);
        final Path elsewhere = owned(parent, 4, finished.pid() + " 12345 pid:[1]");
        final Path unsigned = JobDirectory.create(parent, 5);
        final Path notAJob = Files.createDirectory(parent.resolve("colompi-test-1"));

        assertEquals(List.of(stale, reused).stream().sorted().toList(),
            JobDirectory.sweepStale(parent).stream().sorted().toList());
        for (final Path kept : List.of(live, elsewhere, unsigned, notAJob))
        {
            assertTrue(Files.isDirectory(kept), kept + " must stay");
        }
    }

    @Test
    void aDirectoryOfTheJobsNameThatAnotherUserMadeOrLeftOpenIsRefused(@TempDir final Path parent) throws Exception
    {
        final Path open = parent.resolve(JobDirectory.name(0x43));
        Files.createDirectory(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        final IOException refused = assertThrows(IOException.class, () -> JobDirectory.ensure(open));
        assertEquals(open + " has mode rwxrwxrwx, not rwx------: refusing to share memory through it", refused.getMessage());

        final Path link = parent.resolve(JobDirectory.name(0x44));
        Files.createSymbolicLink(link, parent);
        assertEquals(link + " exists and is not a directory",
            assertThrows(IOException.class, () -> JobDirectory.ensure(link)).getMessage());

        // Squatting: another user (nobody, 65534) made it first; only root can stage that.
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "needs root to chown");
        final Path squatted = parent.resolve(JobDirectory.name(0x45));
        Files.createDirectory(squatted);
        Files.setPosixFilePermissions(squatted, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(squatted, "unix:uid", 65534);
        assertTrue(assertThrows(IOException.class, () -> JobDirectory.ensure(squatted)).getMessage()
            .startsWith(squatted + " belongs to another user (uid 65534, this JVM runs as uid 0)"));
    }

    @Test
    void onAnotherNodeTheFirstJvmCreatesTheDirectoryAndTheLastRemovesIt(@TempDir final Path parent) throws Exception
    {
        final Path dir = parent.resolve(JobDirectory.name(0x42));

        JobDirectory.ensure(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        JobDirectory.ensure(dir);
        Files.writeString(dir.resolve("rank-3.ring"), "another JVM of the node still runs");

        JobDirectory.removeIfEmpty(dir);
        assertTrue(Files.isDirectory(dir), "kept while another JVM uses it");
        Files.delete(dir.resolve("rank-3.ring"));
        JobDirectory.removeIfEmpty(dir);
        assertFalse(Files.exists(dir));
        JobDirectory.removeIfEmpty(dir);
    }

    private static Path owned(final Path parent, final long job, final String owner) throws Exception
    {
        final Path dir = JobDirectory.create(parent, job);
        Files.writeString(dir.resolve(JobDirectory.OWNER_FILE), owner + "\n");
        return dir;
    }
}
