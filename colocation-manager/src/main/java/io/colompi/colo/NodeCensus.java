package io.colompi.colo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How the tasks of a job learn which node each of them runs on, where the launcher tells each only its own (Open
 * MPI's {@code mpirun} across nodes): in the directory of the job's rendezvous file ({@link RendezvousFile}), which
 * every node sees, each task writes a note {@code <key>.node-<task>} holding the launch's instance and its node, then
 * reads every task's. Notes are written whole and renamed into place, mode 0600 in the directory of mode 0700; a note
 * of an earlier launch with the same key is told apart by its instance and waited past. Task 0 removes them once
 * every JVM has joined the job ({@link JobWatch}), which no task does before it has read them all.
 */
final class NodeCensus
{
    private static final long POLL_MS = 20;

    private NodeCensus()
    {
    }

    /** Write {@code task}'s note in {@code dir}, then wait for every task's; returns each task's node, by task. */
    static List<String> take(final Path dir, final LaunchedTask task, final int tasks) throws IOException
    {
        RendezvousFile.writePrivately(note(dir, task.key(), task.task()), task.instance() + "\n" + task.nodeName());
        final String[] nodes = new String[tasks];
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RunningJob.WIRE_UP_TIMEOUT_MS);
        int known = 0;
        while (true)
        {
            for (int other = 0; other < tasks; other++)
            {
                if (nodes[other] == null)
                {
                    nodes[other] = read(note(dir, task.key(), other), task.instance());
                    known += nodes[other] == null ? 0 : 1;
                }
            }
            if (known == tasks)
            {
                return List.of(nodes);
            }
            if (System.nanoTime() - deadline > 0)
            {
                final List<Integer> missing = new ArrayList<>();
                for (int other = 0; other < tasks; other++)
                {
                    if (nodes[other] == null)
                    {
                        missing.add(other);
                    }
                }
                throw new IOException("tasks " + missing + " of " + task.describe() + " did not say which node they " +
                    "run on in " + dir + " within " + RunningJob.WIRE_UP_TIMEOUT_MS / 1000 + " s (does every node see " +
                    "that directory?)");
            }
            try
            {
                Thread.sleep(POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the node census in " + dir, ex);
            }
        }
    }

    /** The notes of a job of {@code tasks} tasks whose rendezvous file is {@code dir/key}. */
    static List<Path> notes(final Path dir, final String key, final int tasks)
    {
        final List<Path> notes = new ArrayList<>(tasks);
        for (int task = 0; task < tasks; task++)
        {
            notes.add(note(dir, key, task));
        }
        return notes;
    }

    private static Path note(final Path dir, final String key, final int task)
    {
        return dir.resolve(key + ".node-" + task);
    }

    /** The node in {@code note} if it is this launch's ({@code instance}), else null (not there yet, or stale). */
    private static String read(final Path note, final String instance) throws IOException
    {
        final String text;
        try
        {
            final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(note, LinkOption.NOFOLLOW_LINKS);
            if (!RendezvousFile.OWNER_ONLY_FILE.containsAll(mode))
            {
                throw new IOException("the node note " + note + " is writable or readable by others: refusing it");
            }
            text = Files.readString(note);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        final int newline = text.indexOf('\n');
        return newline > 0 && text.substring(0, newline).equals(instance) && newline + 1 < text.length() ?
            text.substring(newline + 1) : null;
    }
}
