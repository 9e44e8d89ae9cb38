package io.colompi.colo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child process's output to a {@link Sink} in whole lines. Several pumps (one per rank-host JVM) share one
 * sink per stream, and a sink takes each batch of lines in one call under its lock, so lines of different JVMs
 * never interleave mid-line. A last line without a newline is completed with one at end of stream (a killed JVM
 * must not leave the next JVM's line glued to its fragment).
 */
final class LinePump implements Runnable
{
    private static final int CHUNK = 8192;

    /** Takes whole lines, each ending with {@code '\n'}; shared by the pumps of every JVM of a job. */
    interface Sink
    {
        void lines(byte[] bytes, int offset, int length);
    }

    private final InputStream source;
    private final Sink sink;

    LinePump(final InputStream source, final Sink sink)
    {
        this.source = source;
        this.sink = sink;
    }

    @Override
    public void run()
    {
        final byte[] chunk = new byte[CHUNK];
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        IOException failure = null;
        try (InputStream in = source)
        {
            int read;
            while ((read = in.read(chunk)) >= 0)
            {
                int lastNewline = -1;
                for (int i = read - 1; i >= 0; i--)
                {
                    if (chunk[i] == '\n')
                    {
                        lastNewline = i;
                        break;
                    }
                }
                if (lastNewline < 0)
                {
                    pending.write(chunk, 0, read);
                    continue;
                }
                pending.write(chunk, 0, lastNewline + 1);
                emit(pending);
                pending.write(chunk, lastNewline + 1, read - lastNewline - 1);
            }
        }
        catch (final IOException ex)
        {
            // The child died or closed the pipe: what it wrote before is still emitted below.
            failure = ex;
        }
        if (pending.size() > 0)
        {
            pending.write('\n');
            emit(pending);
        }
        if (failure != null)
        {
            final byte[] note = ("colompi: reading a rank host's output failed: " + failure + "\n").getBytes(StandardCharsets.UTF_8);
            sink.lines(note, 0, note.length);
        }
    }

    private void emit(final ByteArrayOutputStream lines)
    {
        if (lines.size() > 0)
        {
            sink.lines(lines.toByteArray(), 0, lines.size());
            lines.reset();
        }
    }
}
