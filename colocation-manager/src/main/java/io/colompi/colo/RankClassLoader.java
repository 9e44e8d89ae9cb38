package io.colompi.colo;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RankBinding;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one colocated rank: loads the {@code mpi} API and the program <em>child-first</em>, so
 * each rank has private statics ({@code MPI.COMM_WORLD}, the program's own) even when the same classes are on
 * the host's class path, while the runtime ({@code io.colompi.core}, Agrona, Aeron) and the JDK are shared.
 * The {@code mpi} classes find their rank's {@link Engine} through {@link RankBinding}.
 */
public final class RankClassLoader extends URLClassLoader implements RankBinding
{
    /** Packages always taken from the parent first: the JDK and what the ranks of a JVM share. */
    private static final String[] SHARED_PACKAGES =
    {
        "java.", "javax.", "jdk.", "sun.", "com.sun.",
        "io.colompi.core.", "io.colompi.colo.", "org.agrona.", "io.aeron.",
        "org.junit.", "org.opentest4j.",
    };

    static
    {
        ClassLoader.registerAsParallelCapable();
    }

    private final Engine engine;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    /**
     * @param engine    the engine of the rank this loader belongs to.
     * @param classPath where the rank's classes come from: the {@code mpi} API location, then the program's
     *                  class path.
     * @param parent    the loader of the shared runtime (the one that loaded {@code io.colompi.core}).
     */
    public RankClassLoader(final Engine engine, final List<URL> classPath, final ClassLoader parent)
    {
        super("rank-" + engine.worldRank(), classPath.toArray(new URL[0]), parent);
        this.engine = engine;
    }

    @Override
    public Engine engine()
    {
        return engine;
    }

    /** Whether {@code name} (a class or a resource path) belongs to a package every rank shares. */
    static boolean isShared(final String name)
    {
        final String dotted = name.replace('/', '.');
        for (final String prefix : SHARED_PACKAGES)
        {
            if (dotted.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
    {
        if (isShared(name))
        {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name))
        {
            Class<?> type = findLoadedClass(name);
            if (type == null)
            {
                type = loadChildFirst(name);
            }
            if (resolve)
            {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> loadChildFirst(final String name) throws ClassNotFoundException
    {
        try
        {
            // Every JDK module (java.xml's org.w3c.dom too) stays the JDK's, even if a user jar bundles a copy.
            return platform.loadClass(name);
        }
        catch (final ClassNotFoundException notJdk)
        {
            try
            {
                return findClass(name);
            }
            catch (final ClassNotFoundException notRanks)
            {
                return getParent().loadClass(name);
            }
        }
    }

    @Override
    public URL getResource(final String name)
    {
        if (isShared(name))
        {
            return super.getResource(name);
        }
        final URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(final String name) throws IOException
    {
        if (isShared(name))
        {
            return super.getResources(name);
        }
        final List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }

    @Override
    public String toString()
    {
        return "RankClassLoader{rank=" + engine.worldRank() + ", classPath=" + List.of(getURLs()) + "}";
    }
}
