package io.colompi.colo;

import io.colompi.core.job.JobAbortedException;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.transport.JobContext;
import io.colompi.core.transport.Placement;
import io.colompi.core.transport.Transport;
import io.colompi.core.wait.WaitPolicy;

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
    /** System property of the in-JVM eager limit, in bytes. */
    public static final String EAGER_LIMIT_PROPERTY = "colompi.eagerLimit";
    public static final int DEFAULT_EAGER_LIMIT = 16384;
    /** Where the {@code mpi} API classes are looked for on a class path. */
    public static final String API_RESOURCE = "mpi/MPI.class";

    private final int np;
    private final String mainClass;
    private final List<String> args;
    private final List<URL> rankClassPath;
    private final ClassLoader parent;
    private final boolean tagOutput;
    private final Duration timeout;
    private final Duration abortGrace;
    private final WaitPolicy waitPolicy;
    private final int eagerLimit;

    private ColocatedJob(final Builder builder)
    {
        if (builder.np < 1)
        {
            throw new IllegalArgumentException("np must be at least 1, np=" + builder.np);
        }
        this.np = builder.np;
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
        this.waitPolicy = builder.waitPolicy != null ? builder.waitPolicy : WaitPolicy.fromSystemProperties();
        this.eagerLimit = builder.eagerLimit;
    }

    public static Builder builder()
    {
        return new Builder();
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
        return new Execution().run();
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

    /** The state of one run: created, run and dropped by {@link #run()}. */
    private final class Execution
    {
        private final Engine[] engines = new Engine[np];
        private final RankClassLoader[] loaders = new RankClassLoader[np];
        private final RankIdentity[] identities = new RankIdentity[np];
        private final Thread[] threads = new Thread[np];
        private final RankOutcome[] outcomes = new RankOutcome[np];
        private final Throwable[] exceptions = new Throwable[np];
        private final JobTermination termination = new JobTermination(this::wakeRanks);
        private TaggedOutput output;
        private int ended;

        JobResult run() throws InterruptedException
        {
            final JobContext context = new JobContext(Placement.singleJvm(np), termination, waitPolicy, eagerLimit);
            for (int r = 0; r < np; r++)
            {
                engines[r] = new Engine(r, context);
                loaders[r] = new RankClassLoader(engines[r], rankClassPath, parent);
                engines[r].bindClassLoader(loaders[r]);
                identities[r] = new RankIdentity(r);
                final int rank = r;
                threads[r] = new Thread(() -> runRank(rank), "rank-" + r);
                threads[r].setDaemon(true);
                threads[r].setContextClassLoader(loaders[r]);
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
            return result();
        }

        private void awaitRanks() throws InterruptedException
        {
            final long start = System.nanoTime();
            synchronized (this)
            {
                while (ended < np && termination.cause() == null)
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
                while (ended < np && (left = graceDeadline - System.nanoTime()) > 0)
                {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }

        private synchronized boolean allEnded()
        {
            return ended == np;
        }

        private void runRank(final int rank)
        {
            identities[rank].bindCurrentThread();
            Throwable thrown = null;
            try
            {
                final Class<?> program = Class.forName(mainClass, true, loaders[rank]);
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
                output.endRank(identities[rank]);
            }
            rankEnded(rank, thrown);
        }

        private void rankEnded(final int rank, final Throwable thrown)
        {
            RankOutcome outcome = RankOutcome.COMPLETED;
            if (thrown instanceof JobAbortedException)
            {
                outcome = RankOutcome.UNWOUND;
            }
            else if (thrown != null)
            {
                final boolean jobWasRunning = termination.abortReason() == null;
                termination.abort(rank, EXIT_FAILURE, thrown);
                outcome = jobWasRunning || termination.cause().failure() == thrown ? RankOutcome.FAILED : RankOutcome.UNWOUND;
            }
            synchronized (this)
            {
                outcomes[rank] = outcome;
                exceptions[rank] = thrown;
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
                if (thread != self)
                {
                    thread.interrupt();
                }
            }
            for (final Engine engine : engines)
            {
                engine.doorbell().ring();
            }
            synchronized (this)
            {
                notifyAll();
            }
        }

        private synchronized JobResult result()
        {
            final List<RankReport> reports = new ArrayList<>(np);
            for (int r = 0; r < np; r++)
            {
                final List<TransportCount> counts = new ArrayList<>();
                for (final Transport transport : engines[r].transports())
                {
                    counts.add(new TransportCount(transport.name(), transport.stats().messages(), transport.stats().bytes()));
                }
                final RankOutcome outcome = outcomes[r] != null ? outcomes[r] : RankOutcome.RUNNING;
                reports.add(new RankReport(r, outcome, exceptions[r], counts));
                if (outcome != RankOutcome.RUNNING)
                {
                    closeQuietly(loaders[r]);
                }
            }
            final JobTermination.Cause cause = termination.cause();
            return cause == null ?
                new JobResult(0, null, -1, null, reports) :
                new JobResult(cause.code(), cause.message(), cause.rank(), cause.failure(), reports);
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
        private String mainClass;
        private List<String> args = List.of();
        private List<Path> classPath = List.of();
        private Path apiPath;
        private ClassLoader parent = ColocatedJob.class.getClassLoader();
        private boolean tagOutput = true;
        private Duration timeout = Duration.ZERO;
        private Duration abortGrace = Duration.ofSeconds(2);
        private WaitPolicy waitPolicy;
        private int eagerLimit = Integer.getInteger(EAGER_LIMIT_PROPERTY, DEFAULT_EAGER_LIMIT);

        private Builder()
        {
        }

        /** Number of ranks, all run in this JVM. */
        public Builder np(final int np)
        {
            this.np = np;
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

        /** How blocked ranks wait; default: {@link WaitPolicy#fromSystemProperties()}. */
        public Builder waitPolicy(final WaitPolicy waitPolicy)
        {
            this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
            return this;
        }

        /** Largest in-JVM message sent eagerly, in bytes; default: property {@value ColocatedJob#EAGER_LIMIT_PROPERTY} or 16384. */
        public Builder eagerLimit(final int eagerLimit)
        {
            this.eagerLimit = eagerLimit;
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
