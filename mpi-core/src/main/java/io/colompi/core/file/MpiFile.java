package io.colompi.core.file;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Agreement;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.rma.AccumulateOps;
import io.colompi.core.rma.Window;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * One rank's handle of a file opened by a communicator ({@code MPI_FILE_OPEN}): a {@link FileChannel} of its own,
 * the rank's {@link View} and individual file pointer, and the file pointer all ranks share, kept at rank 0 of the
 * file's communicator in a one-sided {@link Window} (moved with fetch-and-add, so independent reads and writes of
 * the shared pointer need no other rank's call but rank 0's polling). Data is written as it lies in memory
 * ("native"). The collective calls of MPI-IO are the independent ones, each rank doing its part (MPI allows it),
 * with agreement where the result must be the same everywhere (open, close, size, view, shared pointer).
 */
public final class MpiFile
{
    /** Access modes, as Open MPI numbers them. */
    public static final int MODE_CREATE = 1;
    public static final int MODE_RDONLY = 2;
    public static final int MODE_WRONLY = 4;
    public static final int MODE_RDWR = 8;
    public static final int MODE_DELETE_ON_CLOSE = 16;
    public static final int MODE_UNIQUE_OPEN = 32;
    public static final int MODE_EXCL = 64;
    public static final int MODE_APPEND = 128;
    public static final int MODE_SEQUENTIAL = 256;
    /** Where {@link #seek} counts from. */
    public static final int SEEK_SET = 600;
    public static final int SEEK_CUR = 602;
    public static final int SEEK_END = 604;

    private static final TypeMap LONG = TypeMap.dense(BaseType.LONG);
    /** Bytes moved between memory and the file at a time, through one direct buffer: one copy each way. */
    private static final int CHUNK = 1 << 20;

    private final Communicator comm;
    private final Path path;
    private final int amode;
    private final FileChannel channel;
    /** The shared file pointer, in etypes of the view: element 0 of rank 0's window. */
    private final Window shared;
    private View view = View.bytes();
    private ByteBuffer chunk;
    /** The individual file pointer, in etypes of the view. */
    private long position;
    private boolean atomic;
    private boolean closed;

    private MpiFile(final Communicator comm, final Path path, final int amode, final FileChannel channel,
        final Window shared)
    {
        this.comm = comm;
        this.path = path;
        this.amode = amode;
        this.channel = channel;
        this.shared = shared;
    }

    /**
     * {@code MPI_FILE_OPEN}, collective over {@code parent}: rank 0 creates the file if asked, then every rank opens
     * it; a failure on any rank is an error on every rank, of that rank's class.
     */
    public static MpiFile open(final Communicator parent, final String name, final int amode)
    {
        checkAmode(amode);
        final Path path = path(name);
        final Communicator comm = Communicators.dup(parent);
        FileChannel channel = null;
        try
        {
            int failure = comm.rank() == 0 && (amode & MODE_CREATE) != 0 ? create(path, (amode & MODE_EXCL) != 0) : 0;
            raiseAny(comm, failure, "create " + name);
            try
            {
                channel = FileChannel.open(path, options(amode));
            }
            catch (final IOException e)
            {
                failure = classOf(e).code();
            }
            raiseAny(comm, failure, "open " + name);
        }
        catch (final MpiError e)
        {
            closeQuietly(channel);
            Collectives.free(comm);
            throw e;
        }
        final Window shared = Window.create(comm, java.nio.ByteBuffer.allocateDirect(Long.BYTES)
            .order(java.nio.ByteOrder.nativeOrder()).asLongBuffer(), 1, 1);
        final MpiFile file = new MpiFile(comm, path, amode, channel, shared);
        if ((amode & MODE_APPEND) != 0)
        {
            file.position = file.visibleEtypes();
            if (comm.rank() == 0)
            {
                file.setShared(file.position);
            }
            Collectives.barrier(comm);
        }
        return file;
    }

    private static void checkAmode(final int amode)
    {
        final int access = amode & (MODE_RDONLY | MODE_WRONLY | MODE_RDWR);
        if (Integer.bitCount(access) != 1 || (access == MODE_RDONLY && (amode & (MODE_CREATE | MODE_EXCL)) != 0) ||
            (access == MODE_RDWR && (amode & MODE_SEQUENTIAL) != 0))
        {
            throw new MpiError(ErrorClass.AMODE, "access mode " + amode + ": exactly one of MODE_RDONLY, " +
                "MODE_WRONLY and MODE_RDWR, no MODE_CREATE or MODE_EXCL with MODE_RDONLY, no MODE_SEQUENTIAL with " +
                "MODE_RDWR");
        }
    }

