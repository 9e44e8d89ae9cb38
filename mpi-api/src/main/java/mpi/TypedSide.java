package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * One side of an {@code allToAllw}: a count, a byte displacement and a type per rank, the types over one base type.
 * Gives the displacements in that type's elements and how many elements of the buffer the blocks reach.
 */
final class TypedSide
{
    /** The base type's own datatype, to stage the buffer as. */
    final Datatype element;
    /** The elements the blocks reach, from the buffer's start. */
    final int elements;
    final TypeMap[] maps;
    private final int[] byteDispls;
    private final int elementBytes;

    private TypedSide(final Datatype element, final int elements, final TypeMap[] maps, final int[] byteDispls,
        final int elementBytes)
    {
        this.element = element;
        this.elements = elements;
        this.maps = maps;
        this.byteDispls = byteDispls;
        this.elementBytes = elementBytes;
    }

    static TypedSide of(final String side, final int[] counts, final int[] byteDispls, final Datatype[] types,
        final int ranks)
    {
        if (counts == null || byteDispls == null || types == null || counts.length < ranks ||
            byteDispls.length < ranks || types.length < ranks)
        {
            throw new MpiError(ErrorClass.ARG, "the " + side + " counts, displacements and types must have an entry " +
                "per rank (" + ranks + ")");
        }
        final TypeMap[] maps = new TypeMap[ranks];
        for (int j = 0; j < ranks; j++)
        {
            maps[j] = Datatype.data(types[j]);
            if (maps[j].base() != maps[0].base())
            {
                throw new MpiError(ErrorClass.TYPE, "the " + side + " types must be over one base type: " + types[0] +
                    " and " + types[j] + " are not");
            }
        }
        final int elementBytes = Math.max(1, maps[0].base() == null ? 1 : maps[0].base().byteSize());
        long reach = 0;
        for (int j = 0; j < ranks; j++)
        {
            if (byteDispls[j] < 0 || byteDispls[j] % elementBytes != 0)
            {
                throw new MpiError(ErrorClass.ARG, "the " + side + " displacement for rank " + j + ", " +
                    byteDispls[j] + " bytes, is not a whole number of " + elementBytes + "-byte elements");
            }
            if (counts[j] > 0)
            {
                reach = Math.max(reach, byteDispls[j] / elementBytes + Transfer.span(maps[j], counts[j]));
            }
        }
        return new TypedSide(new Datatype(TypeMap.basic(maps[0].base()), null), (int)reach, maps, byteDispls,
            elementBytes);
    }

    /** The displacements in elements, from {@code offset}, where the staged buffer starts. */
    int[] displacements(final int offset)
    {
        final int[] displs = new int[maps.length];
        for (int j = 0; j < displs.length; j++)
        {
            displs[j] = offset + byteDispls[j] / elementBytes;
        }
        return displs;
    }
}
