package io.colompi.distribution;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Slurm cluster of three nodes {@code n1..n3} on this machine, for the tests of a class: its own {@code munged}
 * (own socket), {@code slurmctld} and three {@code slurmd -N nX} on free ports, everything under a temporary
 * directory, started before the class's tests and stopped (with every job) after them. Without Slurm and munge
 * installed, or when not root, the tests are skipped with a message that says so ({@code .ci/run} installs them).
 * Clients get the cluster through {@link #env()} ({@code SLURM_CONF}).
 */
final class SlurmCluster implements BeforeAllCallback, AfterAllCallback
{
    static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Path dir;
    private final List<Path> pidFiles = new ArrayList<>();
    private Map<String, String> env = Map.of();

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception
    {
        final Optional<String> missing = Stream.of("srun", "sbatch", "salloc", "scancel", "sinfo", "squeue", "slurmctld",
            "slurmd", "munged", "munge").filter(program -> which(program).isEmpty()).findFirst();
        assumeTrue(missing.isEmpty(), () -> "Slurm is not installed (no " + missing.orElseThrow() + "): skipping the tests " +
            "under Slurm; 'apt-get install slurm-wlm munge' (as .ci/run does) runs them");
        assumeTrue("root".equals(System.getProperty("user.name")),
            "the test Slurm cluster runs its daemons as root: skipping the tests under Slurm");
        assumeTrue(Files.isReadable(Path.of("/etc/munge/munge.key")), "no /etc/munge/munge.key: skipping the tests under Slurm");
        dir = Files.createTempDirectory("colompi-slurm");
        try
        {
            start();
        }
        catch (final Exception | AssertionError ex)
        {
            stop();
            throw ex;
        }
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception
    {
        stop();
    }

    /** What a client of this cluster needs in its environment. */
    Map<String, String> env()
    {
        return env;
    }

    Path dir()
    {
        return dir;
    }

    private void start() throws IOException, InterruptedException
    {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path munge = Files.createDirectories(dir.resolve("munge"));
        for (final String sub : List.of("state", "log", "spool/n1", "spool/n2", "spool/n3"))
        {
            Files.createDirectories(dir.resolve(sub));
        }
        run(List.of("chown", "munge:munge", munge.toString()));
        final Path socket = munge.resolve("munge.socket");
        run(List.of("runuser", "-u", "munge", "--", which("munged").orElseThrow(), "--socket=" + socket,
            "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + munge.resolve("munged.log"),
            "--seed-file=" + munge.resolve("seed")));
        pidFiles.add(munge.resolve("munged.pid"));
        final int[] ports = freePorts();
        final Path conf = dir.resolve("slurm.conf");
        Files.writeString(conf, String.join("\n",
            "ClusterName=colompi",
            "SlurmctldHost=localhost",
            "SlurmctldPort=" + ports[0],
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            "AuthInfo=socket=" + socket,
            "StateSaveLocation=" + dir.resolve("state"),
            "SlurmdSpoolDir=" + dir.resolve("spool") + "/%n",
            "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
            "SlurmdPidFile=" + dir.resolve("slurmd.%n.pid"),
            "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
            "SlurmdLogFile=" + dir.resolve("log/slurmd.%n.log"),
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "SchedulerType=sched/backfill",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "MpiDefault=none",
            "ReturnToService=2",
            "SlurmctldTimeout=30",
            "SlurmdTimeout=30",
            "InactiveLimit=0",
            "KillWait=5",
            "MinJobAge=5",
            "NodeName=n[1-3] NodeHostname=localhost NodeAddr=127.0.0.1 Port=[" + ports[1] + "-" + (ports[1] + 2) + "] " +
                "CPUs=2 RealMemory=1000 State=UNKNOWN",
            "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES",
            ""));
        final Map<String, String> clients = new HashMap<>();
        clients.put("SLURM_CONF", conf.toString());
        // The rendezvous files of colojava's steps, in the cluster's directory rather than ~/.colompi.
        clients.put("COLOMPI_SLURM_DIR", dir.resolve("rendezvous").toString());
        env = Map.copyOf(clients);
        run(List.of(which("slurmctld").orElseThrow(), "-f", conf.toString()));
        pidFiles.add(dir.resolve("slurmctld.pid"));
        for (final String node : NODES)
        {
            run(List.of(which("slurmd").orElseThrow(), "-f", conf.toString(), "-N", node));
            pidFiles.add(dir.resolve("slurmd." + node + ".pid"));
        }
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true)
        {
            final Shell.Result sinfo = Shell.run(List.of("sinfo", "-h", "-N", "-o", "%N %T"), env, dir, Duration.ofSeconds(30));
            if (sinfo.exitCode() == 0 && sinfo.stdout().lines().filter(line -> line.endsWith(" idle")).count() == NODES.size())
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the test Slurm cluster did not come up within " + START_TIMEOUT.toSeconds() +
                    " s: " + sinfo + "\n" + log("slurmctld.log"));
            }
            Thread.sleep(200);
        }
    }

    /** The last lines of one of the cluster's logs, for a failure message. */
    String log(final String name)
    {
        try
        {
            final List<String> lines = Files.readAllLines(dir.resolve("log").resolve(name));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no " + name + ": " + ex.getMessage() + ")";
        }
    }

    /** Cancel every job, stop the daemons (TERM, then KILL), remove the directory. */
    private void stop() throws IOException, InterruptedException
    {
        if (dir == null)
        {
            return;
        }
        if (!env.isEmpty())
        {
            Shell.run(List.of("scancel", "--full", "--user=root"), env, dir, Duration.ofSeconds(30));
        }
        final List<ProcessHandle> daemons = new ArrayList<>();
        for (final Path pidFile : pidFiles)
        {
            try
            {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(daemons::add);
            }
            catch (final IOException | NumberFormatException ex)
            {
                // Never started, or already gone.
            }
        }
        daemons.forEach(ProcessHandle::destroy);
        for (final ProcessHandle daemon : daemons)
        {
            try
            {
                daemon.onExit().get(10, TimeUnit.SECONDS);
            }
            catch (final Exception ex)
            {
                daemon.destroyForcibly();
            }
        }
        Shell.run(List.of("rm", "-rf", dir.toString()), Map.of(), Path.of("/"), Duration.ofSeconds(60));
        dir = null;
    }

    private void run(final List<String> command) throws IOException, InterruptedException
    {
        final Shell.Result result = Shell.run(command, env, dir, Duration.ofSeconds(30));
        if (result.exitCode() != 0)
        {
            throw new IllegalStateException("starting the test Slurm cluster: " + String.join(" ", command) + " failed: " + result);
        }
    }

    /** A port for slurmctld and the first of three consecutive ones for the slurmd daemons. */
    private static int[] freePorts() throws IOException
    {
        while (true)
        {
            try (ServerSocket controller = new ServerSocket(0); ServerSocket first = new ServerSocket(0))
            {
                final int base = first.getLocalPort();
                if (base + 2 > 65535 || !free(base + 1) || !free(base + 2))
                {
                    continue;
                }
                return new int[]{ controller.getLocalPort(), base };
            }
        }
    }

    private static boolean free(final int port)
    {
        try (ServerSocket probe = new ServerSocket(port))
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    static Optional<String> which(final String program)
    {
        for (final String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin").split(":"))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate))
            {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
