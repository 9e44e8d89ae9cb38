package io.colompi.colo.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-in hosts for tests: network namespaces, each with {@code lo} up and an {@code eth0} on one bridge, which
 * this (the root) namespace joins too, so a launcher running here reaches every host and they reach it. The hosts'
 * file systems are this machine's (so {@code /dev/shm} and the class path are shared); their network is their own.
 * Start JVMs on them with the launch agent {@value #LAUNCH_AGENT}.
 * <pre>{@code
 * try (TestHosts hosts = TestHosts.create(3))          // skips the test where namespaces cannot be made
 * {
 *     Path hostfile = hosts.hostfile(dir, 4);          // "<host> slots=4" per host
 *     ... JobLauncher.builder().hostfile(hostfile).launchAgent(TestHosts.LAUNCH_AGENT) ...
 * }                                                    // namespaces, veths and bridge removed
 * }</pre>
 * Names and subnet are unique per fixture ({@code colompi<pid>-<n>-h<i>}, bridge {@code cmb<pid>-<n>}, a random
 * {@code 10.x.y.0/24} not in use), so concurrent runs do not clash; a fixture's namespaces and bridge are removed by
 * {@link #close()}, also when {@link #create} fails half-way, and those of test JVMs that died without closing theirs
 * are removed by the next {@link #create}. Needs root (or {@code CAP_SYS_ADMIN}) and iproute2: where
 * {@code ip netns add} is not permitted, {@link #create} aborts the test (JUnit assumption) saying why.
 */
public final class TestHosts implements AutoCloseable
{
    /** The launch agent that starts a command on one of these hosts. */
    public static final String LAUNCH_AGENT = "ip netns exec {host}";

    private static final long COMMAND_TIMEOUT_MS = 15_000;
    private static final long INSTALL_TIMEOUT_MS = 180_000;
    private static final String LOSS_TABLE = "colompi_loss";
    private static final Pattern OUR_NAMESPACE = Pattern.compile("colompi(\\d+)-\\w+-h\\d+");
    private static final Pattern OUR_BRIDGE = Pattern.compile("cmb(\\d+)-\\w+");
    private static final AtomicInteger FIXTURES = new AtomicInteger();

    private final String bridge;
    private final String veth;
    private final String namePrefix;
    private final String subnet;
    private final int count;
    private final List<String> names = new ArrayList<>();
    private boolean bridgeCreated;

    private TestHosts(final String id, final String subnet, final int count)
    {
        final long pid = ProcessHandle.current().pid();
        this.bridge = "cmb" + pid + "-" + id;
        this.veth = "cmv" + pid + "-" + id;
        this.namePrefix = "colompi" + pid + "-" + id + "-h";
        this.subnet = subnet;
        this.count = count;
    }

    /**
     * {@code count} (1 .. 9) hosts, ready. Aborts the calling test (an assumption) where network namespaces cannot
     * be created here; fails, having removed what it made, on any other error.
     */
    public static TestHosts create(final int count) throws IOException, InterruptedException
    {
        return create(count, Integer.toString(FIXTURES.getAndIncrement(), Character.MAX_RADIX));
    }

    /** {@link #create(int)} with the fixture's id (its names' middle part) given. */
    static TestHosts create(final int count, final String id) throws IOException, InterruptedException
    {
        if (count < 1 || count > 9)
        {
            throw new IllegalArgumentException("1 .. 9 hosts, got " + count);
        }
        assumeNamespacesArePermitted();
        removeThoseOfDeadTestJvms();
        final TestHosts hosts = new TestHosts(id, unusedSubnet(), count);
        try
        {
            hosts.setUp();
            return hosts;
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            hosts.close();
            throw ex;
        }
    }

    private void setUp() throws IOException, InterruptedException
    {
        ip("link", "add", bridge, "type", "bridge");
        bridgeCreated = true;
        ip("link", "set", bridge, "up");
        ip("addr", "add", launcherAddress() + "/24", "dev", bridge);
        for (int host = 0; host < count; host++)
        {
            final String name = namePrefix + host;
            ip("netns", "add", name);
            names.add(name);
            ip("link", "add", veth + host, "type", "veth", "peer", "name", "eth0", "netns", name);
            ip("link", "set", veth + host, "master", bridge, "up");
            ip("-n", name, "addr", "add", address(host) + "/24", "dev", "eth0");
            ip("-n", name, "link", "set", "eth0", "up");
            ip("-n", name, "link", "set", "lo", "up");
        }
    }

    /** The hosts' names: their namespaces, what a host file and the launch agent name them by. */
    public List<String> names()
    {
        return List.copyOf(names);
    }

    public String name(final int host)
    {
        return names.get(host);
    }

    /** The address of {@code host}'s {@code eth0}. */
    public String address(final int host)
    {
        return subnet + (host + 1);
    }

    /** This namespace's address on the bridge: where the hosts reach a launcher running here. */
    public String launcherAddress()
    {
        return subnet + "254";
    }

    /** Write a host file listing every host with {@code slots} slots ({@code <name> slots=N}) to {@code file}. */
    public Path hostfile(final Path file, final int slots) throws IOException
    {
        final StringBuilder lines = new StringBuilder("# colompi test hosts (network namespaces)\n");
        for (final String name : names)
        {
            lines.append(name).append(" slots=").append(slots).append('\n');
        }
        return Files.writeString(file, lines);
    }

    /** The processes running in {@code host}'s namespace. */
    public List<Long> pids(final int host) throws IOException, InterruptedException
    {
        final List<Long> pids = new ArrayList<>();
        for (final String line : ip("netns", "pids", name(host)).split("\n"))
        {
            if (!line.isBlank())
            {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /** SIGKILL every process in {@code host}'s namespace: the host disappears. Returns how many there were. */
    public int killAll(final int host) throws IOException, InterruptedException
    {
        final List<Long> pids = pids(host);
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        return pids.size();
    }

    /**
     * Drop {@code percent} % of the packets each host receives from the other hosts (not from the launcher), with an
     * nftables {@code numgen random} rule on each host's input hook, until the returned handle is closed. Installs
     * nftables (apt) as root where {@code nft} is missing; aborts the test (an assumption) if that is not possible.
     */
    public AutoCloseable dropBetweenHosts(final int percent) throws IOException, InterruptedException
    {
        if (percent < 1 || percent > 100)
        {
            throw new IllegalArgumentException("percent must be 1 .. 100, got " + percent);
        }
        assumeNftables();
        final String rules = String.join("\n",
            "table inet " + LOSS_TABLE + " {",
            "  chain in {",
            "    type filter hook input priority 0; policy accept;",
            "    ip saddr " + subnet + "0/24 ip saddr != " + launcherAddress() + " numgen random mod 100 < " + percent + " drop",
            "  }",
            "}", "");
        for (final String name : names)
        {
            run(List.of("ip", "netns", "exec", name, "nft", "-f", "-"), rules, COMMAND_TIMEOUT_MS);
        }
        return () ->
        {
            for (final String name : names)
            {
                run(List.of("ip", "netns", "exec", name, "nft", "delete", "table", "inet", LOSS_TABLE), "", COMMAND_TIMEOUT_MS);
            }
        };
    }

    /**
     * Cut {@code host} off the network, its {@code eth0} down (its processes run on, their connections stay open
     * but carry nothing), until the returned handle is closed.
     */
    public AutoCloseable cut(final int host) throws IOException, InterruptedException
    {
        ip("-n", name(host), "link", "set", "eth0", "down");
        return () -> ip("-n", name(host), "link", "set", "eth0", "up");
    }

    /** Remove the hosts: kill what still runs in them, delete the namespaces (and their veths) and the bridge. */
    @Override
    public void close() throws IOException, InterruptedException
    {
        final List<String> failures = new ArrayList<>();
        for (int host = 0; host < names.size(); host++)
        {
            final String name = names.get(host);
            try
            {
                // The veth first, and at once: a namespace's deletion frees its end (hence ours) later, in the kernel.
                run(List.of("ip", "link", "del", veth + host), "", COMMAND_TIMEOUT_MS, false);
                for (final String line : ip("netns", "pids", name).split("\n"))
                {
                    if (!line.isBlank())
                    {
                        ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                ip("netns", "del", name);
            }
            catch (final IOException ex)
            {
                failures.add(ex.getMessage());
            }
        }
        names.clear();
        if (bridgeCreated)
        {
            try
            {
                ip("link", "del", bridge);
                bridgeCreated = false;
            }
            catch (final IOException ex)
            {
                failures.add(ex.getMessage());
            }
        }
        if (!failures.isEmpty())
        {
            throw new IOException("could not remove every test host: " + String.join("; ", failures));
        }
    }

    @Override
    public String toString()
    {
        return "TestHosts" + names + " on " + subnet + "0/24 via " + bridge;
    }

    /** Abort the test unless {@code ip netns add} works here (root, iproute2). */
    static void assumeNamespacesArePermitted() throws IOException, InterruptedException
    {
        final String probe = "colompi" + ProcessHandle.current().pid() + "-probe-h0";
        final Result added;
        try
        {
            added = run(List.of("ip", "netns", "add", probe), "", COMMAND_TIMEOUT_MS, false);
        }
        catch (final IOException ex)
        {
            Assumptions.abort("network namespaces unavailable: cannot run 'ip' (iproute2 not installed?): " + ex.getMessage());
            return;
        }
        if (added.status() != 0)
        {
            Assumptions.abort("network namespaces unavailable: 'ip netns add' is not permitted here (needs root): " +
                added.output().strip());
        }
        ip("netns", "del", probe);
    }

    /** Namespaces and bridges named after a test JVM that is gone (it was killed before closing its fixture). */
    private static void removeThoseOfDeadTestJvms() throws IOException, InterruptedException
    {
        for (final String line : ip("netns", "list").split("\n"))
        {
            final Matcher ours = OUR_NAMESPACE.matcher(line.trim().split(" ")[0]);
            if (ours.matches() && isGone(ours.group(1)))
            {
                run(List.of("ip", "netns", "del", ours.group(0)), "", COMMAND_TIMEOUT_MS, false);
            }
        }
        for (final String line : ip("-o", "link", "show", "type", "bridge").split("\n"))
        {
            final String[] fields = line.split(":\\s+");
            if (fields.length > 1)
            {
                final Matcher ours = OUR_BRIDGE.matcher(fields[1].split("@")[0]);
                if (ours.matches() && isGone(ours.group(1)))
                {
                    run(List.of("ip", "link", "del", ours.group(0)), "", COMMAND_TIMEOUT_MS, false);
                }
            }
        }
    }

    private static boolean isGone(final String pid)
    {
        return ProcessHandle.of(Long.parseLong(pid)).map(process -> !process.isAlive()).orElse(true);
    }

    /** {@code 10.x.y.} for a random /24 that no interface or route here uses. */
    private static String unusedSubnet() throws IOException, InterruptedException
    {
        final String inUse = (" " + ip("-4", "-o", "addr", "show") + " " + ip("-4", "route", "show")).replace('\n', ' ');
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final String subnet = String.format(Locale.ROOT, "10.%d.%d.",
                ThreadLocalRandom.current().nextInt(100, 250), ThreadLocalRandom.current().nextInt(0, 256));
            if (!inUse.contains(" " + subnet))
            {
                return subnet;
            }
        }
        throw new IOException("no free 10.x.y.0/24 subnet for test hosts");
    }

    /** Make sure {@code nft} runs: install nftables as root if it is missing; abort the test if that fails. */
    private static synchronized void assumeNftables() throws IOException, InterruptedException
    {
        if (commandRuns("nft", "--version"))
        {
            return;
        }
        final boolean root = "0".equals(run(List.of("id", "-u"), "", COMMAND_TIMEOUT_MS).strip());
        Assumptions.assumeTrue(root, "nftables (nft) is not installed and installing it needs root");
        final List<String> install = List.of("env", "DEBIAN_FRONTEND=noninteractive",
            "apt-get", "install", "-y", "--no-install-recommends", "nftables");
        final Result installed = run(install, "", INSTALL_TIMEOUT_MS, false);
        Assumptions.assumeTrue(installed.status() == 0 && commandRuns("nft", "--version"),
            () -> "nftables (nft) is not installed and 'apt-get install nftables' failed: " + tail(installed.output()));
    }

    private static boolean commandRuns(final String... command) throws InterruptedException
    {
        try
        {
            return run(List.of(command), "", COMMAND_TIMEOUT_MS, false).status() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String ip(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        return run(command, "", COMMAND_TIMEOUT_MS);
    }

    /** Run {@code command} with {@code input} on its stdin; its output, or an IOException saying how it failed. */
    private static String run(final List<String> command, final String input, final long timeoutMs)
        throws IOException, InterruptedException
    {
        final Result result = run(command, input, timeoutMs, true);
        return result.output();
    }

    private record Result(int status, String output)
    {
    }

    private static Result run(final List<String> command, final String input, final long timeoutMs, final boolean check)
        throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream())
        {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        final byte[][] output = new byte[1][];
        final Thread reader = new Thread(() ->
        {
            try (InputStream out = process.getInputStream())
            {
                output[0] = out.readAllBytes();
            }
            catch (final IOException ex)
            {
                output[0] = new byte[0];
            }
        }, "test-hosts-output");
        reader.start();
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly().waitFor();
            reader.join();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeoutMs + " ms");
        }
        reader.join();
        final String text = new String(output[0], StandardCharsets.UTF_8);
        if (check && process.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue() + ": " +
                tail(text));
        }
        return new Result(process.exitValue(), text);
    }

    private static String tail(final String output)
    {
        final String stripped = output.strip();
        return stripped.length() > 500 ? "..." + stripped.substring(stripped.length() - 500) : stripped;
    }
}