    private static int create(final Path path, final boolean exclusive)
    {
        try
        {
            if (exclusive)
            {
                Files.createFile(path);
            }
            else if (!Files.exists(path))
            {
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            }
            return 0;
        }
        catch (final IOException e)
        {
            return classOf(e).code();
        }
    }

    private static Set<StandardOpenOption> options(final int amode)
    {
        final Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        if ((amode & (MODE_RDONLY | MODE_RDWR)) != 0)
        {
            options.add(StandardOpenOption.READ);
        }
        if ((amode & (MODE_WRONLY | MODE_RDWR)) != 0)
        {
            options.add(StandardOpenOption.WRITE);
        }
        return options;
    }

    /** Raise on every rank if any rank's {@code failure} (an error class code) is not 0: the first one's class. */
    private static void raiseAny(final Communicator comm, final int failure, final String what)
    {
        final int[] all = Agreement.allgather(comm, new int[]{ failure });
        for (int rank = 0; rank < all.length; rank++)
        {
            if (all[rank] != 0)
            {
                throw new MpiError(ErrorClass.ofCode(all[rank]), "rank " + rank + " could not " + what);
            }
        }
    }

    private static ErrorClass classOf(final IOException e)
    {
        return e instanceof NoSuchFileException ? ErrorClass.NO_SUCH_FILE :
            e instanceof FileAlreadyExistsException ? ErrorClass.FILE_EXISTS :
            e instanceof AccessDeniedException ? ErrorClass.ACCESS : ErrorClass.IO;
    }

    private static Path path(final String name)
    {
        try
        {
            return Path.of(name);
        }
        catch (final InvalidPathException e)
        {
            throw new MpiError(ErrorClass.BAD_FILE, "not a file name: " + e.getMessage());
        }
    }

    /** {@code MPI_FILE_DELETE}. */
    public static void delete(final String name)
    {
        try
        {
            Files.delete(path(name));
        }
        catch (final IOException e)
        {
            throw new MpiError(classOf(e), "cannot delete " + name + ": " + e.getMessage());
        }
    }

