package io.colompi.colo;

import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobWiring;
import io.colompi.core.job.Placement;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.transport.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the ranks of a job as threads of this JVM, each with its own {@link RankClassLoader} and {@link Engine}:
 * rank {@code r}'s {@code main(String[])} runs on thread {@code rank-r}. Used by the rank host JVM
 * ({@link HostMain}) and by tests. The first failure, {@code Abort} or timeout ends the job: the other ranks'
 * MPI calls throw {@code JobAbortedException}, rank threads are interrupted, and after a grace period the result
 * is returned even if some rank thread ignores all that (it is left behind as a daemon thread).
 * <p>
 * A JVM of a multi-JVM job runs a subset of the ranks: give the job's {@link Builder#placement placement}, the
 * {@link Builder#localRanks local ranks}, the {@link Builder#wiring wiring} (job id, shared-memory directory), and a
 * {@link Builder#beforeStart fence} that waits for the other JVMs once this JVM's engines exist.
 *
 * <pre>{@code
 * JobResult result = ColocatedJob.builder()
 *     .np(4).mainClass("Hello").args("a", "b")
 *     .classPath(List.of(Path.of("build/classes")))
 *     .apiPath(ColocatedJob.locateApi(ClassLoader.getSystemClassLoader()).orElseThrow())
 *     .timeout(Duration.ofSeconds(30))
 *     .run();
 * }</pre>
 */
public final class ColocatedJob
{
    /** Exit code of a rank's uncaught exception. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a job that ran past its timeout (as coreutils' {@code timeout}). */
    public static final int EXIT_TIMEOUT = 124;
    /** Where the {@code mpi} API classes are looked for on a class path. */
    public static final String API_RESOURCE = "mpi/MPI.class";

    private final Placement placement;
    private final int[] localRanks;
    private final JobWiring wiring;
    private final Runnable beforeStart;
    private final EndListener onEnd;
    private final String mainClass;
    private final List<String> args;
    private final List<URL> rankClassPath;
    private final ClassLoader parent;
    private final boolean tagOutput;
    private final Duration timeout;
    private final Duration abortGrace;
    private final RuntimeSettings settings;
    /** The execution in progress, or an end ordered before it started; guarded by {@code this}. */
    private Execution running;
    private JobTermination.Cause endBeforeStart;

    private ColocatedJob(final Builder builder)
    {
        this.placement = builder.placement != null ? builder.placement : singleJvm(builder.np);
        if (builder.placement != null && builder.np != 0 && builder.np != placement.size())
        {
            throw new IllegalArgumentException("np=" + builder.np + " but the placement has " + placement.size() + " ranks");
        }
        this.localRanks = builder.localRanks != null ? checkLocal(builder.localRanks, placement) : allRanks(placement.size());
        final boolean spread = localRanks.length < placement.size();
        if (builder.wiring == null && spread)
        {
            throw new IllegalArgumentException("ranks " + Arrays.toString(localRanks) + " of " + placement.size() +
                " run here, the others in other JVMs: give the job's wiring");
        }
        if (builder.wiring != null && builder.wiring.jvm() != placement.jvmOf(localRanks[0]))
        {
            throw new IllegalArgumentException("the wiring is JVM " + builder.wiring.jvm() + "'s, but rank " +
                localRanks[0] + " is placed in JVM " + placement.jvmOf(localRanks[0]));
        }
        this.wiring = builder.wiring != null ? builder.wiring : JobWiring.singleJvm();
        this.beforeStart = builder.beforeStart;
        this.onEnd = builder.onEnd;
        this.mainClass = Objects.requireNonNull(builder.mainClass, "mainClass");
        this.args = List.copyOf(builder.args);
        final List<URL> urls = new ArrayList<>();
        if (builder.apiPath != null)
        {
            urls.add(toUrl(builder.apiPath));
        }
        builder.classPath.forEach(path -> urls.add(toUrl(path)));
        this.rankClassPath = List.copyOf(urls);
        this.parent = builder.parent;
        this.tagOutput = builder.tagOutput;
        this.timeout = builder.timeout;
        this.abortGrace = builder.abortGrace;
        this.settings = builder.settings != null ? builder.settings : RuntimeSettings.ofJvm();
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** Told of the first cause that ends a job early, as it happens (ranks may still be unwinding). */
    @FunctionalInterface
    public interface EndListener
    {
        /**
         * @param rank    the rank that failed or aborted, or -1 (a timeout, an {@link #end} from outside).
         * @param code    the exit code the job ends with.
         * @param message the cause in one line, as {@link JobResult#message()}.
         */
        void ending(int rank, int code, String message);
    }

    private static Placement singleJvm(final int np)
    {
        if (np < 1)
        {
            throw new IllegalArgumentException("np must be at least 1, np=" + np);
        }
        return Placement.singleJvm(np);
    }

    private static int[] allRanks(final int np)
    {
        final int[] ranks = new int[np];
        Arrays.setAll(ranks, r -> r);
        return ranks;
    }

    /** Local ranks must be distinct ranks of the placement, all placed in one JVM. */
    private static int[] checkLocal(final int[] ranks, final Placement placement)
    {
        if (ranks.length == 0)
        {
            throw new IllegalArgumentException("no local ranks");
        }
        final int[] sorted = ranks.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++)
        {
            if (sorted[i] < 0 || sorted[i] >= placement.size())
            {
                throw new IllegalArgumentException("local rank " + sorted[i] + " is not in " + placement);
            }
            if (i > 0 && sorted[i] == sorted[i - 1])
            {
                throw new IllegalArgumentException("local rank " + sorted[i] + " given twice");
            }
            if (!placement.sameJvm(sorted[0], sorted[i]))
            {
                throw new IllegalArgumentException("local ranks " + sorted[0] + " and " + sorted[i] +
                    " are placed in different JVMs: " + placement);
            }
        }
        return sorted;
    }

    /** The world ranks this JVM runs, in increasing order. */
    public int[] localRanks()
    {
        return localRanks.clone();
    }

    /** The world rank of the current run whose {@code main} runs on {@code thread}, or started it, or -1. */
    public int rankOfThread(final Thread thread)
    {
        final Execution execution = current();
        final int local = execution == null ? -1 : execution.localOf(thread);
        return local < 0 ? -1 : localRanks[local];
    }

    /** Whether {@code thread} is of a rank ({@link #rankOfThread}) that completed {@code MPI.Finalize}. */
    public boolean finalizedOn(final Thread thread)
    {
        final Execution execution = current();
        final int local = execution == null ? -1 : execution.localOf(thread);
        return local >= 0 && execution.engines[local].hasFinalized();
    }

    /**
     * Count the ranks of the current run one of whose threads is in {@code System.exit} (stalled there while the JVM
     * shuts down; a process would end there) as ended: as if {@code main} had returned where they completed
     * {@code MPI.Finalize}, else as failed.
     */
    public void settleRanksInExit()
    {
        final Execution execution = current();
        if (execution != null)
        {
            execution.settleRanksInExit();
        }
    }

    private static boolean anyInSystemExit(final ThreadGroup group)
    {
        final Thread[] threads = new Thread[group.activeCount() + 1];
        final int count = group.enumerate(threads, true);
        for (int i = 0; i < count; i++)
        {
            if (inSystemExit(threads[i].getStackTrace()))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether a thread whose stack is {@code stack} is in {@code System.exit}. */
    static boolean inSystemExit(final StackTraceElement[] stack)
    {
        for (final StackTraceElement frame : stack)
        {
            if (frame.getClassName().equals("java.lang.Runtime") && frame.getMethodName().equals("exit"))
            {
                return true;
            }
        }
        return false;
    }

    private synchronized Execution current()
    {
        return running;
    }

    /**
     * End the running job (or the next run, if none is running yet) as an abort from outside would: every rank's
     * MPI calls throw, rank threads are interrupted, and the result carries {@code code} and {@code reason}. Only
     * the first end counts.
     */
    public void end(final int code, final String reason)
    {
        final Execution execution;
        synchronized (this)
        {
            execution = running;
            if (execution == null)
            {
                if (endBeforeStart == null)
                {
                    endBeforeStart = new JobTermination.Cause(-1, code, reason, null);
                }
                return;
            }
        }
        execution.termination.endJob(code, reason);
    }

    /** The class path entry (directory or jar) {@code type} was loaded from. */
    public static Path codeSourceOf(final Class<?> type)
    {
        final CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null)
        {
            throw new IllegalArgumentException(type + " has no code source (a JDK class?)");
        }
        try
        {
            return Path.of(source.getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException(type + " has no code source on the file system: " + source.getLocation(), ex);
        }
    }

    /** The class path entry (directory or jar) holding the {@code mpi} API as {@code loader} sees it, if any. */
    public static Optional<Path> locateApi(final ClassLoader loader)
    {
        final URL resource = loader.getResource(API_RESOURCE);
        if (resource == null)
        {
            return Optional.empty();
        }
        try
        {
            if ("jar".equals(resource.getProtocol()))
            {
                return Optional.of(Path.of(((JarURLConnection)resource.openConnection()).getJarFileURL().toURI()));
            }
            final String url = resource.toString();
            return Optional.of(Path.of(new URI(url.substring(0, url.length() - API_RESOURCE.length()))));
        }
        catch (final IOException | URISyntaxException ex)
        {
            throw new IllegalStateException("cannot turn " + resource + " into a class path entry", ex);
        }
    }

    /**
     * Run the job to its end and report how it ended. Output is cut into whole (tagged, if on) lines for the duration.
     *
     * @throws InterruptedException if the calling thread is interrupted; the job is aborted first.
     */
    public JobResult run() throws InterruptedException
    {
        final Execution execution = new Execution();
        final JobTermination.Cause early;
        synchronized (this)
        {
            running = execution;
            early = endBeforeStart;
            endBeforeStart = null;
        }
        if (early != null)
        {
            execution.termination.endJob(early.code(), early.message());
        }
        try
        {
            return execution.run();
        }
        finally
        {
            synchronized (this)
            {
                running = null;
            }
        }
    }

    private static URL toUrl(final Path path)
    {
        try
        {
            return path.toAbsolutePath().toUri().toURL();
        }
        catch (final MalformedURLException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String seconds(final Duration duration)
    {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The state of one run: created, run and dropped by {@link #run()}. Arrays are indexed by local index. */
    private final class Execution
    {
        private final int count = localRanks.length;
        private final Engine[] engines = new Engine[count];
        private final RankClassLoader[] loaders = new RankClassLoader[count];
        private final RankIdentity[] identities = new RankIdentity[count];
        private final Thread[] threads = new Thread[count];
        /** Each rank's thread and the threads it starts (MPI_THREAD_MULTIPLE helpers), which may use its engine. */
        private final ThreadGroup[] threadGroups = new ThreadGroup[count];
        private final RankOutcome[] outcomes = new RankOutcome[count];
        private final Throwable[] exceptions = new Throwable[count];
        private final JobTermination termination = new JobTermination(this::wakeRanks);
        /** Null unless the rank threads pin themselves to CPUs ({@code colorun --bind-to core}). */
        private final CoreBinding binding = CoreBinding.of(placement);
        private TaggedOutput output;
        private int ended;

        JobResult run() throws InterruptedException
        {
            final JobContext context = new JobContext(placement, termination, settings, wiring);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    final int rank = localRanks[i];
                    engines[i] = new Engine(rank, context);
                    loaders[i] = new RankClassLoader(engines[i], rankClassPath, parent);
                    engines[i].bindClassLoader(loaders[i]);
                    identities[i] = new RankIdentity(rank);
                    final int local = i;
                    threadGroups[i] = new ThreadGroup("rank-" + rank);
                    threads[i] = new Thread(threadGroups[i], () -> runRank(local), "rank-" + rank);
                    threads[i].setDaemon(true);
                    threads[i].setContextClassLoader(loaders[i]);
                }
                // The fence: every engine of this JVM exists (its inbound resources too) before any rank runs.
                if (beforeStart != null && termination.cause() == null)
                {
                    beforeStart.run();
                }
                else if (!wiring.isComplete())
                {
                    // No other JVM to wait for: this JVM's endpoints are the whole table.
                    wiring.complete(wiring.published());
                }
            }
            catch (final RuntimeException | Error ex)
            {
                closeEngines();
                closeLoaders();
                throw ex;
            }
            if (termination.cause() != null)
            {
                // Ended before any rank ran (an abort ordered during wire-up).
                Arrays.fill(outcomes, RankOutcome.UNWOUND);
                closeEngines();
                return result();
            }
            output = TaggedOutput.acquire(tagOutput);
            try
            {
                for (final Thread thread : threads)
                {
                    thread.start();
                }
                awaitRanks();
            }
            catch (final InterruptedException ex)
            {
                termination.endJob(EXIT_FAILURE, "job interrupted");
                throw ex;
            }
            finally
            {
                // Helper threads may have printed after their rank's main returned.
                for (final RankIdentity identity : identities)
                {
                    output.endRank(identity);
                }
                output.release();
            }
            final JobResult result = result();
            closeEngines();
            return result;
        }

        private void awaitRanks() throws InterruptedException
        {
            final long start = System.nanoTime();
            synchronized (this)
            {
                while (ended < count && termination.cause() == null)
                {
                    if (timeout.isZero())
                    {
                        wait();
                        continue;
                    }
                    final long left = timeout.toNanos() - (System.nanoTime() - start);
                    if (left <= 0)
                    {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            if (termination.cause() == null && !allEnded())
            {
                termination.endJob(EXIT_TIMEOUT, "job timed out after " + seconds(timeout));
            }
            final long graceDeadline = System.nanoTime() + abortGrace.toNanos();
            synchronized (this)
            {
                long left;
                while (ended < count && (left = graceDeadline - System.nanoTime()) > 0)
                {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }

        private synchronized boolean allEnded()
        {
            return ended == count;
        }

        private void runRank(final int local)
        {
            identities[local].bindCurrentThread();
            if (binding != null)
            {
                binding.bind(localRanks[local]);
            }
            Throwable thrown = null;
            try
            {
                final Class<?> program = Class.forName(mainClass, true, loaders[local]);
                final Method main = program.getMethod("main", String[].class);
                if (!Modifier.isStatic(main.getModifiers()))
                {
                    throw new NoSuchMethodException(mainClass + ".main(String[]) is not static");
                }
                // The java launcher runs main of a non-public class too.
                main.setAccessible(true);
                main.invoke(null, (Object)args.toArray(new String[0]));
            }
            catch (final InvocationTargetException ex)
            {
                thrown = ex.getCause();
            }
            catch (final Throwable ex)
            {
                thrown = ex;
            }
            finally
            {
                output.endRank(identities[local]);
            }
            rankEnded(local, thrown);
        }

        /** The local index of the rank whose main runs on {@code thread}, or whose thread group holds it, or -1. */
        int localOf(final Thread thread)
        {
            final ThreadGroup group = thread.getThreadGroup();
            for (int i = 0; i < count; i++)
            {
                if (threads[i] == thread || group != null && threadGroups[i].parentOf(group))
                {
                    return i;
                }
            }
            return -1;
        }

        void settleRanksInExit()
        {
            for (int i = 0; i < count; i++)
            {
                final boolean open;
                synchronized (this)
                {
                    open = outcomes[i] == null;
                }
                if (open && anyInSystemExit(threadGroups[i]))
                {
                    output.endRank(identities[i]);
                    rankEnded(i, engines[i].hasFinalized() ? null :
                        new IllegalStateException("System.exit called before MPI.Finalize"));
                }
            }
        }

        private void rankEnded(final int local, final Throwable thrown)
        {
            RankOutcome outcome = RankOutcome.COMPLETED;
            if (thrown == null && engines[local].leftUnfinalized())
            {
                // An abnormal end, as Open MPI and MPICH count it: the others could wait for this rank for ever.
                final boolean jobWasRunning = termination.abortReason() == null;
                termination.returnedUnfinalized(localRanks[local], EXIT_FAILURE);
                outcome = jobWasRunning ? RankOutcome.FAILED : RankOutcome.UNWOUND;
            }
            else if (thrown instanceof JobAbortedException)
            {
                outcome = RankOutcome.UNWOUND;
            }
            else if (thrown != null)
            {
                final boolean jobWasRunning = termination.abortReason() == null;
                termination.abort(localRanks[local], EXIT_FAILURE, thrown);
                outcome = jobWasRunning || termination.cause().failure() == thrown ? RankOutcome.FAILED : RankOutcome.UNWOUND;
            }
            synchronized (this)
            {
                outcomes[local] = outcome;
                exceptions[local] = thrown;
                ended++;
                notifyAll();
            }
        }

        /** Unblock every rank once the job is ending: MPI waits re-check the abort, other waits are interrupted. */
        private void wakeRanks()
        {
            final Thread self = Thread.currentThread();
            for (final Thread thread : threads)
            {
                if (thread != null && thread != self)
                {
                    thread.interrupt();
                }
            }
            for (final Engine engine : engines)
            {
                if (engine != null)
                {
                    engine.doorbell().ring();
                }
            }
            synchronized (this)
            {
                notifyAll();
            }
            final JobTermination.Cause cause = termination.cause();
            if (onEnd != null && cause != null)
            {
                try
                {
                    onEnd.ending(cause.rank(), cause.code(), cause.message());
                }
                catch (final RuntimeException ex)
                {
                    System.err.println("colompi: the job's end listener failed: " + ex);
                }
            }
        }

        private synchronized JobResult result()
        {
            final List<RankReport> reports = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                final List<TransportCount> counts = new ArrayList<>();
                for (final Transport transport : engines[i].transports())
                {
                    counts.add(new TransportCount(transport.name(), transport.stats().messages(), transport.stats().bytes(),
                        transport.stats().refused()));
                }
                final RankOutcome outcome = outcomes[i] != null ? outcomes[i] : RankOutcome.RUNNING;
                reports.add(new RankReport(localRanks[i], outcome, exceptions[i], counts));
                if (outcome != RankOutcome.RUNNING)
                {
                    closeQuietly(loaders[i]);
                }
            }
            final JobTermination.Cause cause = termination.cause();
            return cause == null ?
                new JobResult(0, null, -1, null, reports) :
                new JobResult(cause.code(), cause.message(), cause.rank(), cause.failure(), reports);
        }

        /**
         * Release the transports of every rank that has ended; a rank left running, or whose main has ended while
         * threads it started run on (a job that ended with them inside a call), keeps its engine: unmapping memory
         * under a running thread crashes the JVM. The engine ends with the JVM; the launcher removes its files.
         */
        private synchronized void closeEngines()
        {
            for (int i = 0; i < count; i++)
            {
                final boolean mainAlive = threads[i] != null && threads[i].isAlive();
                final boolean running = mainAlive && outcomes[i] == null ||
                    threadGroups[i] != null && threadGroups[i].activeCount() > (mainAlive ? 1 : 0);
                if (engines[i] != null && !running)
                {
                    try
                    {
                        engines[i].close();
                    }
                    catch (final RuntimeException ex)
                    {
                        System.err.println("colompi: closing the engine of rank " + localRanks[i] + ": " + ex);
                    }
                }
            }
        }

        private void closeLoaders()
        {
            for (final RankClassLoader loader : loaders)
            {
                if (loader != null)
                {
                    closeQuietly(loader);
                }
            }
        }

        private void closeQuietly(final RankClassLoader loader)
        {
            try
            {
                loader.close();
            }
            catch (final IOException ex)
            {
                // Only releases open jar files of a finished rank; the job's result does not depend on it.
                System.err.println("colompi: closing " + loader + ": " + ex);
            }
        }
    }

    /** Describes a job; {@link #np} and {@link #mainClass} are required. */
    public static final class Builder
    {
        private int np;
        private Placement placement;
        private int[] localRanks;
        private JobWiring wiring;
        private Runnable beforeStart;
        private EndListener onEnd;
        private String mainClass;
        private List<String> args = List.of();
        private List<Path> classPath = List.of();
        private Path apiPath;
        private ClassLoader parent = ColocatedJob.class.getClassLoader();
        private boolean tagOutput = true;
        private Duration timeout = Duration.ZERO;
        private Duration abortGrace = Duration.ofSeconds(2);
        private RuntimeSettings settings;

        private Builder()
        {
        }

        /** Number of ranks, all run in this JVM (unless a {@link #placement} and {@link #localRanks} say otherwise). */
        public Builder np(final int np)
        {
            this.np = np;
            return this;
        }

        /**
         * Where every rank of the whole job lives (default: all {@link #np} ranks in this JVM); with a placement,
         * {@code np} may be left out.
         */
        public Builder placement(final Placement placement)
        {
            this.placement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        /** The world ranks this JVM runs, all placed in one JVM (default: every rank of the placement). */
        public Builder localRanks(final int... localRanks)
        {
            this.localRanks = localRanks.clone();
            return this;
        }

        /** How this JVM reaches the others (job id, shared-memory directory, endpoints); default: a lone JVM's. */
        public Builder wiring(final JobWiring wiring)
        {
            this.wiring = Objects.requireNonNull(wiring, "wiring");
            return this;
        }

        /**
         * Run {@code fence} once every local engine is constructed and before any rank thread starts (the wire-up
         * fence of a multi-JVM job). If it throws, the engines are closed and {@link ColocatedJob#run()} throws it;
         * if it ended the job ({@link ColocatedJob#end}), no rank runs.
         */
        public Builder beforeStart(final Runnable fence)
        {
            this.beforeStart = Objects.requireNonNull(fence, "fence");
            return this;
        }

        /**
         * Tell {@code listener} of the first cause that ends the job early, on the thread that ends it, before the
         * ranks have unwound (a launcher uses it to stop the job's other JVMs at once). Must not block.
         */
        public Builder onEnd(final EndListener listener)
        {
            this.onEnd = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Binary name of the class whose {@code public static void main(String[])} every rank runs. */
        public Builder mainClass(final String mainClass)
        {
            this.mainClass = mainClass;
            return this;
        }

        /** Program arguments, given unchanged to every rank (each rank gets its own array). */
        public Builder args(final List<String> args)
        {
            this.args = List.copyOf(args);
            return this;
        }

        public Builder args(final String... args)
        {
            return args(List.of(args));
        }

        /** The program's class path (directories and jars), loaded once per rank. */
        public Builder classPath(final List<Path> classPath)
        {
            this.classPath = List.copyOf(classPath);
            return this;
        }

        /**
         * The directory or jar of the {@code mpi} API, loaded once per rank ahead of the class path; leave unset
         * only for programs that do not use {@code mpi} (see {@link ColocatedJob#locateApi}).
         */
        public Builder apiPath(final Path apiPath)
        {
            this.apiPath = apiPath;
            return this;
        }

        /** The loader of the shared runtime; default: the one that loaded this class. */
        public Builder parent(final ClassLoader parent)
        {
            this.parent = Objects.requireNonNull(parent, "parent");
            return this;
        }

        /** Prefix every line a rank prints with {@code "[rank] "} (default on). */
        public Builder tagOutput(final boolean tagOutput)
        {
            this.tagOutput = tagOutput;
            return this;
        }

        /** End the job with {@link ColocatedJob#EXIT_TIMEOUT} once it has run this long; {@link Duration#ZERO} (default): never. */
        public Builder timeout(final Duration timeout)
        {
            if (timeout.isNegative())
            {
                throw new IllegalArgumentException("timeout must not be negative: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How long ranks get to unwind once the job ends early before the result is returned anyway (default 2 s). */
        public Builder abortGrace(final Duration abortGrace)
        {
            if (abortGrace.isNegative())
            {
                throw new IllegalArgumentException("abortGrace must not be negative: " + abortGrace);
            }
            this.abortGrace = abortGrace;
            return this;
        }

        /** The runtime's settings (how ranks wait, the eager limit, ...); default: {@link RuntimeSettings#ofJvm()}. */
        public Builder settings(final RuntimeSettings settings)
        {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public ColocatedJob build()
        {
            return new ColocatedJob(this);
        }

        /** {@code build().run()}. */
        public JobResult run() throws InterruptedException
        {
            return build().run();
        }
    }
}
