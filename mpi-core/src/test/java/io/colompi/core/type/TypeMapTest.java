package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Type maps as MPI's type constructors define them, in elements of the base type (the mpiJava convention). */
@Timeout(30)
class TypeMapTest
{
    private static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);

    @Test
    void aContiguousTypeIsOneBlockAndItemsFollowEachOther()
    {
        final TypeMap three = TypeMap.contiguous(3, DOUBLE);
        assertEquals(3, three.size());
        assertEquals(3, three.extent());
        assertEquals(1, three.blockCount());
        assertTrue(three.isContiguous());
        assertEquals(BaseType.DOUBLE, three.base());
        assertEquals(6, three.packedBytes(2) / BaseType.DOUBLE.byteSize());
    }

    @Test
    void aVectorHasItsBlocksAStrideApartAndEndsAfterItsLastBlock()
    {
        final TypeMap column = TypeMap.vector(4, 2, 5, DOUBLE);
        assertEquals(8, column.size());
        assertEquals(0, column.lb());
        assertEquals(17, column.ub(), "3 strides of 5 plus a block of 2");
        assertEquals(17, column.extent());
        assertEquals(4, column.blockCount());
        assertEquals(10, column.blockDisp(2));
        assertEquals(2, column.blockLength(2));
        assertFalse(column.isContiguous());
        assertEquals(0, column.trueLb());
        assertEquals(17, column.trueUb());
    }

    @Test
    void adjacentBlocksOfAnIndexedTypeMerge()
    {
        final TypeMap indexed = TypeMap.indexed(new int[]{ 2, 1, 3 }, new int[]{ 4, 6, 0 }, DOUBLE);
        assertEquals(6, indexed.size());
        assertEquals(2, indexed.blockCount(), "[4,6) and [6,7) are one block");
        assertEquals(4, indexed.blockDisp(0));
        assertEquals(3, indexed.blockLength(0));
        assertEquals(0, indexed.lb());
        assertEquals(7, indexed.ub());
    }

    @Test
    void structMarkersSetTheBoundsAndTheExtentWhateverTheData()
    {
        final TypeMap struct = TypeMap.struct(new int[]{ 1, 2, 1 }, new int[]{ -2, 3, 10 },
            new TypeMap[]{ TypeMap.lowerBoundMarker(), DOUBLE, TypeMap.upperBoundMarker() });
        assertEquals(2, struct.size());
        assertEquals(-2, struct.lb());
        assertEquals(10, struct.ub());
        assertEquals(12, struct.extent());
        assertEquals(3, struct.trueLb(), "the data starts at 3 whatever the marker says");
        assertEquals(5, struct.trueUb());
        assertFalse(struct.isContiguous());
    }

    @Test
    void aStructOfTwoBaseTypesAndANegativeCountAreErrors()
    {
        final MpiError mixed = assertThrows(MpiError.class, () -> TypeMap.struct(new int[]{ 1, 1 }, new int[]{ 0, 1 },
            new TypeMap[]{ DOUBLE, TypeMap.basic(BaseType.INT) }));
        assertEquals(ErrorClass.TYPE, mixed.errorClass());
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> TypeMap.contiguous(-1, DOUBLE)).errorClass());
    }
}
