package io.colompi.core.file;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * A file view ({@code MPI_FILE_SET_VIEW}): the bytes a rank sees of a file, from byte {@code disp} on, through
 * copies of its filetype laid end to end; positions count etypes of that stream of visible bytes. It maps a run of
 * visible bytes onto the file's byte ranges.
 */
final class View
{
    /** Where a run of the visible bytes lies in the file. */
    @FunctionalInterface
    interface Range
    {
        /** {@code length} visible bytes from {@code streamByte} of the run lie at {@code fileByte}. */
        void at(long fileByte, int streamByte, int length);
    }

    final long disp;
    final TypeMap etype;
    final int etypeBytes;
    /** The filetype's blocks in bytes from the start of a tile, its visible bytes and its extent in bytes. */
    private final long[] blockStart;
    private final long[] blockBytes;
    private final long tileData;
    private final long tileExtent;
    /** Whether the visible bytes are the file's bytes from {@link #disp} on, without holes. */
    private final boolean contiguous;

    View(final long disp, final TypeMap etype, final TypeMap filetype, final String datarep)
    {
        final BaseType base = etype.base();
        if (disp < 0)
        {
            throw new MpiError(ErrorClass.ARG, "a view's displacement must not be negative: " + disp);
        }
        if (base == null || base == BaseType.OBJECT || filetype.base() == null ||
            !base.accepts(filetype.base()) && !(base.arrayClass() == byte[].class))
        {
            throw new MpiError(ErrorClass.TYPE, "a view needs an etype of a primitive type and a filetype built " +
                "from it, not " + etype + " and " + filetype);
        }
        if (!"native".equals(datarep) && !"internal".equals(datarep))
        {
            throw new MpiError(ErrorClass.UNSUPPORTED_DATAREP, "data representation '" + datarep + "': colompi " +
                "writes 'native' (and 'internal', the same)");
        }
        final int scale = filetype.base().byteSize();
        if (filetype.trueLb() < 0 || filetype.extent() <= 0 || filetype.size() == 0)
        {
            throw new MpiError(ErrorClass.TYPE, "a filetype needs data, a positive extent and no negative " +
                "displacements, not " + filetype);
        }
        this.disp = disp;
        this.etype = etype;
        this.etypeBytes = etype.size() * base.byteSize();
        final int blocks = filetype.blockCount();
        this.blockStart = new long[blocks];
        this.blockBytes = new long[blocks];
        for (int b = 0; b < blocks; b++)
        {
            blockStart[b] = (long)(filetype.blockDisp(b) - filetype.lb()) * scale;
            blockBytes[b] = (long)filetype.blockLength(b) * scale;
        }
        this.tileData = (long)filetype.size() * scale;
        this.tileExtent = (long)filetype.extent() * scale;
        this.contiguous = filetype.isContiguous();
    }

    /** The view of a file just opened: every byte, from byte 0. */
    static View bytes()
    {
        final TypeMap bytes = TypeMap.dense(BaseType.BYTE);
        return new View(0, bytes, bytes, "native");
    }

    /**
     * The file bytes of {@code length} visible bytes from visible byte {@code streamByte}, in order, each range as
     * long as the file's bytes run on (a contiguous filetype: one range).
     */
    void ranges(final long streamByte, final int length, final Range range)
    {
        if (contiguous)
        {
            if (length > 0)
            {
                range.at(disp + streamByte, 0, length);
            }
            return;
        }
        final long[] pending = { -1, 0, 0 };
        blocks(streamByte, length, (fileByte, s, n) ->
        {
            if (pending[0] >= 0 && pending[0] + pending[2] == fileByte)
            {
                pending[2] += n;
                return;
            }
            if (pending[0] >= 0)
            {
                range.at(pending[0], (int)pending[1], (int)pending[2]);
            }
            pending[0] = fileByte;
            pending[1] = s;
            pending[2] = n;
        });
        if (pending[0] >= 0)
        {
            range.at(pending[0], (int)pending[1], (int)pending[2]);
        }
    }

    /** {@link #ranges}, one per block of the filetype. */
    private void blocks(final long streamByte, final int length, final Range range)
    {
        long tile = streamByte / tileData;
        long inTile = streamByte % tileData;
        int done = 0;
        while (done < length)
        {
            for (int b = 0; b < blockStart.length && done < length; b++)
            {
                if (inTile >= blockBytes[b])
                {
                    inTile -= blockBytes[b];
                    continue;
                }
                final int n = (int)Math.min(blockBytes[b] - inTile, length - done);
                range.at(disp + tile * tileExtent + blockStart[b] + inTile, done, n);
                done += n;
                inTile = 0;
            }
            tile++;
            inTile = 0;
        }
    }

    /** The file byte of visible byte {@code streamByte}. */
    long fileByte(final long streamByte)
    {
        final long[] at = { -1 };
        ranges(streamByte, 1, (fileByte, s, n) -> at[0] = fileByte);
        return at[0];
    }

    /** How many visible bytes lie before file byte {@code fileSize}: where the view of the file ends. */
    long visibleBefore(final long fileSize)
    {
        if (fileSize <= disp)
        {
            return 0;
        }
        final long past = fileSize - disp;
        long visible = past / tileExtent * tileData;
        final long rest = past % tileExtent;
        for (int b = 0; b < blockStart.length; b++)
        {
            visible += Math.max(0, Math.min(blockBytes[b], rest - blockStart[b]));
        }
        return visible;
    }
}
