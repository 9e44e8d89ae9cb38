package io.colompi.colo;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job started by {@link JobLauncher}: its rank-host JVMs (on this machine, or through the launch agent on the
 * hosts of a host file), their rendezvous, and the watch over them. The first
 * JVM that fails (it reports a failed rank or an {@code Abort}, or exits without reporting: {@code System.exit},
 * a crash, a kill) ends the job: the others are ordered to abort, then stopped ({@code SIGTERM}, then
 * {@code SIGKILL}) if they have not exited {@value #ABORT_GRACE_MS} ms later; the job's directory is removed and
 * the job's status is that first JVM's. The job also ends at its timeout (124) or when {@link #stop} is called.
 */
public final class RunningJob implements AutoCloseable
{
    /** How long aborted rank hosts get to end their ranks and exit before they are sent SIGTERM. */
    static final long ABORT_GRACE_MS = 2_500;
    static final String JOIN_TIMEOUT_PROPERTY = "colompi.joinTimeout";
    /** How long after SIGTERM a rank host is sent SIGKILL. */
    static final long KILL_GRACE_MS = 1_000;
    /**
     * How long a job may take until every JVM has registered at the fence (the join deadline): system property
     * {@value #JOIN_TIMEOUT_PROPERTY} in seconds, default 60.
     */
    static final long WIRE_UP_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(Long.getLong(RunningJob.JOIN_TIMEOUT_PROPERTY, 60));
    /** A JVM that exits without DONE is judged once its channel has ended, or this long after its exit. */
    static final long JUDGE_DELAY_MS = 300;
    /** A JVM whose control channel ended while it still runs is given this long to exit by itself. */
    static final long LOST_CHANNEL_GRACE_MS = 1_000;
    /** How long output still in the pipes may take to arrive once every JVM has exited. */
    static final long DRAIN_MS = 2_000;
    /** How long the launcher waits for the agent to remove the job's directory on a host whose JVMs failed. */
    static final long REMOTE_CLEANUP_TIMEOUT_MS = 5_000;
    private static final long TICK_MS = 50;

    private final JobLauncher launcher;
    private final JobLayout layout;
    private final JobNodes nodes;
    private final long jobId;
    private final Path directory;
    private final Host[] hosts;
    private final Output out;
    private final Output err;
    private final long startedAt = System.nanoTime();
    private final CompletableFuture<LaunchResult> result = new CompletableFuture<>();
    private final Thread shutdownHook = new Thread(this::onLauncherShutdown, "colompi-stop-job");
    private RendezvousServer server;
    /** The {@code <agent> rm -rf} processes started at the end, killed with the launcher if they hang. */
    private final List<Process> cleanups = new ArrayList<>();
    /** The first cause of the end of the job; guarded by {@code this}. */
    private Ending ending;
    private boolean fenceReleased;

    /** Why the job ends: its status, the line the launcher prints (null if the JVM said why itself), and when. */
    private record Ending(int code, String line, long at, long abortGraceMs)
    {
    }

    /** One rank-host JVM; guarded by the job's lock. */
    private static final class Host
    {
        final int jvm;
        /** The host it was started on through the launch agent; null: started on this machine. */
        final String agentHost;
        Process process;
        final List<Thread> pumps = new ArrayList<>(2);
        boolean connected;
        Integer doneCode;
        boolean exitingReported;
        int exitingRank = -1;
        /** The rank that called System.exit had completed MPI.Finalize: the JVM reports DONE for its ranks. */
        boolean exitingAfterFinalize;
        Integer exitStatus;
        long exitedAt;
        boolean channelEnded;
        long channelLostAt;
        /** How its control channel was lost, as the launcher saw it (closed, failed, silent). */
        String channelLostWhy;
        boolean judged;
        boolean terminated;
        boolean killed;

        Host(final int jvm, final String agentHost)
        {
            this.jvm = jvm;
            this.agentHost = agentHost;
        }
    }

    private RunningJob(final JobLauncher launcher, final JobLayout layout, final long jobId, final Path directory)
    {
        this.launcher = launcher;
        this.layout = layout;
        this.nodes = launcher.spec().nodes();
        this.jobId = jobId;
        this.directory = directory;
        this.hosts = new Host[layout.jvmCount()];
        for (int jvm = 0; jvm < hosts.length; jvm++)
        {
            hosts[jvm] = new Host(jvm, nodes.agentHost(layout.nodeOfJvm(jvm)).orElse(null));
        }
        this.out = new Output(launcher.echoOut(), launcher.capture());
        this.err = new Output(launcher.echoErr(), launcher.capture());
    }

    static RunningJob start(final JobLauncher launcher) throws IOException
    {
        final JobLayout layout = launcher.layout();
        final long jobId = RendezvousProtocol.newJobId();
        final List<String> notices = new ArrayList<>(1);
        final Path directory = JobDirectory.create(jobId, notices::add);
        final RunningJob job = new RunningJob(launcher, layout, jobId, directory);
        notices.forEach(job.err::line);
        final byte[] secret = RendezvousProtocol.newSecret();
        try
        {
            job.server = launcher.spec().nodes().usesAgent(layout) ?
                RendezvousServer.startForNodes(jobId, secret, layout.jvmCount(), job.new Events(), job.launcherAddresses()) :
                RendezvousServer.start(jobId, secret, layout.jvmCount(), job.new Events());
        }
        catch (final IOException | RuntimeException ex)
        {
            JobDirectory.remove(directory);
            throw ex;
        }
        try
        {
            job.launch(secret);
        }
        catch (final IOException | RuntimeException ex)
        {
            job.stop(ColocatedJob.EXIT_FAILURE, "job ended: it could not be launched: " + ex);
            try
            {
                job.await();
            }
            catch (final InterruptedException interrupted)
            {
                Thread.currentThread().interrupt();
            }
            throw ex;
        }
        return job;
    }

    private void launch(final byte[] secret) throws IOException
    {
        final Thread monitor = new Thread(this::monitor, "colompi-job-" + String.format(Locale.ROOT, "%016x", jobId));
        monitor.setDaemon(true);
        try
        {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            // In a job across machines, JVMs on this one too must be reachable at a real address (their network
            // address is the one they reached the launcher at).
            final List<InetSocketAddress> rendezvous = nodes.usesAgent(layout) ?
                addressesForOtherNodes() : List.of(server.loopbackAddress());
            for (final Host host : hosts)
            {
                final HostEnvironment wiring = new HostEnvironment(jobId, secret, directory, host.jvm, layout, rendezvous);
                final Process process = start(host, wiring);
                host.pumps.add(pump(process.getInputStream(), out, "colompi-jvm" + host.jvm + "-out"));
                host.pumps.add(pump(process.getErrorStream(), err, "colompi-jvm" + host.jvm + "-err"));
                process.onExit().thenRun(() -> exited(host));
            }
        }
        finally
        {
            // Watch whatever was started, also if starting the rest failed.
            monitor.start();
        }
    }

    /** Start one rank host with its {@link JvmStarter}; the rendezvous checks the pid of one started directly. */
    private Process start(final Host host, final HostEnvironment wiring) throws IOException
    {
        final JvmStarter starter = host.agentHost == null ? new LocalJvmStarter(launcher) :
            new AgentJvmStarter(launcher, nodes.agent(), host.agentHost);
        final Process process = starter.start(wiring, host.jvm == 0 && launcher.stdinToFirstJvm());
        synchronized (this)
        {
            host.process = process;
        }
        if (starter.direct())
        {
            server.expectPid(host.jvm, process.pid());
        }
        return process;
    }

    /** Where rank hosts reach the launcher from other nodes: {@code --launcher-address}, else every candidate. */
    private List<InetAddress> launcherAddresses() throws IOException
    {
        return nodes.launcherAddress() != null ? List.of(nodes.launcherAddress()) : LauncherAddresses.candidates();
    }

    private List<InetSocketAddress> addressesForOtherNodes() throws IOException
    {
        return launcherAddresses().stream().map(server::addressAt).toList();
    }

    /** The job's layout: which ranks each JVM runs. */
    public JobLayout layout()
    {
        return layout;
    }

    public long jobId()
    {
        return jobId;
    }

    /** The job's shared-memory directory; removed when the job ends. */
    public Path sharedMemoryDirectory()
    {
        return directory;
    }

    /** The process id of rank host {@code jvm}. */
    public synchronized long pid(final int jvm)
    {
        return hosts[jvm].process.pid();
    }

    /** Wait until every JVM has registered at the fence (their ranks then start); false if the job ended first or on timeout. */
    public boolean awaitFence(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this)
        {
            long left;
            while (!fenceReleased && !result.isDone() && (left = deadline - System.nanoTime()) > 0)
            {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(TICK_MS)));
            }
            return fenceReleased;
        }
    }

    /** Wait for the end of the job; interrupting the caller stops the job (and still throws). */
    public LaunchResult await() throws InterruptedException
    {
        try
        {
            return result.get();
        }
        catch (final InterruptedException ex)
        {
            stop(ColocatedJob.EXIT_FAILURE, "job ended: the launcher was interrupted");
            throw ex;
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("watching the job failed", ex.getCause());
        }
    }

    /** The result if the job ends within {@code timeout}. */
    public Optional<LaunchResult> await(final Duration timeout) throws InterruptedException
    {
        try
        {
            return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        catch (final TimeoutException ex)
        {
            return Optional.empty();
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("watching the job failed", ex.getCause());
        }
    }

    /**
     * End the job with {@code code} (unless it is already ending): every rank host is ordered to abort and stopped
     * if it does not; {@code reason} is the launcher's line. Returns at once; {@link #await()} gives the result.
     */
    public void stop(final int code, final String reason)
    {
        end(code, reason, ABORT_GRACE_MS);
    }

    /** Stop the job if it still runs, and wait for its end (its JVMs gone, its directory removed). */
    @Override
    public void close()
    {
        stop(ColocatedJob.EXIT_FAILURE, "job ended: closed while running");
        boolean interrupted = false;
        while (true)
        {
            try
            {
                result.get();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
            catch (final ExecutionException ex)
            {
                break;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGINT/SIGTERM/SIGHUP of the launcher: stop the job quickly and wait (bounded) until it is cleaned up. If that
     * does not finish in time (an agent that hangs), say so and kill whatever is left: no process outlives us.
     */
    private void onLauncherShutdown()
    {
        end(ColocatedJob.EXIT_FAILURE, "job ended: the launcher was stopped (SIGINT/SIGTERM)", 500);
        try
        {
            result.get(500 + KILL_GRACE_MS + DRAIN_MS + REMOTE_CLEANUP_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException | ExecutionException | TimeoutException ex)
        {
            err.line("colompi: job ended: the launcher was stopped (SIGINT/SIGTERM); what it started did not end in " +
                "time and was killed");
            killAll();
            synchronized (cleanups)
            {
                cleanups.forEach(RunningJob::killTree);
            }
        }
    }

    private synchronized void end(final int code, final String line, final long abortGraceMs)
    {
        if (ending != null || result.isDone())
        {
            return;
        }
        ending = new Ending(code, line, System.nanoTime(), abortGraceMs);
        if (server != null)
        {
            server.abort(code, line != null ? line : "another JVM of the job failed");
        }
        notifyAll();
    }

    private void exited(final Host host)
    {
        synchronized (this)
        {
            host.exitStatus = host.process.exitValue();
            host.exitedAt = System.nanoTime();
            notifyAll();
        }
    }

    /** The watch: judges exits, enforces timeouts, escalates the end, then cleans up and gives the result. */
    private void monitor()
    {
        try
        {
            synchronized (this)
            {
                // Until every JVM has exited and, while the job has not ended, each exit has been judged.
                while (!allExited() || ending == null && !allJudged())
                {
                    final long now = System.nanoTime();
                    if (ending == null)
                    {
                        detectEnd(now);
                    }
                    if (ending != null)
                    {
                        escalate(now);
                    }
                    wait(TICK_MS);
                }
            }
            finish();
        }
        catch (final Throwable ex)
        {
            killAll();
            JobDirectory.remove(directory);
            result.completeExceptionally(ex);
        }
    }

    /** Every JVM that exited either reported DONE and the status it reported, or has been judged. */
    private boolean allJudged()
    {
        for (final Host host : hosts)
        {
            if (host.exitStatus != null && !host.judged && !reportedItsExit(host))
            {
                return false;
            }
        }
        return true;
    }

    /** A JVM that reported DONE and exited with its status, or with 0 (a finalized rank's System.exit(0)). */
    private static boolean reportedItsExit(final Host host)
    {
        return host.doneCode != null && (host.doneCode != 0 || host.exitStatus == 0);
    }

    private boolean allExited()
    {
        for (final Host host : hosts)
        {
            if (host.process != null && host.exitStatus == null)
            {
                return false;
            }
        }
        return true;
    }

    private void detectEnd(final long now)
    {
        for (final Host host : hosts)
        {
            judgeExit(host, now);
            if (ending != null)
            {
                return;
            }
            if (host.channelLostAt != 0 && host.exitStatus == null &&
                now - host.channelLostAt > TimeUnit.MILLISECONDS.toNanos(LOST_CHANNEL_GRACE_MS))
            {
                end(ColocatedJob.EXIT_FAILURE, "job ended: " + describe(host) + " kept running, but " +
                    host.channelLostWhy, ABORT_GRACE_MS);
                return;
            }
        }
        final Duration timeout = launcher.spec().timeout();
        if (!timeout.isZero() && now - startedAt >= timeout.toNanos())
        {
            end(ColocatedJob.EXIT_TIMEOUT, "job timed out after " + timeout.toSeconds() + " s", ABORT_GRACE_MS);
        }
        else if (!fenceReleased && now - startedAt > TimeUnit.MILLISECONDS.toNanos(WIRE_UP_TIMEOUT_MS))
        {
            final List<String> missing = new ArrayList<>();
            for (final Host host : hosts)
            {
                if (!host.connected)
                {
                    missing.add(describe(host));
                }
            }
            end(ColocatedJob.EXIT_FAILURE, "job ended: wire-up did not complete within " + WIRE_UP_TIMEOUT_MS / 1000 +
                " s" + (missing.isEmpty() ? "" : "; not connected: " + String.join(", ", missing)), ABORT_GRACE_MS);
        }
    }

    /**
     * A JVM that exited without reporting DONE ends the job, once its last messages (EXITING) had time to arrive;
     * so does one whose ranks were done but whose rank then called {@code System.exit} with a status other than 0.
     * {@code System.exit(0)} before {@code MPI.Finalize} is a failure: the job's other ranks did not get to end.
     */
    private void judgeExit(final Host host, final long now)
    {
        if (host.exitStatus == null || host.judged || reportedItsExit(host))
        {
            return;
        }
        if (!host.channelEnded && host.connected && now - host.exitedAt < TimeUnit.MILLISECONDS.toNanos(JUDGE_DELAY_MS))
        {
            return;
        }
        host.judged = true;
        final int status = host.exitStatus;
        final String line;
        if (host.exitingReported)
        {
            line = (host.exitingRank >= 0 ? "rank " + host.exitingRank : "a thread of " + describe(host)) +
                " called System.exit(" + status + ")" + (host.exitingAfterFinalize ? " after" : " before") +
                " MPI.Finalize" + (host.exitingRank >= 0 ? " in " + describe(host) : "");
        }
        else if (status > 128 && status <= 128 + 64)
        {
            line = describe(host) + " exited with status " + status + " (killed by " + signal(status - 128) + ")";
        }
        else
        {
            line = describe(host) + " exited with status " + status + (host.doneCode != null ? " after its ranks finished" :
                host.connected ? " before its ranks finished" : " before it joined the job");
        }
        final int code = status != 0 ? status : ColocatedJob.EXIT_FAILURE;
        end(code, "job ended: " + line, ABORT_GRACE_MS);
    }

    private void escalate(final long now)
    {
        final long since = TimeUnit.NANOSECONDS.toMillis(now - ending.at());
        for (final Host host : hosts)
        {
            if (host.process == null || host.exitStatus != null)
            {
                continue;
            }
            if (!host.terminated && since >= ending.abortGraceMs())
            {
                host.terminated = true;
                // Its children too: an agent such as 'sh -c' would leave them orphaned.
                host.process.descendants().forEach(ProcessHandle::destroy);
                host.process.destroy();
            }
            if (!host.killed && since >= ending.abortGraceMs() + KILL_GRACE_MS)
            {
                host.killed = true;
                killTree(host.process);
            }
        }
    }

    private void finish() throws InterruptedException
    {
        final long drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        for (final Host host : hosts)
        {
            for (final Thread pump : host.pumps)
            {
                // A grandchild holding the pipes must not keep us waiting for ever.
                pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(drainDeadline - System.nanoTime())));
            }
        }
        if (server != null)
        {
            server.close();
        }
        if (!JobDirectory.remove(directory))
        {
            err.line("colompi: could not remove the job's directory " + directory);
        }
        removeDirectoryOnFailedHosts();
        final Ending end;
        final List<String> alsoLost;
        synchronized (this)
        {
            end = ending;
            alsoLost = alsoLost();
        }
        if (end != null && end.line() != null)
        {
            err.line("colompi: " + end.line());
            alsoLost.forEach(line -> err.line("colompi: also lost: " + line));
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // The hook is what is stopping us.
        }
        result.complete(new LaunchResult(end == null ? 0 : end.code(), out.lines(), err.lines()));
    }

    /**
     * The JVMs that exited by themselves without reporting DONE besides the one that ended the job (a node that
     * disappears takes all its JVMs): so every lost rank is named.
     */
    private List<String> alsoLost()
    {
        final List<String> lost = new ArrayList<>();
        for (final Host host : hosts)
        {
            // judged: the JVM whose exit ended the job, named by the job's line already.
            if (host.exitStatus != null && host.doneCode == null && !host.judged && !host.exitingReported &&
                !host.terminated && !host.killed)
            {
                final int status = host.exitStatus;
                lost.add(describe(host) + " exited with status " + status +
                    (status > 128 && status <= 128 + 64 ? " (killed by " + signal(status - 128) + ")" : ""));
            }
        }
        return lost;
    }

    /**
     * On each host reached through the agent where a JVM ended without DONE (killed, crashed: it may not have
     * cleaned up), remove the job's directory with the agent; in parallel, each bounded by
     * {@value #REMOTE_CLEANUP_TIMEOUT_MS} ms. A JVM that ends normally removes the directory itself once empty.
     */
    private void removeDirectoryOnFailedHosts() throws InterruptedException
    {
        final Set<String> failedHosts = new LinkedHashSet<>();
        synchronized (this)
        {
            for (final Host host : hosts)
            {
                if (host.agentHost != null && host.process != null && host.doneCode == null)
                {
                    failedHosts.add(host.agentHost);
                }
            }
        }
        final Map<String, Process> removals = new LinkedHashMap<>();
        for (final String agentHost : failedHosts)
        {
            try
            {
                final Process removal = new ProcessBuilder(nodes.agent().removeCommand(agentHost, directory))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
                removals.put(agentHost, removal);
                synchronized (cleanups)
                {
                    cleanups.add(removal);
                }
            }
            catch (final IOException ex)
            {
                err.line("colompi: could not remove " + directory + " on host " + agentHost + ": " + ex.getMessage());
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REMOTE_CLEANUP_TIMEOUT_MS);
        for (final Map.Entry<String, Process> removal : removals.entrySet())
        {
            final Process process = removal.getValue();
            final long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS))
            {
                killTree(process);
                err.line("colompi: could not remove " + directory + " on host " + removal.getKey() + ": the launch agent " +
                    "did not finish within " + REMOTE_CLEANUP_TIMEOUT_MS / 1000 + " s");
            }
            else if (process.exitValue() != 0)
            {
                err.line("colompi: could not remove " + directory + " on host " + removal.getKey() + ": the launch agent " +
                    "exited with status " + process.exitValue());
            }
        }
    }

    private void killAll()
    {
        synchronized (this)
        {
            for (final Host host : hosts)
            {
                if (host.process != null)
                {
                    killTree(host.process);
                }
            }
        }
    }

    /** SIGKILL to {@code process} and everything it started (a launch agent's children too). */
    private static void killTree(final Process process)
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private String describe(final Host host)
    {
        final String node = nodes.describe(layout.nodeOfJvm(host.jvm));
        return "JVM " + host.jvm + " (ranks " + layout.describeRanks(host.jvm) + (node.isEmpty() ? "" : " on " + node) +
            (host.process != null ? ", pid " + host.process.pid() : "") + ")";
    }

    private static String signal(final int number)
    {
        return switch (number)
        {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + number;
        };
    }

    private static Thread pump(final InputStream source, final Output sink, final String name)
    {
        final Thread thread = new Thread(new LinePump(source, sink), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** What the rendezvous learns, on its connection threads. */
    private final class Events implements RendezvousServer.Listener
    {
        @Override
        public void connected(final int jvm, final long pid)
        {
            synchronized (RunningJob.this)
            {
                hosts[jvm].connected = true;
            }
        }

        @Override
        public void fenceReleased()
        {
            synchronized (RunningJob.this)
            {
                fenceReleased = true;
                RunningJob.this.notifyAll();
            }
        }

        @Override
        public void done(final int jvm, final int code, final String message)
        {
            synchronized (RunningJob.this)
            {
                final Host host = hosts[jvm];
                host.doneCode = code;
                host.channelEnded = true;
                if (code != 0)
                {
                    // The JVM printed why (its failed rank, its Abort); the launcher has nothing to add.
                    end(code, null, ABORT_GRACE_MS);
                }
                RunningJob.this.notifyAll();
            }
        }

        @Override
        public void ending(final int jvm, final int code, final String message)
        {
            // The JVM prints why itself; stop the others now rather than after its ranks have unwound.
            end(code, null, ABORT_GRACE_MS);
        }

        @Override
        public void exiting(final int jvm, final int rank, final boolean afterFinalize)
        {
            synchronized (RunningJob.this)
            {
                hosts[jvm].exitingReported = true;
                hosts[jvm].exitingRank = rank;
                hosts[jvm].exitingAfterFinalize = afterFinalize;
            }
        }

        @Override
        public void lost(final int jvm, final String why)
        {
            synchronized (RunningJob.this)
            {
                final Host host = hosts[jvm];
                host.channelEnded = true;
                host.channelLostAt = System.nanoTime();
                host.channelLostWhy = why;
                RunningJob.this.notifyAll();
            }
        }

        @Override
        public void rejected(final String why)
        {
            err.line("colompi: " + why);
        }
    }

    /**
     * One of the job's output streams: the lines of every JVM, taken whole under one lock, copied to the echo stream
     * (if any) and kept (if capturing).
     */
    private static final class Output implements LinePump.Sink
    {
        private final PrintStream echo;
        private final ByteArrayOutputStream captured;

        Output(final PrintStream echo, final boolean capture)
        {
            this.echo = echo;
            this.captured = capture ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void lines(final byte[] bytes, final int offset, final int length)
        {
            synchronized (this)
            {
                if (captured != null)
                {
                    captured.write(bytes, offset, length);
                }
            }
            if (echo != null)
            {
                // The echo stream's own lock, so the launcher's other writers to it line up too.
                synchronized (echo)
                {
                    echo.write(bytes, offset, length);
                    echo.flush();
                }
            }
        }

        void line(final String line)
        {
            final byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            lines(bytes, 0, bytes.length);
        }

        synchronized List<String> lines()
        {
            return captured == null ? List.of() : captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
