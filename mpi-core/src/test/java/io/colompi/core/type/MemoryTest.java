package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nio buffers as message buffers: where their elements lie, what they may carry, and copies in and out. */
class MemoryTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);

    @Test
    void directBuffersAreCopiedWhereTheyLieFromElementZeroWhateverThePosition()
    {
        final IntBuffer direct = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder()).asIntBuffer();
        direct.position(5);
        Transfer.copy(new int[]{ 1, 2, 3 }, 0, INT, direct, 1, INT, 3);
        assertEquals(2, direct.get(2));
        final int[] back = new int[8];
        Transfer.copy(direct, 0, INT, back, 0, TypeMap.vector(4, 1, 2, INT), 4);
        assertArrayEquals(new int[]{ 0, 0, 1, 0, 2, 0, 3, 0 }, back);
        assertNull(Memory.base(direct));
    }

    @Test
    void packAndUnpackGoOffHeapToOffHeap()
    {
        final DoubleBuffer from = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        from.put(0, 1.5).put(1, 2.5).put(2, 3.5);
        final ByteBuffer wire = ByteBuffer.allocateDirect(24);
        final long wireAddress = Memory.origin(wire, BaseType.BYTE);
        assertEquals(16, Transfer.packRange(from, 0, TypeMap.basic(BaseType.DOUBLE), 1, 2, null, wireAddress));
        final DoubleBuffer to = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        Transfer.unpack(null, wireAddress, 2, to, 0, TypeMap.basic(BaseType.DOUBLE));
        assertEquals(2.5, to.get(0));
        assertEquals(3.5, to.get(1));
    }

    @Test
    void heapBuffersUseTheirArrayFromTheirArrayOffsetAndByteBuffersCarryAnyType()
    {
        final int[] array = new int[6];
        final IntBuffer slice = IntBuffer.wrap(array, 2, 4).slice();
        Transfer.copy(new int[]{ 7, 8 }, 0, INT, slice, 0, INT, 2);
        assertArrayEquals(new int[]{ 0, 0, 7, 8, 0, 0 }, array);
        final ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        assertTrue(Memory.fits(BaseType.INT, bytes));
        assertEquals(2, Memory.elements(bytes, BaseType.INT));
        Transfer.copy(new int[]{ 9, 10 }, 0, INT, bytes, 0, INT, 2);
        assertEquals(10, bytes.getInt(4));
    }

    @Test
    void aBufferTooSmallOrOfTheWrongKindIsAnErrorBeforeAnythingIsWritten()
    {
        final IntBuffer three = ByteBuffer.allocateDirect(12).asIntBuffer();
        final MpiError tooSmall = assertThrows(MpiError.class, () -> Transfer.checkRange(three, 0, INT, 4));
        assertEquals(ErrorClass.BUFFER, tooSmall.errorClass());
        assertEquals(ErrorClass.TYPE, Memory.check(BaseType.DOUBLE, three).errorClass());
        final MpiError view = Memory.check(BaseType.INT, ByteBuffer.allocate(8).asIntBuffer());
        assertEquals(ErrorClass.BUFFER, view.errorClass());
        assertTrue(view.getMessage().contains("MPI.newIntBuffer"), view.getMessage());
        assertTrue(Memory.isReadOnly(three.asReadOnlyBuffer()));
    }
}
