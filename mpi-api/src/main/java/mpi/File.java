package mpi;

import io.colompi.core.file.MpiFile;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;

import java.nio.Buffer;
import java.util.function.Supplier;

/**
 * Open MPI's MPI-IO file ({@code MPI_File}): opened by every rank of a communicator; read and written at explicit
 * offsets, through each rank's file pointer or the pointer all ranks share, independently or collectively (a
 * collective call is each rank's part, as MPI allows), seen through a view ({@code setView}: a displacement, an
 * etype and a filetype). Data goes to the file as it lies in memory ("native"). The nonblocking and split-collective
 * forms complete at once; their requests and ends report what was moved.
 */
public final class File
{
    final MpiFile core;
    final Engine engine;
    private FileView view = new FileView(0, MPI.BYTE, MPI.BYTE, "native");
    /** The status of a split collective between its begin and its end. */
    private Status begun;

    /** {@code MPI_FILE_OPEN}, collective over {@code comm}. */
    public File(final Comm comm, final String filename, final int amode)
    {
        this.engine = comm.engine;
        try
        {
            this.core = MpiFile.open(comm.live("File"), filename, amode);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "File");
        }
    }

    /** As {@link #File(Comm, String, int)}; colompi takes no file hints. */
    public File(final Comm comm, final String filename, final int amode, final Info info)
    {
        this(comm, filename, amode);
    }

    /** Collective; a file opened {@code MODE_DELETE_ON_CLOSE} is deleted. */
    public void close()
    {
        run(core::close, "File.close");
    }

    public static void delete(final String filename)
    {
        MPI.started("File.delete");
        try
        {
            MpiFile.delete(filename);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "File.delete");
        }
    }

    public static void delete(final String filename, final Info info)
    {
        delete(filename);
    }

    /** Collective: truncate the file, or extend it with zeros, to {@code size} bytes. */
    public void setSize(final long size)
    {
        run(() -> core.setSize(size), "File.setSize");
    }

    public void preallocate(final long size)
    {
        run(() -> core.preallocate(size), "File.preallocate");
    }

    /** Bytes in the file. */
    public long getSize()
    {
        return call(core::size, "File.getSize");
    }

    public Group getGroup()
    {
        return new Group(call(core::group, "File.getGroup"), engine.worldRank());
    }

    public int getAMode()
    {
        MPI.started("File.getAMode");
        return core.amode();
    }

    /** Hints are ignored, as MPI allows. */
    public void setInfo(final Info info)
    {
        MPI.started("File.setInfo");
    }

    public Info getInfo()
    {
        MPI.started("File.getInfo");
        return new Info();
    }

    /** Collective: from byte {@code disp} the file is seen as copies of {@code filetype}, counted in etypes. */
    public void setView(final long disp, final Datatype etype, final Datatype filetype, final String datarep)
    {
        run(() -> core.setView(disp, Datatype.data(etype), Datatype.data(filetype), datarep), "File.setView");
        view = new FileView(disp, etype, filetype, datarep);
    }

    public void setView(final long disp, final Datatype etype, final Datatype filetype, final String datarep,
        final Info info)
    {
        setView(disp, etype, filetype, datarep);
    }

    public FileView getView()
    {
        MPI.started("File.getView");
        return view;
    }

    // ---------------------------------------------------------------- at explicit offsets (etypes of the view)

    public Status readAt(final long offset, final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.readAt(offset, buf, count, Datatype.data(type)), "File.readAt"), type);
    }

    public Status readAtAll(final long offset, final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.readAt(offset, buf, count, Datatype.data(type)), "File.readAtAll"), type);
    }

    public Status writeAt(final long offset, final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.writeAt(offset, buf, count, Datatype.data(type)), "File.writeAt"), type);
    }

    public Status writeAtAll(final long offset, final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.writeAt(offset, buf, count, Datatype.data(type)), "File.writeAtAll"), type);
    }

    public Request iReadAt(final long offset, final Buffer buf, final int count, final Datatype type)
    {
        return done(readAt(offset, buf, count, type));
    }

    public Request iReadAtAll(final long offset, final Buffer buf, final int count, final Datatype type)
    {
        return done(readAtAll(offset, buf, count, type));
    }

    public Request iWriteAt(final long offset, final Buffer buf, final int count, final Datatype type)
    {
        return done(writeAt(offset, buf, count, type));
    }

    public Request iWriteAtAll(final long offset, final Buffer buf, final int count, final Datatype type)
    {
        return done(writeAtAll(offset, buf, count, type));
    }

    // ---------------------------------------------------------------- at the individual file pointer

    public Status read(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.read(buf, count, Datatype.data(type)), "File.read"), type);
    }

    public Status readAll(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.read(buf, count, Datatype.data(type)), "File.readAll"), type);
    }

    public Status write(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.write(buf, count, Datatype.data(type)), "File.write"), type);
    }

    public Status writeAll(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.write(buf, count, Datatype.data(type)), "File.writeAll"), type);
    }

    public Request iRead(final Buffer buf, final int count, final Datatype type)
    {
        return done(read(buf, count, type));
    }

    public Request iReadAll(final Buffer buf, final int count, final Datatype type)
    {
        return done(readAll(buf, count, type));
    }

    public Request iWrite(final Buffer buf, final int count, final Datatype type)
    {
        return done(write(buf, count, type));
    }

    public Request iWriteAll(final Buffer buf, final int count, final Datatype type)
    {
        return done(writeAll(buf, count, type));
    }

    /** Move this rank's file pointer: {@code MPI.SEEK_SET}, {@code SEEK_CUR} or {@code SEEK_END}. */
    public void seek(final long offset, final int whence)
    {
        run(() -> core.seek(offset, whence), "File.seek");
    }

    /** This rank's file pointer, in etypes of the view. */
    public long getPosition()
    {
        return call(core::position, "File.getPosition");
    }

    /** The byte in the file of view position {@code offset}. */
    public long getByteOffset(final long offset)
    {
        return call(() -> core.byteOffset(offset), "File.getByteOffset");
    }

    // ---------------------------------------------------------------- at the shared file pointer

    public Status readShared(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.readShared(buf, count, Datatype.data(type)), "File.readShared"), type);
    }

    public Status writeShared(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.writeShared(buf, count, Datatype.data(type)), "File.writeShared"), type);
    }

    public Request iReadShared(final Buffer buf, final int count, final Datatype type)
    {
        return done(readShared(buf, count, type));
    }

    public Request iWriteShared(final Buffer buf, final int count, final Datatype type)
    {
        return done(writeShared(buf, count, type));
    }

    /** Collective: the ranks' parts follow each other, in rank order, from the shared file pointer. */
    public Status readOrdered(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.readOrdered(buf, count, Datatype.data(type)), "File.readOrdered"), type);
    }

    public Status writeOrdered(final Object buf, final int count, final Datatype type)
    {
        return status(call(() -> core.writeOrdered(buf, count, Datatype.data(type)), "File.writeOrdered"), type);
    }

    /** Collective, the same arguments on every rank. */
    public void seekShared(final long offset, final int whence)
    {
        run(() -> core.seekShared(offset, whence), "File.seekShared");
    }

    public long getPositionShared()
    {
        return call(core::positionShared, "File.getPositionShared");
    }

    // ---------------------------------------------------------------- split collectives: done at the begin

    public void readAtAllBegin(final long offset, final Object buf, final int count, final Datatype type)
    {
        begin(readAtAll(offset, buf, count, type));
    }

    public Status readAtAllEnd(final Object buf)
    {
        return end("File.readAtAllEnd");
    }

    public void writeAtAllBegin(final long offset, final Object buf, final int count, final Datatype type)
    {
        begin(writeAtAll(offset, buf, count, type));
    }

    public Status writeAtAllEnd(final Object buf)
    {
        return end("File.writeAtAllEnd");
    }

    public void readAllBegin(final Object buf, final int count, final Datatype type)
    {
        begin(readAll(buf, count, type));
    }

    public Status readAllEnd(final Object buf)
    {
        return end("File.readAllEnd");
    }

    public void writeAllBegin(final Object buf, final int count, final Datatype type)
    {
        begin(writeAll(buf, count, type));
    }

    public Status writeAllEnd(final Object buf)
    {
        return end("File.writeAllEnd");
    }

    public void readOrderedBegin(final Object buf, final int count, final Datatype type)
    {
        begin(readOrdered(buf, count, type));
    }

    public Status readOrderedEnd(final Object buf)
    {
        return end("File.readOrderedEnd");
    }

    public void writeOrderedBegin(final Object buf, final int count, final Datatype type)
    {
        begin(writeOrdered(buf, count, type));
    }

    public Status writeOrderedEnd(final Object buf)
    {
        return end("File.writeOrderedEnd");
    }

    // ---------------------------------------------------------------- consistency and the rest

    /** Bytes {@code type} spans in the file: its extent. */
    public int getTypeExtent(final Datatype type)
    {
        return type.getExtent() * type.getByteSize();
    }

    public void setAtomicity(final boolean atomicity)
    {
        run(() -> core.setAtomicity(atomicity), "File.setAtomicity");
    }

    public boolean getAtomicity()
    {
        MPI.started("File.getAtomicity");
        return core.atomicity();
    }

    /** Collective: this rank's writes reach the storage. */
    public void sync()
    {
        run(core::sync, "File.sync");
    }

    /** Colompi has one error handler per rank, for all its communicators, windows and files. */
    public void setErrhandler(final Errhandler errhandler)
    {
        MPI.Errorhandler_set(errhandler);
    }

    public Errhandler getErrhandler()
    {
        return MPI.Errorhandler_get();
    }

    /** Invoke the rank's error handler on {@code errorCode}: ERRORS_RETURN returns, ERRORS_ARE_FATAL ends the job. */
    public void callErrhandler(final int errorCode)
    {
        MPI.callErrhandler(errorCode, "File.callErrhandler");
    }

    private Status status(final int elements, final Datatype type)
    {
        return new Status(MPI.ANY_SOURCE, MPI.ANY_TAG, elements, type.getByteSize(), false);
    }

    /** A request that completed when it was made, reporting {@code status}. */
    private Request done(final Status status)
    {
        return new Request(engine, status);
    }

    private void begin(final Status status)
    {
        if (begun != null)
        {
            throw MPI.raise(new MpiError(ErrorClass.OTHER, "a split collective is already open on this file"),
                "File.begin");
        }
        begun = status;
    }

    private Status end(final String call)
    {
        final Status status = begun;
        if (status == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.OTHER, "no split collective was begun on this file"), call);
        }
        begun = null;
        return status;
    }

    private <T> T call(final Supplier<T> operation, final String call)
    {
        return Calls.call(engine, -1, call, operation);
    }

    private void run(final Runnable operation, final String call)
    {
        Calls.run(engine, -1, call, operation);
    }
}
