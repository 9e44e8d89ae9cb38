package io.colompi.colo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code System.out} and {@code System.err} of a JVM that hosts ranks: what a rank prints is cut into whole
 * lines, each written to the real stream in one piece as {@code "[R] line"}, so lines of different ranks never
 * mix. Threads that act for no rank write through untagged. Installed once per JVM while any in-process job
 * runs, and the original streams are restored when the last one ends.
 */
final class TaggedOutput
{
    /** A line growing past this is emitted in pieces rather than held without bound. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private static TaggedOutput installed;
    private static int users;

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final LineTagger out;
    private final LineTagger err;

    private TaggedOutput(final PrintStream originalOut, final PrintStream originalErr, final boolean tagged)
    {
        this.originalOut = originalOut;
        this.originalErr = originalErr;
        this.out = new LineTagger(originalOut, tagged);
        this.err = new LineTagger(originalErr, tagged);
    }

    /** Install tagging streams unless a running job already did; pair with {@link #release()}. */
    static TaggedOutput acquire()
    {
        return acquire(true);
    }

    /**
     * Install the line-cutting streams unless a running job already did (its choice of tags then stands); with
     * {@code tagged} false, lines carry no rank prefix but are still written whole.
     */
    static synchronized TaggedOutput acquire(final boolean tagged)
    {
        if (users++ == 0)
        {
            installed = new TaggedOutput(System.out, System.err, tagged);
            System.setOut(new PrintStream(installed.out, true, charset("stdout.encoding", "sun.stdout.encoding")));
            System.setErr(new PrintStream(installed.err, true, charset("stderr.encoding", "sun.stderr.encoding")));
        }
        return installed;
    }

    /** Restore the original streams once the last job has released them, after emitting every partial line. */
    void release()
    {
        synchronized (TaggedOutput.class)
        {
            if (--users == 0)
            {
                flushAll();
                System.setOut(originalOut);
                System.setErr(originalErr);
                installed = null;
            }
        }
    }

    /** Emit what the threads of {@code rank} printed without a final newline, each as a line of its own. */
    void endRank(final RankIdentity rank)
    {
        out.endRank(rank);
        err.endRank(rank);
    }

    void flushAll()
    {
        out.endAllRanks();
        err.endAllRanks();
    }

    /** For a shutdown hook: emit the partial lines of every rank if tagging is installed (System.exit from a rank). */
    static void flushInstalled()
    {
        final TaggedOutput current;
        synchronized (TaggedOutput.class)
        {
            current = installed;
        }
        if (current != null)
        {
            current.flushAll();
        }
    }

    private static Charset charset(final String property, final String legacyProperty)
    {
        // Re-encode as the real stream would have: stdout.encoding from Java 19, sun.stdout.encoding before.
        final String name = System.getProperty(property, System.getProperty(legacyProperty));
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }

    /**
     * Cuts what each thread of a rank writes into lines and writes each whole line, tagged, in one call to the
     * target. Partial lines are held per thread, so two threads of one rank do not mix within a line either.
     */
    static final class LineTagger extends OutputStream
    {
        private final PrintStream target;
        private final boolean tagged;
        /** Only threads holding a partial line have an entry. */
        private final Map<Thread, Partial> partials = new HashMap<>();
        private final Bytes lines = new Bytes();

        LineTagger(final PrintStream target)
        {
            this(target, true);
        }

        LineTagger(final PrintStream target, final boolean tagged)
        {
            this.target = target;
            this.tagged = tagged;
        }

        private void tag(final RankIdentity rank)
        {
            if (tagged)
            {
                lines.write(rank.tag(), 0, rank.tag().length);
            }
        }

        @Override
        public synchronized void write(final int b)
        {
            write(new byte[]{ (byte)b }, 0, 1);
        }

        @Override
        public synchronized void write(final byte[] bytes, final int offset, final int length)
        {
            final RankIdentity rank = RankIdentity.current();
            if (rank == null)
            {
                target.write(bytes, offset, length);
                return;
            }
            final Thread writer = Thread.currentThread();
            Partial partial = partials.get(writer);
            final int end = offset + length;
            int lineStart = offset;
            for (int i = offset; i < end; i++)
            {
                if (bytes[i] == '\n')
                {
                    tag(rank);
                    if (partial != null)
                    {
                        partial.bytes.moveTo(lines);
                    }
                    lines.write(bytes, lineStart, i + 1 - lineStart);
                    lineStart = i + 1;
                }
            }
            if (lineStart < end)
            {
                if (partial == null)
                {
                    partial = new Partial(rank);
                    partials.put(writer, partial);
                }
                partial.bytes.write(bytes, lineStart, end - lineStart);
                if (partial.bytes.size() > MAX_LINE_BYTES)
                {
                    appendUnterminated(partial);
                }
            }
            if (partial != null && partial.bytes.size() == 0)
            {
                partials.remove(writer);
            }
            emitLines();
        }

        @Override
        public synchronized void flush()
        {
            // Partial lines stay held: emitting them would let another line continue them.
            target.flush();
        }

        /** Emit the partial lines of every thread of {@code rank}. */
        synchronized void endRank(final RankIdentity rank)
        {
            final Iterator<Partial> held = partials.values().iterator();
            while (held.hasNext())
            {
                final Partial partial = held.next();
                if (partial.rank == rank)
                {
                    appendUnterminated(partial);
                    held.remove();
                }
            }
            emitLines();
        }

        synchronized void endAllRanks()
        {
            partials.values().forEach(this::appendUnterminated);
            partials.clear();
            emitLines();
        }

        private void appendUnterminated(final Partial partial)
        {
            tag(partial.rank);
            partial.bytes.moveTo(lines);
            lines.write('\n');
        }

        private void emitLines()
        {
            if (lines.size() > 0)
            {
                lines.moveTo(target);
                target.flush();
            }
        }
    }

    /** The start of a line a thread is writing, and the rank it writes for. */
    private static final class Partial
    {
        private final RankIdentity rank;
        private final Bytes bytes = new Bytes();

        Partial(final RankIdentity rank)
        {
            this.rank = rank;
        }
    }

    /** A growable byte buffer that hands its bytes on without copying them out first. */
    private static final class Bytes extends ByteArrayOutputStream
    {
        void moveTo(final Bytes other)
        {
            other.write(buf, 0, count);
            reset();
        }

        void moveTo(final PrintStream target)
        {
            target.write(buf, 0, count);
            reset();
        }
    }
}
