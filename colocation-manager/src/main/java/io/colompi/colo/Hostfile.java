package io.colompi.colo;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A host file ({@code colorun --hostfile}, {@code mpjrun.sh -machinesfile}): one host per line, by name or address,
 * with its slots in Open MPI's syntax ({@code node1 slots=4}, {@code max_slots=N} accepted and ignored) or MPICH's
 * ({@code node1:4}); a host alone has 1 slot (an MPJ Express machines file). {@code #} starts a comment; blank lines
 * are skipped. A host listed twice gets the sum of its slots, at its first place (as in Open MPI).
 */
final class Hostfile
{
    private static final String SLOTS = "slots=";
    private static final String MAX_SLOTS = "max_slots=";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private Hostfile()
    {
    }

    /**
     * The hosts of {@code file}, in file order.
     *
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException if it is malformed or lists no host; the message names file and line.
     */
    static List<HostSlots> read(final Path file) throws IOException
    {
        return parse(file.toString(), Files.readAllLines(file));
    }

    /** The hosts of {@code lines}; {@code source} names them in errors ({@code source:line: ...}). */
    static List<HostSlots> parse(final String source, final List<String> lines)
    {
        final Map<String, Integer> slotsOfHost = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String where = source + ":" + (i + 1) + ": ";
            String line = lines.get(i);
            final int comment = line.indexOf('#');
            if (comment >= 0)
            {
                line = line.substring(0, comment);
            }
            final String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty())
            {
                continue;
            }
            final HostSlots host = parseLine(where, words);
            slotsOfHost.merge(host.host(), host.slots(), Integer::sum);
        }
        if (slotsOfHost.isEmpty())
        {
            throw new IllegalArgumentException(source + " lists no host");
        }
        final List<HostSlots> hosts = new ArrayList<>(slotsOfHost.size());
        slotsOfHost.forEach((host, slots) -> hosts.add(new HostSlots(host, slots)));
        return hosts;
    }

    private static HostSlots parseLine(final String where, final String[] words)
    {
        String host = words[0];
        Integer slots = null;
        final int colon = host.lastIndexOf(':');
        // host:N (MPICH); an IPv6 address has several colons, and takes slots only in brackets: [::1]:4.
        if (colon >= 0 && (host.indexOf(':') == colon || host.startsWith("[")))
        {
            slots = parseSlots(where, host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty())
        {
            throw new IllegalArgumentException(where + "no host name before ':'");
        }
        if (!isHost(host))
        {
            throw new IllegalArgumentException(where + "'" + words[0] + "' is neither a host name nor an IP address " +
                "(an IPv6 address takes slots only in brackets: [::1]:4)");
        }
        for (int w = 1; w < words.length; w++)
        {
            final String word = words[w];
            if (word.startsWith(SLOTS) && slots == null)
            {
                slots = parseSlots(where, word.substring(SLOTS.length()));
            }
            else if (word.startsWith(SLOTS))
            {
                throw new IllegalArgumentException(where + "slots of " + host + " given twice");
            }
            else if (word.startsWith(MAX_SLOTS))
            {
                parseSlots(where, word.substring(MAX_SLOTS.length()));
            }
            else
            {
                throw new IllegalArgumentException(where + "unexpected '" + word + "' after host " + host +
                    " (expected 'host', 'host slots=N' or 'host:N')");
            }
        }
        return new HostSlots(host, slots == null ? 1 : slots);
    }

    /**
     * A host name (letters, digits, '.', '-', '_', not starting with '-', so never an option of the launch agent)
     * or an IP address literal (IPv6 ones parsed as such, never looked up).
     */
    private static boolean isHost(final String host)
    {
        if (host.indexOf(':') < 0)
        {
            return HOST_NAME.matcher(host).matches();
        }
        try
        {
            return IPV6_CHARACTERS.matcher(host).matches() && InetAddress.getByName(host) instanceof Inet6Address;
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
    }

    private static int parseSlots(final String where, final String value)
    {
        final int slots;
        try
        {
            slots = Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + "not a number of slots: '" + value + "'");
        }
        if (slots < 1)
        {
            throw new IllegalArgumentException(where + "a host needs at least 1 slot, got " + slots);
        }
        return slots;
    }
}
