package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Moving elements between layouts: array to array, array to raw memory and back, with offsets and fragments. */
@Timeout(60)
class TransferTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static int[] count(final int n)
    {
        final int[] a = new int[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = i;
        }
        return a;
    }

    @Test
    void aVectorCopiedIntoAContiguousLayoutAtOffsetsTakesItsBlocksInOrder()
    {
        final TypeMap blocks = TypeMap.vector(3, 2, 4, INT);
        assertEquals(10, blocks.extent());
        final int[] dst = new int[16];
        Transfer.copy(count(21), 1, blocks, dst, 2, INT, 12);
        assertArrayEquals(new int[]{ 0, 0, 1, 2, 5, 6, 9, 10, 11, 12, 15, 16, 19, 20, 0, 0 }, dst,
            "two items from element 1, each three blocks of two, the second item one extent on");
        final int[] back = new int[21];
        Transfer.copy(dst, 2, INT, back, 1, blocks, 12);
        assertArrayEquals(new int[]{ 0, 1, 2, 0, 0, 5, 6, 0, 0, 9, 10, 11, 12, 0, 0, 15, 16, 0, 0, 19, 20 }, back);
    }

    @Test
    void anIndexedLayoutIntoAVectorWalksBothAtOnce()
    {
        final TypeMap indexed = TypeMap.indexed(new int[]{ 1, 3 }, new int[]{ 5, 0 }, INT);
        final TypeMap vector = TypeMap.vector(4, 1, 2, INT);
        final int[] dst = new int[8];
        Transfer.copy(new int[]{ 10, 11, 12, 13, 14, 15 }, 0, indexed, dst, 0, vector, 4);
        assertArrayEquals(new int[]{ 15, 0, 10, 0, 11, 0, 12, 0 }, dst, "type-map order: block at 5 first");
    }

    @Test
    void packAndUnpackRoundTripAStructWithMarkersAndFragmentsLandWhereTheyBelong()
    {
        final TypeMap struct = TypeMap.struct(new int[]{ 1, 2, 1 }, new int[]{ 0, 1, 4 },
            new TypeMap[]{ TypeMap.lowerBoundMarker(), INT, TypeMap.upperBoundMarker() });
        final int[] src = count(12);
        final byte[] packed = new byte[6 * 4];
        assertEquals(24, Transfer.pack(src, 0, struct, 3, packed, Transfer.BYTE_ARRAY_BASE));
        final int[] back = new int[12];
        Transfer.unpack(packed, Transfer.BYTE_ARRAY_BASE, 6, back, 0, struct);
        assertArrayEquals(new int[]{ 0, 1, 2, 0, 0, 5, 6, 0, 0, 9, 10, 0 }, back);
        final int[] fragments = new int[12];
        Transfer.unpackRange(packed, Transfer.BYTE_ARRAY_BASE + 3 * 4, fragments, 0, struct, 3, 3);
        Transfer.unpackRange(packed, Transfer.BYTE_ARRAY_BASE, fragments, 0, struct, 0, 3);
        assertArrayEquals(back, fragments, "fragments from the middle of an item land where the whole would");
    }

    @Test
    void aRangeOutsideTheArrayIsABufferErrorBeforeAnythingMoves()
    {
        final TypeMap vector = TypeMap.vector(2, 1, 3, INT);
        final int[] small = new int[6];
        final MpiError e = assertThrows(MpiError.class,
            () -> Transfer.pack(small, 2, vector, 2, new byte[64], Transfer.BYTE_ARRAY_BASE));
        assertEquals(ErrorClass.BUFFER, e.errorClass());
        assertTrue(e.getMessage().contains("needs elements 2..9"), e.getMessage());
        assertEquals(0, Transfer.span(vector, 0));
        assertEquals(4 + 4, Transfer.span(vector, 2), "extent 4, last item's last element at 3");
    }

    @Test
    void aDerivedDatatypeCopyAllocatesNothingOnceWarm()
    {
        final TypeMap column = TypeMap.vector(64, 1, 8, TypeMap.basic(BaseType.DOUBLE));
        final TypeMap row = TypeMap.contiguous(64, TypeMap.basic(BaseType.DOUBLE));
        final double[] matrix = new double[64 * 8];
        final double[] line = new double[64];
        final byte[] packed = new byte[64 * 8];
        final int calls = 20_000;
        for (int i = 0; i < calls; i++)
        {
            copyBothWays(column, row, matrix, line, packed);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++)
        {
            copyBothWays(column, row, matrix, line, packed);
        }
        final long perCall = (THREADS.getCurrentThreadAllocatedBytes() - before) / calls;
        assertEquals(0, perCall, "bytes allocated per derived-datatype copy, pack and unpack");
    }

    private static void copyBothWays(
        final TypeMap column, final TypeMap row, final double[] matrix, final double[] line, final byte[] packed)
    {
        Transfer.copy(matrix, 3, column, line, 0, row, 64);
        Transfer.copy(line, 0, row, matrix, 5, column, 64);
        Transfer.pack(matrix, 1, column, 1, packed, Transfer.BYTE_ARRAY_BASE);
        Transfer.unpack(packed, Transfer.BYTE_ARRAY_BASE, 64, matrix, 2, column);
    }
}
