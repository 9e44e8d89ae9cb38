package io.colompi.core.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages of compiled classes and the colompi packages each one uses, read from the class files' constant pools
 * (class references, field and method descriptors, generic signatures: what {@code jdeps} reads), so an architecture
 * test needs no library.
 */
public final class PackageDependencies
{
    private static final Pattern COLOMPI_NAME = Pattern.compile("io/colompi/[a-z0-9_/]*[a-z0-9_](?=/[A-Z$_])");

    /** For each package of the classes under the root, the other colompi packages its classes name. */
    private final Map<String, Set<String>> uses = new TreeMap<>();

    private PackageDependencies()
    {
    }

    /** The packages of the class directory (or jar's folder) that {@code anyClass} was loaded from. */
    public static PackageDependencies ofClassesOf(final Class<?> anyClass) throws IOException
    {
        final Path root;
        try
        {
            root = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IOException(ex);
        }
        final PackageDependencies dependencies = new PackageDependencies();
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.toString().endsWith(".class"))::iterator)
            {
                final String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                final String pkg = name.substring(0, Math.max(0, name.lastIndexOf('/'))).replace('/', '.');
                final Set<String> used = dependencies.uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                try (InputStream in = Files.newInputStream(file))
                {
                    for (final String text : utf8Constants(in))
                    {
                        final Matcher m = COLOMPI_NAME.matcher(text);
                        while (m.find())
                        {
                            final String other = m.group().replace('/', '.');
                            if (!other.equals(pkg))
                            {
                                used.add(other);
                            }
                        }
                    }
                }
            }
        }
        return dependencies;
    }

    /** The packages of these classes, each with the other colompi packages it uses. */
    public Map<String, Set<String>> uses()
    {
        return uses;
    }

    /** The packages under {@code prefix} that use a package under {@code forbidden}, as "user -> used" lines. */
    public List<String> uses(final String prefix, final String forbidden)
    {
        final List<String> found = new ArrayList<>();
        uses.forEach((pkg, used) -> used.stream()
            .filter(u -> pkg.startsWith(prefix) && (u.equals(forbidden) || u.startsWith(forbidden + ".")))
            .forEach(u -> found.add(pkg + " -> " + u)));
        return found;
    }

    /**
     * A cycle among the packages under {@code prefix} ("a -> b -> a"), or null where their dependency graph has
     * none (a depth-first search for a back edge).
     */
    public String cycleAmong(final String prefix)
    {
        final Map<String, Integer> state = new TreeMap<>();
        for (final String pkg : uses.keySet())
        {
            if (pkg.startsWith(prefix))
            {
                final List<String> path = new ArrayList<>();
                final String cycle = visit(pkg, prefix, state, path);
                if (cycle != null)
                {
                    return cycle;
                }
            }
        }
        return null;
    }

    private String visit(final String pkg, final String prefix, final Map<String, Integer> state, final List<String> path)
    {
        final int seen = state.getOrDefault(pkg, 0);
        if (seen == 2)
        {
            return null;
        }
        path.add(pkg);
        if (seen == 1)
        {
            return String.join(" -> ", path.subList(path.indexOf(pkg), path.size()));
        }
        state.put(pkg, 1);
        for (final String next : uses.getOrDefault(pkg, Set.of()))
        {
            if (next.startsWith(prefix))
            {
                final String cycle = visit(next, prefix, state, path);
                if (cycle != null)
                {
                    return cycle;
                }
            }
        }
        state.put(pkg, 2);
        path.remove(path.size() - 1);
        return null;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
    private static List<String> utf8Constants(final InputStream stream) throws IOException
    {
        final DataInputStream in = new DataInputStream(stream);
        in.readInt(); // magic
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        final int count = in.readUnsignedShort();
        final List<String> texts = new ArrayList<>();
        for (int i = 1; i < count; i++)
        {
            final int tag = in.readUnsignedByte();
            switch (tag)
            {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 ->
                {
                    in.skipBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("constant pool tag " + tag + " unknown");
            }
        }
        return texts;
    }
}
