package io.colompi.core.type;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.RuntimeSettings;

import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.Status;
import java.util.Set;

/**
 * What an {@code MPI.OBJECT} message may make its receiver deserialize (JEP 290): classes of the receiving rank's
 * program (those its class loader defines) and JDK value types (strings and string builders, boxes, enums, {@code java.math}, {@code java.time},
 * the {@code java.util} collections, arrays of them and of primitives), no deeper than {@value #MAX_DEPTH} objects,
 * no array longer than {@value #MAX_ARRAY}, no more than {@value #MAX_BYTES} bytes in all. Everything else (other JDK classes, the classes colompi's runtime shares
 * between ranks, a library's class the program did not load) is refused before it is instantiated, so a sender
 * cannot run the {@code readObject} of a gadget class the receiver happens to have on its class path.
 * <p>
 * {@value #PROPERTY} widens or narrows it: a JEP 290 pattern ({@code ObjectInputFilter.Config.createFilter}) checked
 * first, e.g. {@code java.awt.Point;!com.example.Untrusted;maxarray=100000000}; its limits replace the defaults, a
 * class it matches is allowed ({@code name}, {@code pkg.*}, {@code pkg.**}) or refused ({@code !...}) whatever the
 * default, a class it does not match gets the default. A JVM-wide {@code jdk.serialFilter} is checked too.
 */
public final class ObjectFilter
{
    /** System property: a JEP 290 pattern checked before the default. */
    public static final String PROPERTY = RuntimeSettings.OBJECT_FILTER;
    static final int MAX_DEPTH = 64;
    static final int MAX_ARRAY = 1 << 24;
    static final long MAX_BYTES = 1L << 30;
    private static final String DEFAULT_LIMITS =
        "maxdepth=" + MAX_DEPTH + ";maxarray=" + MAX_ARRAY + ";maxbytes=" + MAX_BYTES;
    private static final Set<String> VALUE_CLASSES = Set.of(
        "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
        "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
        "java.lang.Enum", "java.lang.Object", "java.lang.StringBuilder", "java.lang.StringBuffer");
    private static final Set<String> VALUE_PACKAGES = Set.of("java.math", "java.util", "java.util.concurrent");
    private static final String VALUE_PACKAGE_TREE = "java.time";

    private static final JobContext.Shared<ObjectFilter> OF_JOB = new JobContext.Shared<>("object filter",
        job -> new ObjectFilter(job.settings().objectFilter()));

    private final ObjectInputFilter configured;
    private final ObjectInputFilter limits;

    /** @param pattern a JEP 290 pattern checked first (its limits replace the defaults), or null. */
    public ObjectFilter(final String pattern)
    {
        final boolean none = pattern == null || pattern.isBlank();
        this.configured = none ? null : ObjectInputFilter.Config.createFilter(pattern);
        // The configured limits come last, so they win over the defaults.
        this.limits = ObjectInputFilter.Config.createFilter(none ? DEFAULT_LIMITS : DEFAULT_LIMITS + limitsOf(pattern));
    }

    /** The filter of {@code job}'s ranks in this JVM: {@link RuntimeSettings#objectFilter()} over the default. */
    public static ObjectFilter of(final JobContext job)
    {
        return job.shared(OF_JOB);
    }

    /** The filter of one stream whose program classes {@code programLoader} defines. */
    public Check forProgram(final ClassLoader programLoader)
    {
        return new Check(programLoader);
    }

    /** The filter of one stream: remembers what it refused first. */
    public final class Check implements ObjectInputFilter
    {
        private final ClassLoader programLoader;
        private String refused;

        private Check(final ClassLoader programLoader)
        {
            this.programLoader = programLoader;
        }

        @Override
        public Status checkInput(final FilterInfo info)
        {
            final Status status = check(info, programLoader);
            if (status == Status.REJECTED && refused == null)
            {
                refused = limits.checkInput(info) == Status.REJECTED ?
                    "an object graph " + info.depth() + " deep, of " + info.references() + " references, " +
                        info.streamBytes() + " bytes" + (info.arrayLength() >= 0 ? ", an array of " + info.arrayLength() : "") :
                    "class " + info.serialClass().getName();
            }
            return status;
        }

        /** What the filter refused first (a class, or the limit a graph went past), or null. */
        public String refused()
        {
            return refused;
        }
    }

    private ObjectInputFilter.Status check(final ObjectInputFilter.FilterInfo info, final ClassLoader programLoader)
    {
        final ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
        if ((global != null && global.checkInput(info) == Status.REJECTED) || limits.checkInput(info) == Status.REJECTED)
        {
            return Status.REJECTED;
        }
        if (configured != null)
        {
            final Status status = configured.checkInput(info);
            if (status != Status.UNDECIDED)
            {
                return status;
            }
        }
        Class<?> type = info.serialClass();
        while (type != null && type.isArray())
        {
            type = type.getComponentType();
        }
        return type == null || type.isPrimitive() || type.getClassLoader() == programLoader || isValueType(type) ?
            Status.ALLOWED : Status.REJECTED;
    }

    /** A JDK value type or enum: the JDK defines it (no program can define a {@code java.*} class). */
    private static boolean isValueType(final Class<?> type)
    {
        final String name = type.getName();
        return name.startsWith("java.") && (VALUE_CLASSES.contains(name) || type.isEnum() ||
            VALUE_PACKAGES.contains(type.getPackageName()) || name.startsWith(VALUE_PACKAGE_TREE + "."));
    }

    /** The limit clauses ({@code maxdepth=...}) of a pattern, each after a ';'. */
    private static String limitsOf(final String pattern)
    {
        final StringBuilder clauses = new StringBuilder();
        for (final String clause : pattern.split(";"))
        {
            final String trimmed = clause.trim();
            if (trimmed.startsWith("max") && trimmed.indexOf('=') > 0)
            {
                clauses.append(';').append(trimmed);
            }
        }
        return clauses.toString();
    }
}
