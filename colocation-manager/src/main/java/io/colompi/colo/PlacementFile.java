package io.colompi.colo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A placement map ({@code colorun --placement FILE}, written by {@code colotrace place} or by hand): a line per JVM,
 * listing its ranks (spaces or commas between them, {@code a-b} for a range), then optionally {@code node=N} (the
 * node's index: a host of the host file in order, a virtual node; default 0). {@code #} starts a comment. JVM ids
 * follow the lines' order.
 * <pre>
 * # 8 ranks, a ring of stride 4: the pairs (r, r+4) share a JVM
 * 0 4
 * 1,5
 * 2 6 node=1
 * 3 7 node=1
 * </pre>
 */
public final class PlacementFile
{
    private PlacementFile()
    {
    }

    /**
     * Read {@code file} for a job of {@code np} ranks on {@code nodes} nodes, at most {@code maxRanksPerJvm} ranks a
     * JVM (0: no limit). Every rank must be on exactly one line; an {@link IllegalArgumentException} names the
     * file's line that breaks a rule.
     */
    public static JobLayout read(final Path file, final int np, final int nodes, final int maxRanksPerJvm)
        throws IOException
    {
        return parse(file.toString(), Files.readAllLines(file), np, nodes, maxRanksPerJvm);
    }

    static JobLayout parse(
        final String name, final List<String> lines, final int np, final int nodes, final int maxRanksPerJvm)
    {
        final int[] jvmOfRank = new int[np];
        final int[] lineOfRank = new int[np];
        Arrays.fill(jvmOfRank, -1);
        final List<Integer> nodeOfJvm = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++)
        {
            final int lineNumber = index + 1;
            String line = lines.get(index);
            final int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final int jvm = nodeOfJvm.size();
            int node = 0;
            int ranks = 0;
            for (final String word : line.split("[\\s,]+"))
            {
                final String where = name + " line " + lineNumber + ": ";
                if (word.toLowerCase(Locale.ROOT).startsWith("node="))
                {
                    node = number(word.substring(5), where + "node");
                    if (node >= nodes)
                    {
                        throw new IllegalArgumentException(where + "node " + node + ", but the job has " + nodes +
                            (nodes == 1 ? " node (use --hostfile or --virtual-nodes for more)" : " nodes (0 .. " +
                            (nodes - 1) + ")"));
                    }
                    continue;
                }
                final int dash = word.indexOf('-', 1);
                final int first = number(dash < 0 ? word : word.substring(0, dash), where + "rank");
                final int last = dash < 0 ? first : number(word.substring(dash + 1), where + "rank");
                for (int rank = first; rank <= last; rank++)
                {
                    if (rank >= np)
                    {
                        throw new IllegalArgumentException(where + "rank " + rank + ", but the job has " + np +
                            " ranks (-np " + np + ": 0 .. " + (np - 1) + ")");
                    }
                    if (jvmOfRank[rank] >= 0)
                    {
                        throw new IllegalArgumentException(where + "rank " + rank + " is already on line " +
                            lineOfRank[rank]);
                    }
                    jvmOfRank[rank] = jvm;
                    lineOfRank[rank] = lineNumber;
                    ranks++;
                }
            }
            if (ranks == 0)
            {
                throw new IllegalArgumentException(name + " line " + lineNumber + ": a JVM without ranks");
            }
            if (maxRanksPerJvm > 0 && ranks > maxRanksPerJvm)
            {
                throw new IllegalArgumentException(name + " line " + lineNumber + ": " + ranks +
                    " ranks in one JVM, more than --ranks-per-jvm " + maxRanksPerJvm);
            }
            nodeOfJvm.add(node);
        }
        for (int rank = 0; rank < np; rank++)
        {
            if (jvmOfRank[rank] < 0)
            {
                throw new IllegalArgumentException(name + " line " + (lines.size() + 1) + " (end): rank " + rank +
                    " is on no line, but the job has " + np + " ranks");
            }
        }
        return new JobLayout(jvmOfRank, nodeOfJvm.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The file for {@code layout}: a line per JVM, its ranks, and {@code node=N} where the job has several nodes. */
    public static String format(final JobLayout layout, final String comment)
    {
        final StringBuilder text = new StringBuilder();
        for (final String line : comment.split("\n"))
        {
            text.append("# ").append(line).append('\n');
        }
        boolean severalNodes = false;
        for (int jvm = 0; jvm < layout.jvmCount(); jvm++)
        {
            severalNodes |= layout.nodeOfJvm(jvm) != 0;
        }
        for (int jvm = 0; jvm < layout.jvmCount(); jvm++)
        {
            final StringBuilder line = new StringBuilder();
            for (final int rank : layout.ranksOf(jvm))
            {
                line.append(line.length() == 0 ? "" : " ").append(rank);
            }
            if (severalNodes)
            {
                line.append(" node=").append(layout.nodeOfJvm(jvm));
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    private static int number(final String word, final String what)
    {
        try
        {
            final int value = Integer.parseInt(word);
            if (value >= 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException(what + " '" + word + "' is not a number >= 0");
    }
}
