package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Open MPI's MPI-IO in each placement: every rank writes its block of one file at explicit offsets, reads it back
 * through a strided view, moves its own file pointer, appends in rank order and in any order through the shared file
 * pointer; bad modes, names and representations are clear errors on every rank; a file opened to be deleted is gone
 * once closed.
 */
@Timeout(120)
class FileTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void ranksShareOneFileThroughOffsetsViewsAndPointers(final Ranks.Layout layout, @TempDir final Path dir)
        throws Exception
    {
        final Path file = dir.resolve("data");
        Ranks.run(layout, 4, ParallelIo.class, file.toString());
        assertFalse(Files.exists(file), "opened MODE_DELETE_ON_CLOSE");
    }

    public static class ParallelIo
    {
        private static final int BLOCK = 4;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            final String name = args[args.length - 1];

            final File file = new File(world, name, MPI.MODE_CREATE | MPI.MODE_RDWR | MPI.MODE_DELETE_ON_CLOSE);
            file.setView(0, MPI.INT, MPI.INT, "native");
            final int[] mine = new int[BLOCK];
            for (int i = 0; i < BLOCK; i++)
            {
                mine[i] = 10 * rank + i;
            }
            assertEquals(BLOCK, file.writeAtAll((long)BLOCK * rank, mine, BLOCK, MPI.INT).getCount(MPI.INT));
            file.sync();
            assertEquals((long)Integer.BYTES * BLOCK * size, file.getSize());

            // Every rank sees pairs of ints, size pairs apart, from its own pair on: ints 2r, 2r+1, 2r+2size, ...
            final Datatype pairs = Datatype.createResized(Datatype.createContiguous(2, MPI.INT), 0,
                2 * Integer.BYTES * size);
            file.setView(2L * Integer.BYTES * rank, MPI.INT, pairs, "native");
            final java.nio.IntBuffer seen = MPI.newIntBuffer(4);
            assertEquals(4, file.readAll(seen, 4, MPI.INT).getCount(MPI.INT));
            for (int i = 0; i < 4; i++)
            {
                final int k = 2 * rank + i % 2 + i / 2 * 2 * size;
                assertEquals(10 * (k / BLOCK) + k % BLOCK, seen.get(i), "int " + k);
            }
            assertEquals(4, file.getPosition());
            assertEquals(2L * Integer.BYTES * (rank + size) + Integer.BYTES, file.getByteOffset(3));

            // The individual file pointer, on a plain view of ints.
            file.setView(0, MPI.INT, MPI.INT, "native");
            file.seek(rank, MPI.SEEK_SET);
            final int[] one = new int[1];
            file.read(one, 1, MPI.INT);
            assertEquals(10 * (rank / BLOCK) + rank % BLOCK, one[0]);
            assertEquals(rank + 1, file.getPosition());
            // A direct byte buffer moves as it lies: the first two ints, as bytes of the view's ints.
            final java.nio.ByteBuffer bytes = MPI.newByteBuffer(2 * Integer.BYTES);
            assertEquals(2 * Integer.BYTES, file.readAt(0, bytes, 2 * Integer.BYTES, MPI.BYTE).getCount(MPI.BYTE));
            assertEquals(1, bytes.getInt(Integer.BYTES));

            // The shared file pointer: from the end, rank r appends r + 1 ints in rank order, then one int each in
            // whatever order the ranks come.
            file.seekShared(0, MPI.SEEK_END);
            final long end = (long)BLOCK * size;
            assertEquals(end, file.getPositionShared());
            final int[] run = new int[rank + 1];
            Arrays.fill(run, 100 + rank);
            file.writeOrdered(run, rank + 1, MPI.INT);
            final long ordered = end + (long)size * (size + 1) / 2;
            assertEquals(ordered, file.getPositionShared());
            world.barrier();
            file.writeShared(new int[]{ 200 + rank }, 1, MPI.INT);
            world.barrier();
            final int[] all = new int[(int)(ordered - end) + size];
            file.readAt(end, all, all.length, MPI.INT);
            int at = 0;
            for (int r = 0; r < size; r++)
            {
                for (int i = 0; i <= r; i++)
                {
                    assertEquals(100 + r, all[at++]);
                }
            }
            final int[] anyOrder = Arrays.copyOfRange(all, at, all.length);
            Arrays.sort(anyOrder);
            for (int r = 0; r < size; r++)
            {
                assertEquals(200 + r, anyOrder[r]);
            }
            final int[] readBack = new int[1];
            file.seekShared(end, MPI.SEEK_SET);
            file.readOrdered(readBack, 1, MPI.INT);
            assertEquals(all[rank], readBack[0], "the ordered read of rank " + rank);

            world.setErrhandler(MPI.ERRORS_RETURN);
            assertEquals(MPI.ERR_NO_SUCH_FILE, assertThrows(MPIException.class,
                () -> new File(world, name + ".missing", MPI.MODE_RDONLY)).getErrorClass());
            assertEquals(MPI.ERR_AMODE, assertThrows(MPIException.class,
                () -> new File(world, name, MPI.MODE_RDONLY | MPI.MODE_CREATE)).getErrorClass());
            assertEquals(MPI.ERR_FILE_EXISTS, assertThrows(MPIException.class,
                () -> new File(world, name, MPI.MODE_CREATE | MPI.MODE_EXCL | MPI.MODE_WRONLY)).getErrorClass());
            assertEquals(MPI.ERR_UNSUPPORTED_DATAREP, assertThrows(MPIException.class,
                () -> file.setView(0, MPI.INT, MPI.INT, "external32")).getErrorClass());
            final File readOnly = new File(world, name, MPI.MODE_RDONLY);
            assertEquals(MPI.ERR_READ_ONLY, assertThrows(MPIException.class,
                () -> readOnly.writeAt(0, one, 1, MPI.INT)).getErrorClass());
            final int[] first = new int[BLOCK];
            readOnly.readAt(0, first, BLOCK, MPI.INT);
            assertArrayEquals(new int[]{ 0, 1, 2, 3 }, first, "a second handle reads rank 0's block");
            readOnly.close();
            file.close();
            assertEquals(MPI.ERR_FILE, assertThrows(MPIException.class, file::getSize).getErrorClass());
            MPI.Finalize();
        }
    }
}
