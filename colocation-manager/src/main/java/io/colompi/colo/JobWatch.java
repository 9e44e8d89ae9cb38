package io.colompi.colo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The watch over a job whose JVMs someone else started (Slurm's {@code srun}), kept by the JVM that serves the
 * job's rendezvous (task 0): the first JVM that fails, aborts, calls {@code System.exit} or drops its control channel
 * before it reported the end of its ranks ends the job: every JVM is ordered to abort, and the line that says why,
 * naming the ranks and node, goes to this JVM's stderr. A job whose JVMs have not all joined within
 * {@value RunningJob#WIRE_UP_TIMEOUT_MS} ms ends too. {@link #close()} waits until every JVM is done (bounded once
 * the job is ending), then stops the rendezvous; the rendezvous files are removed once all have joined.
 */
final class JobWatch implements RendezvousServer.Listener, AutoCloseable
{
    /** How long JVMs ordered to abort get to report before the rendezvous closes under them (they then halt). */
    static final long ABORT_GRACE_MS = RunningJob.ABORT_GRACE_MS + RunningJob.KILL_GRACE_MS;

    private final JobLayout layout;
    private final List<String> nodes;
    private final List<Path> rendezvousFiles;
    private final boolean[] joined;
    private final boolean[] finished;
    private final long startedAt = System.nanoTime();
    private RendezvousServer server;
    private boolean fenceReleased;
    private long endedAt;
    /** The rank of each JVM that said it calls System.exit, else -1. */
    private final int[] exitingRank;
    /** Whether that rank had completed MPI.Finalize (its JVM then reports DONE once its other ranks end). */
    private final boolean[] exitingAfterFinalize;

    /**
     * @param nodes          the job's node names, for the messages.
     * @param rendezvousFiles removed once every JVM has joined: the rendezvous file, the node census's notes.
     */
    JobWatch(final JobLayout layout, final List<String> nodes, final List<Path> rendezvousFiles)
    {
        this.layout = layout;
        this.nodes = List.copyOf(nodes);
        this.rendezvousFiles = List.copyOf(rendezvousFiles);
        this.joined = new boolean[layout.jvmCount()];
        this.finished = new boolean[layout.jvmCount()];
        this.exitingRank = new int[layout.jvmCount()];
        this.exitingAfterFinalize = new boolean[layout.jvmCount()];
        Arrays.fill(exitingRank, -1);
    }

    /** Start watching {@code server}'s JVMs, including the wire-up deadline. */
    void watch(final RendezvousServer server)
    {
        synchronized (this)
        {
            this.server = server;
        }
        final Thread deadline = new Thread(this::enforceWireUp, "colompi-wire-up-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }

    @Override
    public synchronized void connected(final int jvm, final long pid)
    {
        joined[jvm] = true;
    }

    @Override
    public void fenceReleased()
    {
        synchronized (this)
        {
            fenceReleased = true;
            notifyAll();
        }
        removeRendezvousFile();
    }

    @Override
    public void ending(final int jvm, final int code, final String message)
    {
        // The JVM prints why itself.
        end(code, null);
    }

    @Override
    public void done(final int jvm, final int code, final String message)
    {
        synchronized (this)
        {
            finished[jvm] = true;
            notifyAll();
        }
        if (code != 0)
        {
            end(code, null);
        }
    }

    @Override
    public synchronized void exiting(final int jvm, final int rank, final boolean afterFinalize)
    {
        exitingRank[jvm] = rank;
        exitingAfterFinalize[jvm] = afterFinalize;
    }

    @Override
    public void lost(final int jvm, final String why)
    {
        final String line;
        synchronized (this)
        {
            if (finished[jvm])
            {
                return;
            }
            finished[jvm] = true;
            notifyAll();
            line = exitingRank[jvm] >= 0 ? "rank " + exitingRank[jvm] + " called System.exit " +
                (exitingAfterFinalize[jvm] ? "after" : "before") + " MPI.Finalize in " + describe(jvm) :
                describe(jvm) + " ended before its ranks finished (killed, or its control channel broke: " + why + ")";
        }
        end(ColocatedJob.EXIT_FAILURE, line);
    }

    @Override
    public void rejected(final String why)
    {
        System.err.println("colompi: " + why);
    }

    /** Wait until every JVM is done (at most {@value #ABORT_GRACE_MS} ms once the job is ending), then stop serving. */
    @Override
    public void close()
    {
        synchronized (this)
        {
            try
            {
                while (!allFinished())
                {
                    if (endedAt != 0)
                    {
                        final long left = TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MS) - (System.nanoTime() - endedAt);
                        if (left <= 0)
                        {
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                    else
                    {
                        wait(RunningJob.ABORT_GRACE_MS);
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null)
        {
            server.close();
        }
        removeRendezvousFile();
    }

    private boolean allFinished()
    {
        for (final boolean done : finished)
        {
            if (!done)
            {
                return false;
            }
        }
        return true;
    }

    /** End the job: order every JVM to abort; {@code line}, if any, says why (else the failing JVM says it). */
    private void end(final int code, final String line)
    {
        final RendezvousServer target;
        synchronized (this)
        {
            if (endedAt != 0)
            {
                return;
            }
            endedAt = System.nanoTime();
            target = server;
            notifyAll();
        }
        if (line != null)
        {
            System.err.println("colompi: job ended: " + line);
            System.err.flush();
        }
        if (target != null)
        {
            target.abort(code, line != null ? "job ended: " + line : "another JVM of the job failed");
        }
    }

    private void enforceWireUp()
    {
        final List<String> missing = new ArrayList<>();
        synchronized (this)
        {
            try
            {
                long left;
                while (!fenceReleased && endedAt == 0 &&
                    (left = TimeUnit.MILLISECONDS.toNanos(RunningJob.WIRE_UP_TIMEOUT_MS) - (System.nanoTime() - startedAt)) > 0)
                {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (fenceReleased || endedAt != 0)
            {
                return;
            }
            for (int jvm = 0; jvm < joined.length; jvm++)
            {
                if (!joined[jvm])
                {
                    missing.add(describe(jvm));
                }
            }
        }
        end(ColocatedJob.EXIT_FAILURE, "wire-up did not complete within " + RunningJob.WIRE_UP_TIMEOUT_MS / 1000 + " s" +
            (missing.isEmpty() ? "" : "; not connected: " + String.join(", ", missing)));
    }

    private String describe(final int jvm)
    {
        return "JVM " + jvm + " (ranks " + layout.describeRanks(jvm) + " on node " + nodes.get(layout.nodeOfJvm(jvm)) + ")";
    }

    private void removeRendezvousFile()
    {
        for (final Path file : rendezvousFiles)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                // Only tidiness: the next step of the job has another name, and a stale file is told apart by its srun.
            }
        }
    }
}
