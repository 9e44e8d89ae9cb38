package io.colompi.examples.programs;

import mpi.Datatype;
import mpi.File;
import mpi.MPI;
import mpi.Request;
import mpi.Status;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.colompi.examples.programs.StormValues.value;

/**
 * MPI-IO drawn at random from a seed (Open MPI's {@code File}), checked against a model of the file that every rank
 * keeps. Every rank draws the same steps: ranks write segments of the file at explicit offsets (one call a segment,
 * nonblocking, or collective), then read random segments back the same three ways; ranks write and read blocks
 * interleaved by rank through a strided view with their own file pointers, collectively or not; or ranks write and
 * read in rank order at the shared file pointer. Between writing and reading: {@code sync}, a barrier, {@code sync}.
 *
 * <p>Arguments: seed, steps. Rank 0 prints {@code FILES OK seed=S steps=N np=P longs=L} at the end.
 */
public final class FileStorm
{
    /** The part of the file written at explicit offsets, in longs; the strided and ordered parts follow it. */
    private static final int PLAIN = 4096;
    private static final int STRIDED_BLOCKS = 8;

    private enum Way { ONE_BY_ONE, NONBLOCKING, COLLECTIVE }

    private record Segment(int rank, int from, int length, long key)
    {
    }

    private final long seed;
    private final int np;
    private final int me;
    private final File file;
    private long[] model = new long[0];
    private long written;

