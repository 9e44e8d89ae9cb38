package io.colompi.colo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How the JVMs of a job that another launcher started ({@code srun}, {@code mpirun}, {@code mpiexec}: a
 * {@link LaunchedTask} each) meet. Task 0 makes the job: a random job id and secret, a {@link RendezvousServer} watched by a {@link JobWatch};
 * it publishes where it listens and the secret in the job's card, {@code <dir>/<key>}, mode 0600 in a directory of
 * mode 0700 (written whole, then renamed into place). The other tasks wait for that file (at most the wire-up
 * time), read it and connect as to a launcher. The secret never appears on a command line or in an environment;
 * the file is removed once every JVM has joined (or when task 0 ends). The directory must be one that every node
 * of the job sees (the home directory on a cluster): a property or variable names it, else {@code ~/.colompi/<leaf>}.
 * Each node gets its own shared-memory directory ({@code /dev/shm/colompi-<job>-<node>}), since several Slurm nodes
 * may be one machine.
 */
final class RendezvousFile
{
    private static final long POLL_MS = 50;
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final String property;
    private final String variable;
    private final String leaf;

    /**
     * @param property the system property that names the directory of the cards.
     * @param variable the environment variable that does, if the property is not set.
     * @param leaf     the default directory's name under {@code ~/.colompi}.
     */
    RendezvousFile(final String property, final String variable, final String leaf)
    {
        this.property = property;
        this.variable = variable;
        this.leaf = leaf;
    }

    /** Join {@code task}'s job: task 0 serves it, the others read its card. */
    Bootstrap.Membership join(final LaunchedTask launched, final Map<String, String> env, final int ranksPerJvm)
        throws IOException
    {
        final Path dir = directory(env);
        final int tasks = launched.census();
        final LaunchedTask task = tasks > 0 ? launched.onNodes(NodeCensus.take(dir, launched, tasks)) : launched;
        final JobLayout layout = task.layout(ranksPerJvm);
        final Path file = dir.resolve(task.key());
        if (task.task() == 0)
        {
            final List<Path> files = new ArrayList<>(NodeCensus.notes(dir, task.key(), tasks));
            files.add(file);
            return serve(task, layout, file, files);
        }
        final Card card = await(file, task);
        return Bootstrap.Membership.launched(wiring(card.jobId(), card.secret(), task, layout, card.rendezvous()), true);
    }

    /** Task 0: make the job, serve its rendezvous, and publish the card; {@code files} go once all have joined. */
    private static Bootstrap.Membership serve(final LaunchedTask step, final JobLayout layout, final Path file,
        final List<Path> files) throws IOException
    {
        final long jobId = RendezvousProtocol.newJobId();
        final byte[] secret = RendezvousProtocol.newSecret();
        final JobWatch watch = new JobWatch(layout, step.nodes(), files);
        // other nodes reach task 0 at its candidate addresses; it listens there and on loopback, nowhere else
        final List<InetAddress> addresses = step.nodes().size() > 1 ? LauncherAddresses.candidates() : List.of();
        final RendezvousServer server = RendezvousServer.startForNodes(jobId, secret, layout.jvmCount(), watch, addresses);
        watch.watch(server);
        try
        {
            final List<InetSocketAddress> rendezvous = new ArrayList<>();
            for (final InetAddress address : addresses)
            {
                rendezvous.add(server.addressAt(address));
            }
            rendezvous.add(server.loopbackAddress());
            writePrivately(file, new Card(step.instance(), jobId, secret, rendezvous).encode());
            return new Bootstrap.Membership(wiring(jobId, secret, step, layout, rendezvous), true, watch);
        }
        catch (final IOException | RuntimeException ex)
        {
            watch.close();
            throw ex;
        }
    }

