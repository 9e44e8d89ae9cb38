package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node census of mpirun's processes across nodes, without an mpirun (the real one: MpirunLaunchTest). */
@Timeout(60)
class NodeCensusTest
{
    @TempDir
    Path dir;

    /**
     * Four processes that start at once each learn every process's node; notes an earlier launch with the same job
     * id left behind are waited past, not taken.
     */
    @Test
    void everyProcessLearnsEveryNodeAndAnEarlierLaunchsNotesAreNotTaken() throws Exception
    {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        RendezvousFile.writePrivately(dir.resolve("77.node-3"), "an earlier mpirun\nvm/9");
        final ExecutorService processes = Executors.newFixedThreadPool(4);
        try
        {
            final List<Future<List<String>>> censuses = new ArrayList<>();
            for (int rank = 0; rank < 4; rank++)
            {
                final LaunchedTask task = MpirunTask.of(process(rank));
                censuses.add(processes.submit(() -> NodeCensus.take(dir, task, 4)));
            }
            for (final Future<List<String>> census : censuses)
            {
                assertEquals(List.of("vm/1", "vm/2", "vm/1", "vm/2"), census.get());
            }
        }
        finally
        {
            processes.shutdownNow();
        }
        assertEquals(NodeCensus.notes(dir, "77", 4).stream().map(Path::getFileName).map(Path::toString).toList(),
            List.of("77.node-0", "77.node-1", "77.node-2", "77.node-3"));
    }

    /** A note that others may read or write is refused, naming it: the directory is the job's trust. */
    @Test
    void aNoteOthersMayWriteIsRefused() throws Exception
    {
        final Path note = dir.resolve("77.node-1");
        Files.writeString(note, "479002624.0;tcp://192.0.2.2:38397\nvm/2");
        Files.setPosixFilePermissions(note, PosixFilePermissions.fromString("rw-rw-rw-"));
        final Exception refused = assertThrows(java.io.IOException.class,
            () -> NodeCensus.take(dir, MpirunTask.of(process(0)), 2));
        assertTrue(refused.getMessage().contains("77.node-1 is writable or readable by others"), refused.getMessage());
    }

    /** Process {@code rank} of 4 of mpirun job 77, dealt round daemons 1 and 2. */
    private static Map<String, String> process(final int rank)
    {
        final Map<String, String> env = new HashMap<>();
        env.put(MpirunTask.RANK, Integer.toString(rank));
        env.put(MpirunTask.SIZE, "4");
        env.put(MpirunTask.LOCAL_RANK, Integer.toString(rank / 2));
        env.put(MpirunTask.LOCAL_SIZE, "2");
        env.put(MpirunTask.JOB_ID, "77");
        env.put(MpirunTask.HNP_URI, "479002624.0;tcp://192.0.2.2:38397");
        env.put(MpirunTask.HOSTNAME, "vm");
        env.put(MpirunTask.DAEMON_URI, "479002624." + (1 + rank % 2) + ";tcp://10.77.1.2:39791");
        return env;
    }
}