    /** {@code MPI_FILE_CLOSE}, collective; the file goes with the last rank if it was opened to be deleted. */
    public void close()
    {
        live();
        Collectives.barrier(comm);
        shared.free();
        closeQuietly(channel);
        closed = true;
        if ((amode & MODE_DELETE_ON_CLOSE) != 0 && comm.rank() == 0)
        {
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException e)
            {
                throw new MpiError(ErrorClass.IO, "cannot delete " + path + " on close: " + e.getMessage());
            }
        }
        Collectives.free(comm);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // closing a file opened for reading or already written: nothing left to lose
            }
        }
    }

    public int amode()
    {
        return amode;
    }

    /** The file's ranks, as world ranks. */
    public int[] group()
    {
        return comm.group();
    }

    /** The file's size in bytes. */
    public long size()
    {
        live();
        try
        {
            return channel.size();
        }
        catch (final IOException e)
        {
            throw io(e);
        }
    }

    /** {@code MPI_FILE_SET_SIZE}, collective: truncate, or extend with zeros. */
    public void setSize(final long size)
    {
        live();
        writable();
        if (size < 0)
        {
            throw new MpiError(ErrorClass.ARG, "a file size must not be negative: " + size);
        }
        if (comm.rank() == 0)
        {
            resize(size, true);
        }
        Collectives.barrier(comm);
    }

    /** {@code MPI_FILE_PREALLOCATE}, collective: at least {@code size} bytes. */
    public void preallocate(final long size)
    {
        live();
        writable();
        if (comm.rank() == 0)
        {
            resize(size, false);
        }
        Collectives.barrier(comm);
    }

    private void resize(final long size, final boolean truncate)
    {
        try
        {
            final long now = channel.size();
            if (size < now && truncate)
            {
                channel.truncate(size);
            }
            else if (size > now)
            {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
        }
        catch (final IOException e)
        {
            throw io(e);
        }
    }

    /** {@code MPI_FILE_SET_VIEW}, collective: resets both file pointers to 0. */
    public void setView(final long disp, final TypeMap etype, final TypeMap filetype, final String datarep)
    {
        live();
        view = new View(disp, etype, filetype, datarep);
        position = 0;
        Collectives.barrier(comm);
        if (comm.rank() == 0)
        {
            setShared(0);
        }
        Collectives.barrier(comm);
    }

    // ---------------------------------------------------------------- data

    /** Read {@code count} items of {@code type} at {@code offset} (etypes of the view); the elements read. */
    public int readAt(final long offset, final Object buf, final int count, final TypeMap type)
    {
        live();
        if ((amode & MODE_WRONLY) != 0)
        {
            throw new MpiError(ErrorClass.ACCESS, "the file was opened MODE_WRONLY");
        }
        final int elements = count * type.size();
        final int scale = type.base().byteSize();
        final long stream = streamByte(offset);
        bytes(buf, count, type, true);
        final ByteBuffer lying = lying(buf, type);
        if (lying != null)
        {
            return readInto(lying, stream, elements * scale) / scale;
        }
        int read = 0;
        for (int first = 0; first < elements; )
        {
            final int n = Math.min(elements - first, CHUNK / scale);
            final ByteBuffer chunk = chunk();
            final int got = readInto(chunk, stream + (long)first * scale, n * scale);
            final int whole = got / scale;
            Transfer.unpackRange(null, Memory.origin(chunk, BaseType.BYTE), buf, 0, type, first, whole);
            read += whole;
            if (got < n * scale)
            {
                break;
            }
            first += n;
        }
        return read;
    }

    /** Read {@code length} visible bytes from {@code stream} into {@code into} from its index 0; the bytes read. */
    private int readInto(final ByteBuffer into, final long stream, final int length)
    {
        final int[] got = { 0 };
        final boolean[] ended = { false };
        view.ranges(stream, length, (fileByte, streamByte, n) ->
        {
            if (!ended[0])
            {
                into.limit(streamByte + n).position(streamByte);
                final int bytes = readFully(into, fileByte);
                got[0] += bytes;
                ended[0] = bytes < n;
            }
        });
        return got[0];
    }

    /** Write {@code length} bytes of {@code from} from its index 0 as visible bytes from {@code stream}. */
    private void writeFrom(final ByteBuffer from, final long stream, final int length)
    {
        view.ranges(stream, length, (fileByte, streamByte, n) ->
        {
            from.limit(streamByte + n).position(streamByte);
            writeFully(from, fileByte);
        });
    }

    /** A view of {@code buf}'s bytes when they go to the file as they lie (a direct byte buffer, dense), else null. */
    private static ByteBuffer lying(final Object buf, final TypeMap type)
    {
        return buf instanceof ByteBuffer && ((ByteBuffer)buf).isDirect() && type.isContiguous() ?
            ((ByteBuffer)buf).duplicate().clear() : null;
    }

    /** Write {@code count} items of {@code type} at {@code offset} (etypes of the view); the elements written. */
    public int writeAt(final long offset, final Object buf, final int count, final TypeMap type)
    {
        live();
        writable();
        final int elements = count * type.size();
        final int scale = type.base().byteSize();
        final long stream = streamByte(offset);
        bytes(buf, count, type, false);
        final ByteBuffer lying = lying(buf, type);
        if (lying != null)
        {
            writeFrom(lying, stream, elements * scale);
            return elements;
        }
        for (int first = 0; first < elements; first += CHUNK / scale)
        {
            final int n = Math.min(elements - first, CHUNK / scale);
            final ByteBuffer chunk = chunk();
            Transfer.packRange(buf, 0, type, first, n, null, Memory.origin(chunk, BaseType.BYTE));
            writeFrom(chunk, stream + (long)first * scale, n * scale);
        }
        return elements;
    }

    /** This handle's direct buffer between memory and the file, made on first use. */
    private ByteBuffer chunk()
    {
        if (chunk == null)
        {
            chunk = ByteBuffer.allocateDirect(CHUNK);
        }
        return chunk.clear();
    }

    /** {@link #readAt} the individual file pointer, which moves past what was read. */
    public int read(final Object buf, final int count, final TypeMap type)
    {
        final int elements = readAt(position, buf, count, type);
        position += etypes(elements, type);
        return elements;
    }

    /** {@link #writeAt} the individual file pointer, which moves past what was written. */
    public int write(final Object buf, final int count, final TypeMap type)
    {
        final int elements = writeAt(position, buf, count, type);
        position += etypes(elements, type);
        return elements;
    }

    /** {@code MPI_FILE_SEEK}: move the individual file pointer. */
    public void seek(final long offset, final int whence)
    {
        live();
        position = target(offset, whence, position);
    }

    /** The individual file pointer, in etypes. */
    public long position()
    {
        live();
        return position;
    }

    /** The file byte of view position {@code offset}. */
    public long byteOffset(final long offset)
    {
        live();
        return view.fileByte(streamByte(offset));
    }

    // ---------------------------------------------------------------- the shared file pointer

    /** {@link #readAt} the shared file pointer, which moves past it for every rank. */
    public int readShared(final Object buf, final int count, final TypeMap type)
    {
        return readAt(sharedPosition(buf, count, type, false, true), buf, count, type);
    }

    /** {@link #writeAt} the shared file pointer, which moves past it for every rank. */
    public int writeShared(final Object buf, final int count, final TypeMap type)
    {
        live();
        writable();
        return writeAt(sharedPosition(buf, count, type, false, false), buf, count, type);
    }

    /** Collective {@link #readShared}: the ranks' parts follow each other in rank order. */
    public int readOrdered(final Object buf, final int count, final TypeMap type)
    {
        return readAt(sharedPosition(buf, count, type, true, true), buf, count, type);
    }

    /** Collective {@link #writeShared}: the ranks' parts follow each other in rank order. */
    public int writeOrdered(final Object buf, final int count, final TypeMap type)
    {
        live();
        writable();
        return writeAt(sharedPosition(buf, count, type, true, false), buf, count, type);
    }

    /**
     * Where an access of {@code count} items of {@code type} at the shared file pointer begins, the pointer moved past
     * it ({@code ordered}: collectively, past every rank's part, the parts in rank order).
     */
    private long sharedPosition(final Object buf, final int count, final TypeMap type, final boolean ordered,
        final boolean fills)
    {
        live();
        bytes(buf, count, type, fills);
        final long etypes = etypes(count * type.size(), type);
        return ordered ? orderedPosition(etypes) : advanceShared(etypes);
    }

    /** {@code MPI_FILE_SEEK_SHARED}, collective: every rank passes the same offset and whence. */
    public void seekShared(final long offset, final int whence)
    {
        live();
        final long[] all = allgather(offset, whence);
        for (int r = 1; r < comm.size(); r++)
        {
            if (all[2 * r] != all[0] || all[2 * r + 1] != all[1])
            {
                throw new MpiError(ErrorClass.NOT_SAME, "rank " + r + " passed seekShared(" + all[2 * r] + ", " +
                    all[2 * r + 1] + "), rank 0 (" + all[0] + ", " + all[1] + ")");
            }
        }
        if (comm.rank() == 0)
        {
            setShared(target(offset, whence, positionShared()));
        }
        Collectives.barrier(comm);
    }

    /** The shared file pointer, in etypes. */
    public long positionShared()
    {
        live();
        final java.nio.LongBuffer now = java.nio.LongBuffer.allocate(1);
        shared.lock(Window.LOCK_SHARED, 0);
        shared.getAccumulate(null, 0, LONG, now, 1, LONG, 0, 0, 1, LONG, AccumulateOps.NO_OP);
        shared.unlock(0);
        return now.get(0);
    }

    private long advanceShared(final long etypes)
    {
        final java.nio.LongBuffer before = java.nio.LongBuffer.allocate(1);
        shared.lock(Window.LOCK_SHARED, 0);
        shared.getAccumulate(java.nio.LongBuffer.wrap(new long[]{ etypes }), 1, LONG, before, 1, LONG, 0, 0, 1, LONG,
            PredefinedOp.SUM);
        shared.unlock(0);
        return before.get(0);
    }

    private void setShared(final long value)
    {
        shared.lock(Window.LOCK_EXCLUSIVE, 0);
        shared.put(java.nio.LongBuffer.wrap(new long[]{ value }), 1, LONG, 0, 0, 1, LONG);
        shared.unlock(0);
    }

    /** Every rank's place in an ordered access of {@code etypes} each: the shared pointer moves past them all. */
    private long orderedPosition(final long etypes)
    {
        final long[] all = allgather(etypes, 0);
        long before = 0;
        long total = 0;
        for (int r = 0; r < comm.size(); r++)
        {
            before += r < comm.rank() ? all[2 * r] : 0;
            total += all[2 * r];
        }
        final long[] base = new long[1];
        if (comm.rank() == 0)
        {
            base[0] = advanceShared(total);
        }
        Collectives.bcast(comm, base, 0, 1, LONG, 0);
        return base[0] + before;
    }

    private long[] allgather(final long a, final int b)
    {
        final int[] all = Agreement.allgather(comm, new int[]{ (int)(a >>> 32), (int)a, b });
        final long[] pairs = new long[2 * comm.size()];
        for (int r = 0; r < comm.size(); r++)
        {
            pairs[2 * r] = (long)all[3 * r] << 32 | all[3 * r + 1] & 0xffffffffL;
            pairs[2 * r + 1] = all[3 * r + 2];
        }
        return pairs;
    }

    // ---------------------------------------------------------------- consistency

    /** {@code MPI_FILE_SYNC}, collective: this rank's writes reach the storage. */
    public void sync()
    {
        live();
        try
        {
            channel.force(true);
        }
        catch (final IOException e)
        {
            throw io(e);
        }
        Collectives.barrier(comm);
    }

    /** Atomic mode is kept, not needed: each rank's write is one positional write per range of the view. */
    public void setAtomicity(final boolean atomicity)
    {
        live();
        this.atomic = atomicity;
        Collectives.barrier(comm);
    }

    public boolean atomicity()
    {
        return atomic;
    }

    // ---------------------------------------------------------------- helpers

    private long target(final long offset, final int whence, final long current)
    {
        final long at;
        switch (whence)
        {
            case SEEK_SET:
                at = offset;
                break;
            case SEEK_CUR:
                at = current + offset;
                break;
            case SEEK_END:
                at = visibleEtypes() + offset;
                break;
            default:
                throw new MpiError(ErrorClass.ARG, "whence must be SEEK_SET, SEEK_CUR or SEEK_END, not " + whence);
        }
        if (at < 0)
        {
            throw new MpiError(ErrorClass.ARG, "a file pointer cannot move before the view's start: " + at);
        }
        return at;
    }

    /** The etypes of the view before the end of the file. */
    private long visibleEtypes()
    {
        return view.visibleBefore(size()) / view.etypeBytes;
    }

    private long streamByte(final long offset)
    {
        if (offset < 0)
        {
            throw new MpiError(ErrorClass.ARG, "a file offset must not be negative: " + offset);
        }
        return offset * view.etypeBytes;
    }

    /**
     * Check {@code count} items of {@code type} in {@code buf}, which a read {@code fills}: a whole number of the view's
     * etypes.
     */
    private void bytes(final Object buf, final int count, final TypeMap type, final boolean fills)
    {
        final BaseType base = type.base();
        if (count < 0)
        {
            throw new MpiError(ErrorClass.COUNT, "count must not be negative: " + count);
        }
        if (base == null || base == BaseType.OBJECT)
        {
            throw new MpiError(ErrorClass.TYPE, "MPI-IO moves bytes: " + type + " has none of its own");
        }
        Memory.checkBuffer(base, buf, count, fills);
        Transfer.checkRange(buf, 0, type, count);
        final long bytes = (long)count * type.size() * base.byteSize();
        if (bytes % view.etypeBytes != 0 || bytes > Integer.MAX_VALUE)
        {
            throw new MpiError(ErrorClass.TYPE, count + " items of " + type + " are not a whole number of the " +
                "view's etype " + view.etype);
        }
    }

    private long etypes(final int elements, final TypeMap type)
    {
        return (long)elements * type.base().byteSize() / view.etypeBytes;
    }

    private int readFully(final ByteBuffer into, final long fileByte)
    {
        int total = 0;
        try
        {
            while (into.hasRemaining())
            {
                final int n = channel.read(into, fileByte + total);
                if (n < 0)
                {
                    break;
                }
                total += n;
            }
        }
        catch (final IOException e)
        {
            throw io(e);
        }
        return total;
    }

    private void writeFully(final ByteBuffer from, final long fileByte)
    {
        try
        {
            long at = fileByte;
            while (from.hasRemaining())
            {
                at += channel.write(from, at);
            }
        }
        catch (final IOException e)
        {
            throw io(e);
        }
    }

    private void writable()
    {
        if ((amode & MODE_RDONLY) != 0)
        {
            throw new MpiError(ErrorClass.READ_ONLY, "the file was opened MODE_RDONLY");
        }
    }

    private void live()
    {
        if (closed)
        {
            throw new MpiError(ErrorClass.FILE, "the file was closed");
        }
    }

    private MpiError io(final IOException e)
    {
        return new MpiError(ErrorClass.IO, path + ": " + e.getMessage());
    }
}