    private static HostEnvironment wiring(
        final long jobId, final byte[] secret, final LaunchedTask step, final JobLayout layout,
        final List<InetSocketAddress> rendezvous)
    {
        final Path parent = Files.isDirectory(JobDirectory.SHM) && Files.isWritable(JobDirectory.SHM) ?
            JobDirectory.SHM : Path.of(System.getProperty("java.io.tmpdir"));
        // Several Slurm nodes may be one machine: each has its own directory.
        final Path nodeDirectory = parent.resolve(JobDirectory.name(jobId) + "-" +
            step.nodeName().replaceAll("[^A-Za-z0-9_.-]", "_"));
        return new HostEnvironment(jobId, secret, nodeDirectory, step.task(), layout, rendezvous);
    }

    /** The directory of the cards, created (mode 0700) if needed. */
    Path directory(final Map<String, String> env) throws IOException
    {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank())
        {
            configured = env.get(variable);
        }
        final Path dir = configured != null && !configured.isBlank() ? Path.of(configured) :
            Path.of(System.getProperty("user.home"), ".colompi", leaf);
        try
        {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
        catch (final FileAlreadyExistsException ex)
        {
            // Made by an earlier job or another task; checked below.
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IOException("the rendezvous directory " + dir + " is not a directory");
        }
        return dir;
    }

    /** Write {@code text} to a private temporary file, then rename it into place: a reader sees all or nothing. */
    static void writePrivately(final Path file, final String text) throws IOException
    {
        final Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try
        {
            Files.writeString(temporary, text);
            try
            {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Wait until task 0 has published this job's card: a file left by an earlier job with the same key (another
     * {@code srun}, {@code mpirun}, {@code mpiexec}) is not it. Fails after the wire-up time, or on a file others could read.
     */
    private Card await(final Path file, final LaunchedTask step) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RunningJob.WIRE_UP_TIMEOUT_MS);
        while (true)
        {
            try
            {
                final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                if (!OWNER_ONLY_FILE.containsAll(mode))
                {
                    throw new IOException("the rendezvous file " + file + " is readable by others (" +
                        PosixFilePermissions.toString(mode) + "): refusing its secret");
                }
                final Card card = Card.decode(Files.readString(file));
                if (step.instance().equals(card.instance()))
                {
                    return card;
                }
            }
            catch (final NoSuchFileException ex)
            {
                // Not yet written.
            }
            catch (final IllegalArgumentException ex)
            {
                // Not this job's: left over and garbled; task 0 replaces it.
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IOException("task 0 of " + step.describe() + " did not publish its rendezvous in " + file +
                    " within " + RunningJob.WIRE_UP_TIMEOUT_MS / 1000 + " s (does every node see that directory? set " +
                    variable + " to one they share)");
            }
            try
            {
                Thread.sleep(POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the rendezvous file " + file, ex);
            }
        }
    }

    /** What task 0 publishes: {@code KEY=VALUE} lines; {@code instance} tells the launch apart from earlier ones. */
    record Card(String instance, long jobId, byte[] secret, List<InetSocketAddress> rendezvous)
    {
        String encode()
        {
            return "instance=" + instance + "\njob=" + String.format(Locale.ROOT, "%016x", jobId) + "\nsecret=" +
                RendezvousProtocol.hex(secret) + "\nrendezvous=" + HostEnvironment.formatAddresses(rendezvous) + "\n";
        }

        /** @throws IllegalArgumentException if {@code text} is not a card. */
        static Card decode(final String text)
        {
            final Map<String, String> values = new LinkedHashMap<>();
            for (final String line : text.split("\n"))
            {
                final int equals = line.indexOf('=');
                if (equals > 0)
                {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            try
            {
                return new Card(values.get("instance"), Long.parseUnsignedLong(values.get("job"), 16),
                    RendezvousProtocol.unhex(values.get("secret")), HostEnvironment.parseAddresses(values.get("rendezvous")));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("not a colompi rendezvous file: " + ex.getMessage(), ex);
            }
        }
    }
}
