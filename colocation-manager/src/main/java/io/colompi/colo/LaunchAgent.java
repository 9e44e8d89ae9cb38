package io.colompi.colo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the launcher runs a command on another host: a command template ({@code colorun --launch-agent}, default
 * {@value #DEFAULT}) split into words as a shell would (single and double quotes group), in which {@code {host}}
 * stands for the host; without {@code {host}} the host is appended as the last word (as Open MPI does with
 * {@code plm_rsh_agent}).
 * <ul>
 * <li>A remote shell ({@code ssh} or {@code rsh} as the agent's program, its first word) gets the command as one
 * shell command line, every word quoted, after {@code cd <working directory> &&}, and {@code exec}s it, so the remote
 * shell does not linger: {@code ssh node1 "cd '/home/me' && exec '/usr/bin/java' ..."}.</li>
 * <li>Any other agent ({@code ip netns exec {host}}, {@code docker exec -i {host}}, {@code kubectl exec -i {host} --})
 * gets the command's words as its own further arguments; it runs them in whatever directory it chooses (the
 * launcher starts it in the job's working directory).</li>
 * </ul>
 */
final class LaunchAgent
{
    /** The agent when none is given. */
    static final String DEFAULT = "ssh {host}";
    static final String HOST = "{host}";

    private static final Set<String> REMOTE_SHELLS = Set.of("ssh", "rsh");
    /** Words made of these characters mean the same to a shell unquoted. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final String template;
    private final List<String> words;
    private final boolean remoteShell;

    private LaunchAgent(final String template, final List<String> words)
    {
        this.template = template;
        this.words = List.copyOf(words);
        this.remoteShell = REMOTE_SHELLS.contains(Path.of(words.get(0)).getFileName().toString());
    }

    /** The agent a template describes; fails on an empty template or an unclosed quote. */
    static LaunchAgent parse(final String template)
    {
        final List<String> words = split(template);
        if (words.isEmpty())
        {
            throw new IllegalArgumentException("the launch agent is empty (e.g. '" + DEFAULT + "')");
        }
        if (words.stream().noneMatch(word -> word.contains(HOST)))
        {
            words.add(HOST);
        }
        return new LaunchAgent(template, words);
    }

    /**
     * Whether the agent is a scheduler's ({@code srun}): it must start every JVM, also on a node named like this
     * machine, so that the scheduler sees and ends them (several Slurm nodes may be one machine).
     */
    boolean scheduler()
    {
        return Path.of(words.get(0)).getFileName().toString().equals("srun");
    }

    /** Whether the agent is a remote shell that takes one command line ({@code ssh}, {@code rsh}). */
    boolean remoteShell()
    {
        return remoteShell;
    }

    /** The command that runs {@code command} on {@code host}, in {@code workDir} where the agent is a remote shell. */
    List<String> command(final String host, final List<String> command, final Path workDir)
    {
        final List<String> full = agentOn(host);
        if (remoteShell)
        {
            full.add("cd " + shellQuote(workDir.toString()) + " && exec " + shellLine(command));
        }
        else
        {
            full.addAll(command);
        }
        return full;
    }

    /** The command that removes {@code directory} and everything in it on {@code host}. */
    List<String> removeCommand(final String host, final Path directory)
    {
        final List<String> remove = List.of("rm", "-rf", "--", directory.toString());
        final List<String> full = agentOn(host);
        if (remoteShell)
        {
            full.add(shellLine(remove));
        }
        else
        {
            full.addAll(remove);
        }
        return full;
    }

    /** {@code words} as one POSIX shell command line that gives the words back unchanged. */
    static String shellLine(final List<String> words)
    {
        final StringBuilder line = new StringBuilder();
        for (final String word : words)
        {
            if (line.length() > 0)
            {
                line.append(' ');
            }
            line.append(shellQuote(word));
        }
        return line.toString();
    }

    /** {@code word} quoted for a POSIX shell: as it is if it has no special character, else in single quotes. */
    static String shellQuote(final String word)
    {
        if (PLAIN_WORD.matcher(word).matches())
        {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private List<String> agentOn(final String host)
    {
        final List<String> agent = new ArrayList<>(words.size() + 8);
        for (final String word : words)
        {
            agent.add(word.replace(HOST, host));
        }
        return agent;
    }

    /** Split {@code template} into words: blanks separate them, quotes group (and are removed), backslash escapes. */
    private static List<String> split(final String template)
    {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < template.length(); i++)
        {
            final char c = template.charAt(i);
            if (quote != 0)
            {
                if (c == quote)
                {
                    quote = 0;
                }
                else if (c == '\\' && quote == '"' && i + 1 < template.length())
                {
                    word.append(template.charAt(++i));
                }
                else
                {
                    word.append(c);
                }
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < template.length())
            {
                word.append(template.charAt(++i));
                inWord = true;
            }
            else if (Character.isWhitespace(c))
            {
                if (inWord)
                {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            }
            else
            {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0)
        {
            throw new IllegalArgumentException("unclosed " + quote + " in the launch agent: " + template);
        }
        if (inWord)
        {
            words.add(word.toString());
        }
        return words;
    }

    @Override
    public String toString()
    {
        return template;
    }
}