    private FileStorm(final long seed, final String name)
    {
        this.seed = seed;
        np = MPI.COMM_WORLD.Size();
        me = MPI.COMM_WORLD.Rank();
        file = new File(MPI.COMM_WORLD, name, MPI.MODE_CREATE | MPI.MODE_RDWR | MPI.MODE_DELETE_ON_CLOSE);
        plainView();
    }

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        final long seed = Long.parseLong(args[0]);
        final int steps = Integer.parseInt(args[1]);
        final long[] name = { System.nanoTime() ^ ProcessHandle.current().pid() << 32 };
        MPI.COMM_WORLD.Bcast(name, 0, 1, MPI.LONG, 0);
        final FileStorm storm = new FileStorm(seed,
            System.getProperty("java.io.tmpdir") + "/colompi-filestorm-" + Long.toHexString(name[0]));
        for (int step = 0; step < steps; step++)
        {
            final SplittableRandom draw = new SplittableRandom(seed * 1_000_003L + step);
            switch (draw.nextInt(3))
            {
                case 0 -> storm.explicitOffsets(step, draw);
                case 1 -> storm.strided(step, draw);
                default -> storm.ordered(step, draw);
            }
        }
        storm.file.close();
        if (storm.me == 0)
        {
            System.out.println("FILES OK seed=" + seed + " steps=" + steps + " np=" + storm.np + " longs=" +
                storm.written);
        }
        MPI.Finalize();
    }

    /** Segments of the plain part written by the ranks they fall to, then random segments read back. */
    private void explicitOffsets(final int step, final SplittableRandom draw)
    {
        final List<Segment> segments = new ArrayList<>();
        for (int from = 0; from < PLAIN; )
        {
            final int length = Math.min(PLAIN - from, 1 + draw.nextInt(300));
            if (draw.nextInt(4) != 0)
            {
                segments.add(new Segment(draw.nextInt(np), from, length, key(step, segments.size())));
            }
            from += length;
        }
        final Way writing = Way.values()[draw.nextInt(Way.values().length)];
        transfer(segments, writing, true);
        settle();
        for (final Segment s : segments)
        {
            record(s.from, s.length, s.key);
        }
        checkSize(step);

        final List<Segment> reads = new ArrayList<>();
        for (int i = 0; i < 3 * np; i++)
        {
            final int from = draw.nextInt(PLAIN);
            reads.add(new Segment(draw.nextInt(np), from, 1 + draw.nextInt(Math.min(600, PLAIN - from)), 0));
        }
        final Way reading = Way.values()[draw.nextInt(Way.values().length)];
        final List<LongBuffer> read = transfer(reads, reading, false);
        final List<Segment> mine = mine(reads);
        for (int i = 0; i < mine.size(); i++)
        {
            check(step, "reading " + reading + " after writing " + writing + ", " + mine.get(i), read.get(i),
                mine.get(i).from);
        }
        settle();
    }

    /** This rank's segments written or read one of three ways; returns the buffers, in the order of its segments. */
    private List<LongBuffer> transfer(final List<Segment> segments, final Way way, final boolean write)
    {
        final List<Segment> mine = mine(segments);
        final List<LongBuffer> buffers = new ArrayList<>();
        for (final Segment s : mine)
        {
            buffers.add(write ? StormValues.longs(s.key, s.length) : MPI.newLongBuffer(s.length));
        }
        if (way == Way.COLLECTIVE)
        {
            final int[] calls = new int[1];
            MPI.COMM_WORLD.Allreduce(new int[]{ mine.size() }, 0, calls, 0, 1, MPI.INT, MPI.MAX);
            for (int i = 0; i < calls[0]; i++)
            {
                final long at = i < mine.size() ? mine.get(i).from : 0;
                final LongBuffer b = i < mine.size() ? buffers.get(i) : MPI.newLongBuffer(0);
                final int count = i < mine.size() ? mine.get(i).length : 0;
                final Status status = write ? file.writeAtAll(at, b, count, MPI.LONG) :
                    file.readAtAll(at, b, count, MPI.LONG);
                checkCount(status, count);
            }
            return buffers;
        }
        final List<Request> requests = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++)
        {
            final Segment s = mine.get(i);
            if (way == Way.NONBLOCKING)
            {
                requests.add(write ? file.iWriteAt(s.from, buffers.get(i), s.length, MPI.LONG) :
                    file.iReadAt(s.from, buffers.get(i), s.length, MPI.LONG));
            }
            else
            {
                checkCount(write ? file.writeAt(s.from, buffers.get(i), s.length, MPI.LONG) :
                    file.readAt(s.from, buffers.get(i), s.length, MPI.LONG), s.length);
            }
        }
        final Status[] statuses = Request.Waitall(requests.toArray(new Request[0]));
        for (int i = 0; i < statuses.length; i++)
        {
            checkCount(statuses[i], mine.get(i).length);
        }
        return buffers;
    }

    /**
     * Blocks of {@code b} longs, rank r's k-th at block {@code k * np + r} of a region after the plain part, through a
     * view of each rank's blocks and its own file pointer; read back the same way, and whole through the plain view.
     */
    private void strided(final int step, final SplittableRandom draw)
    {
        final int b = 1 + draw.nextInt(40);
        final long region = PLAIN + draw.nextInt(PLAIN);
        final boolean collective = draw.nextBoolean();
        final Datatype tile = Datatype.createResized(Datatype.createContiguous(b, MPI.LONG), 0, np * b * Long.BYTES);
        tile.commit();
        file.setView((region + (long)me * b) * Long.BYTES, MPI.LONG, tile, "native");
        final long key = key(step, -1 - me);
        final LongBuffer out = StormValues.longs(key, STRIDED_BLOCKS * b);
        file.seek(0, MPI.SEEK_SET);
        checkCount(collective ? file.writeAll(out, STRIDED_BLOCKS * b, MPI.LONG) :
            file.write(out, STRIDED_BLOCKS * b, MPI.LONG), STRIDED_BLOCKS * b);
        expect(file.getPosition() == (long)STRIDED_BLOCKS * b, step, "file pointer at " + file.getPosition() +
            " after writing " + STRIDED_BLOCKS * b + " longs");
        settle();
        final long[] keys = new long[np];
        for (int r = 0; r < np; r++)
        {
            keys[r] = key(step, -1 - r);
            for (int k = 0; k < STRIDED_BLOCKS; k++)
            {
                recordPart(region + ((long)k * np + r) * b, b, keys[r], k * b);
            }
        }
        file.seek(0, MPI.SEEK_SET);
        final LongBuffer back = MPI.newLongBuffer(STRIDED_BLOCKS * b);
        checkCount(collective ? file.readAll(back, STRIDED_BLOCKS * b, MPI.LONG) :
            file.read(back, STRIDED_BLOCKS * b, MPI.LONG), STRIDED_BLOCKS * b);
        for (int i = 0; i < STRIDED_BLOCKS * b; i++)
        {
            expect(back.get(i) == value(key, i), step, "strided read of blocks of " + b + ": item " + i + " = " +
                back.get(i) + ", written " + value(key, i));
        }
        plainView();
        final int whole = STRIDED_BLOCKS * np * b;
        final LongBuffer all = MPI.newLongBuffer(whole);
        checkCount(file.readAt(region, all, whole, MPI.LONG), whole);
        check(step, "the strided region read whole, blocks of " + b, all, region);
        checkSize(step);
        settle();
    }

    /** Each rank's run at the shared file pointer, in rank order; read back in rank order. */
    private void ordered(final int step, final SplittableRandom draw)
    {
        final long at = 2L * PLAIN + draw.nextInt(PLAIN);
        final int[] counts = new int[np];
        long start = at;
        long mineAt = 0;
        for (int r = 0; r < np; r++)
        {
            counts[r] = draw.nextInt(200);
            if (r == me)
            {
                mineAt = start;
            }
            start += counts[r];
        }
        final boolean split = draw.nextBoolean();
        file.seekShared(at, MPI.SEEK_SET);
        final LongBuffer out = StormValues.longs(key(step, -1 - me), counts[me]);
        if (split)
        {
            file.writeOrderedBegin(out, counts[me], MPI.LONG);
            checkCount(file.writeOrderedEnd(out), counts[me]);
        }
        else
        {
            checkCount(file.writeOrdered(out, counts[me], MPI.LONG), counts[me]);
        }
        expect(file.getPositionShared() == start, step, "shared pointer at " + file.getPositionShared() +
            " after the ordered write, expected " + start);
        settle();
        long position = at;
        for (int r = 0; r < np; r++)
        {
            record(position, counts[r], key(step, -1 - r));
            position += counts[r];
        }
        file.seekShared(at, MPI.SEEK_SET);
        final LongBuffer back = MPI.newLongBuffer(counts[me]);
        checkCount(file.readOrdered(back, counts[me], MPI.LONG), counts[me]);
        check(step, "ordered read of " + counts[me] + " at " + mineAt, back, mineAt);
        checkSize(step);
        settle();
    }

    private void plainView()
    {
        file.setView(0, MPI.LONG, MPI.LONG, "native");
    }

    /** What one rank wrote, the others see: sync, barrier, sync (MPI-IO's consistency without atomic mode). */
    private void settle()
    {
        file.sync();
        MPI.COMM_WORLD.Barrier();
        file.sync();
    }

    private List<Segment> mine(final List<Segment> segments)
    {
        final List<Segment> mine = new ArrayList<>();
        for (final Segment s : segments)
        {
            if (s.rank == me)
            {
                mine.add(s);
            }
        }
        return mine;
    }

    private void record(final long from, final int length, final long key)
    {
        recordPart(from, length, key, 0);
    }

    /** Items {@code first..first+length} of {@code key}'s values now lie at {@code from} in the file. */
    private void recordPart(final long from, final int length, final long key, final int first)
    {
        if (from + length > model.length)
        {
            model = java.util.Arrays.copyOf(model, (int)Math.max(from + length, 2L * model.length));
        }
        for (int i = 0; i < length; i++)
        {
            model[(int)from + i] = value(key, first + i);
        }
        written = Math.max(written, from + length);
    }

    private void check(final int step, final String what, final LongBuffer read, final long from)
    {
        for (int i = 0; i < read.capacity(); i++)
        {
            final long expected = from + i < written ? model[(int)from + i] : 0;
            expect(read.get(i) == expected, step, what + ": long " + (from + i) + " of the file = " + read.get(i) +
                ", expected " + expected);
        }
    }

    private void checkSize(final int step)
    {
        expect(file.getSize() == written * Long.BYTES, step, "file size " + file.getSize() + " bytes, written " +
            written + " longs");
    }

    private void checkCount(final Status status, final int count)
    {
        expect(status.getCount(MPI.LONG) == count, -1, "status count " + status.getCount(MPI.LONG) + ", moved " +
            count);
    }

    private void expect(final boolean ok, final int step, final String detail)
    {
        if (!ok)
        {
            final String line = "FILES FAIL seed=" + seed + " step=" + step + " rank=" + me + ": " + detail;
            System.out.println(line);
            throw new IllegalStateException(line);
        }
    }


    private long key(final int round, final int id)
    {
        return StormValues.key(seed, round, id);
    }

}
