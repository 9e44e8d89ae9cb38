package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open MPI's struct types: the MINLOC/MAXLOC pairs of two types ({@code MPI.DOUBLE_INT}, ... read and written
 * through {@code MPI.doubleInt.getData(buffer, i)}) in blocking and nonblocking reductions, and a user {@link Struct}
 * broadcast and sent, in every placement; and {@code Datatype.createStruct} over several base types, its bytes sent,
 * received and broadcast from byte buffers, laid out as C lays out a struct.
 */
@Timeout(180)
class StructTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void pairTypesReduceByValueAndUserStructsTravel(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, Pairs.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void structsOfSeveralBaseTypesTravelAsTheirBytes(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, MixedStructs.class);
    }

    /** {@code createStruct} of ints, doubles and shorts, and of a strided vector and an int, around a ring. */
    public static class MixedStructs
    {
        private static final byte UNTOUCHED = -1;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            final int next = (rank + 1) % size;
            final int previous = (rank + size - 1) % size;

            // {int id; double position[2]; short flag;} at bytes 0, 8 and 24: 22 bytes of data up to byte 26, its
            // extent padded to 32 as in C.
            final Datatype record = Datatype.createStruct(new int[]{ 1, 2, 1 }, new int[]{ 0, 8, 24 },
                new Datatype[]{ MPI.INT, MPI.DOUBLE, MPI.SHORT });
            record.commit();
            assertEquals(32, record.getExtent());
            assertEquals(22, record.getSize());
            final ByteBuffer out = records(3, rank);
            final ByteBuffer in = untouched(3 * 32);
            final Status status = world.sendRecv(out, 3, record, next, 5, in, 3, record, previous, 5);
            assertEquals(3, status.getCount(record));
            for (int i = 0; i < 3; i++)
            {
                assertEquals(100 * previous + i, in.getInt(32 * i));
                assertEquals(i + 0.5, in.getDouble(32 * i + 8));
                assertEquals(-previous, in.getDouble(32 * i + 16));
                assertEquals((short)(7 * i), in.getShort(32 * i + 24));
                for (final int gap : new int[]{ 4, 7, 26, 31 })
                {
                    assertEquals(UNTOUCHED, in.get(32 * i + gap), "byte " + gap + " of record " + i);
                }
            }

            final ByteBuffer broadcast = rank == size - 1 ? records(2, rank) : untouched(2 * 32);
            world.bcast(broadcast, 2, record, size - 1);
            assertEquals(100 * (size - 1) + 1, broadcast.getInt(32));
            assertEquals(1.5, broadcast.getDouble(40));

            // Every other double of three, then an int at byte 32: data at 0-8, 16-24 and 32-36; extent 40.
            final Datatype strided = Datatype.createStruct(new int[]{ 1, 1 }, new int[]{ 0, 32 },
                new Datatype[]{ Datatype.createVector(2, 1, 2, MPI.DOUBLE), MPI.INT });
            assertEquals(40, strided.getExtent());
            final ByteBuffer mine = untouched(40).putDouble(0, rank).putDouble(8, 99).putDouble(16, -rank)
                .putInt(32, rank * 3);
            final ByteBuffer theirs = untouched(40);
            world.sendRecv(mine, 1, strided, next, 6, theirs, 1, strided, previous, 6);
            assertEquals(previous, theirs.getDouble(0));
            assertEquals(UNTOUCHED, theirs.get(8));
            assertEquals(-previous, theirs.getDouble(16));
            assertEquals(previous * 3, theirs.getInt(32));

            world.setErrhandler(MPI.ERRORS_RETURN);
            final MPIException objects = assertThrows(MPIException.class, () -> Datatype.createStruct(
                new int[]{ 1, 1 }, new int[]{ 0, 8 }, new Datatype[]{ MPI.OBJECT, MPI.INT }));
            assertEquals(MPI.ERR_TYPE, objects.getErrorClass());
            assertTrue(objects.getMessage().startsWith("Datatype.createStruct"), objects.getMessage());
            MPI.Finalize();
        }

        /** {@code n} records of {@code rank}, 32 bytes apart, their padding left untouched. */
        private static ByteBuffer records(final int n, final int rank)
        {
            final ByteBuffer buffer = untouched(32 * n);
            for (int i = 0; i < n; i++)
            {
                buffer.putInt(32 * i, 100 * rank + i).putDouble(32 * i + 8, i + 0.5).putDouble(32 * i + 16, -rank)
                    .putShort(32 * i + 24, (short)(7 * i));
            }
            return buffer;
        }

        private static ByteBuffer untouched(final int bytes)
        {
            final ByteBuffer buffer = MPI.newByteBuffer(bytes);
            for (int i = 0; i < bytes; i++)
            {
                buffer.put(i, UNTOUCHED);
            }
            return buffer;
        }
    }

    /** A user struct as Open MPI programs write them: fields by offset, a Data with accessors. */
    public static final class Particle extends Struct
    {
        private final int id = addInt();
        private final int position = addDouble(3);
        private final int tag = addChar(2);

        @Override
        protected Data newData()
        {
            return new Data();
        }

        public final class Data extends Struct.Data
        {
            public int getId()
            {
                return getInt(id);
            }

            public void putId(final int v)
            {
                putInt(id, v);
            }

            public double getPosition(final int axis)
            {
                return getDouble(position, axis);
            }

            public void putPosition(final int axis, final double v)
            {
                putDouble(position, axis, v);
            }

            public char getTag(final int i)
            {
                return getChar(tag, i);
            }

            public void putTag(final int i, final char v)
            {
                putChar(tag, i, v);
            }
        }
    }

    public static class Pairs
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            assertEquals(16, MPI.doubleInt.getExtent());
            assertEquals(8, MPI.shortInt.getExtent());

            // DOUBLE_INT with MINLOC: a tie goes to the lower index; direct buffers.
            final ByteBuffer in = MPI.newByteBuffer(2 * MPI.doubleInt.getExtent());
            final ByteBuffer out = MPI.newByteBuffer(2 * MPI.doubleInt.getExtent());
            for (int i = 0; i < 2; i++)
            {
                final DoubleInt.Data d = MPI.doubleInt.getData(in, i);
                d.putValue(i == 0 ? (rank - 1.5) * (rank - 1.5) : -rank);
                d.putIndex(rank);
            }
            world.allReduce(in, out, 2, MPI.DOUBLE_INT, MPI.MINLOC);
            final DoubleInt.Data least = MPI.doubleInt.getData(out, 0);
            assertEquals(0.25, least.getValue());
            assertEquals(1, least.getIndex());
            assertEquals(size - 1, MPI.doubleInt.<DoubleInt.Data>getData(out, 1).getIndex());

            // LONG_INT with MAXLOC beyond a double's precision, in place, over a heap byte array.
            final byte[] longs = new byte[MPI.longInt.getExtent()];
            final LongInt.Data l = MPI.longInt.getData(longs);
            l.putValue((1L << 60) + (rank == 2 ? 1 : 0));
            l.putIndex(rank);
            world.allReduce(longs, 1, MPI.LONG_INT, MPI.MAXLOC);
            assertEquals((1L << 60) + 1, l.getValue());
            assertEquals(2, l.getIndex());

            // FLOAT_INT and SHORT_INT at a root, nonblocking; INT2 (a same-type pair) in a byte buffer.
            final ByteBuffer f = MPI.newByteBuffer(MPI.floatInt.getExtent());
            final FloatInt.Data fd = MPI.floatInt.getData(f);
            fd.putValue(rank * 0.5f);
            fd.putIndex(10 + rank);
            final ByteBuffer fMax = MPI.newByteBuffer(MPI.floatInt.getExtent());
            final ByteBuffer s = MPI.newByteBuffer(MPI.shortInt.getExtent());
            final ShortInt.Data sd = MPI.shortInt.getData(s);
            sd.putValue((short)(rank == 3 ? -5 : rank));
            sd.putIndex(rank);
            final ByteBuffer sMin = MPI.newByteBuffer(MPI.shortInt.getExtent());
            final ByteBuffer i2 = MPI.newByteBuffer(MPI.int2.getExtent());
            MPI.int2.<Int2.Data>getData(i2).putValue(rank % 2);
            MPI.int2.<Int2.Data>getData(i2).putIndex(rank);
            final Request[] pending = {
                world.iReduce(f, fMax, 1, MPI.FLOAT_INT, MPI.MAXLOC, 0),
                world.iAllReduce(s, sMin, 1, MPI.SHORT_INT, MPI.MINLOC),
                world.iAllReduce(i2, 1, MPI.int2.getType(), MPI.MAXLOC),
            };
            Request.waitAll(pending);
            if (rank == 0)
            {
                assertEquals((size - 1) * 0.5f, MPI.floatInt.<FloatInt.Data>getData(fMax).getValue());
                assertEquals(10 + size - 1, MPI.floatInt.<FloatInt.Data>getData(fMax).getIndex());
            }
            assertEquals(-5, MPI.shortInt.<ShortInt.Data>getData(sMin).getValue());
            assertEquals(3, MPI.shortInt.<ShortInt.Data>getData(sMin).getIndex());
            assertEquals(1, MPI.int2.<Int2.Data>getData(i2).getValue());
            assertEquals(1, MPI.int2.<Int2.Data>getData(i2).getIndex());

            // Only MINLOC and MAXLOC are defined on a pair of two types.
            final MPIException sum = assertThrows(MPIException.class,
                () -> world.allReduce(in, out, 2, MPI.DOUBLE_INT, MPI.SUM));
            assertEquals(MPI.ERR_OP, sum.getErrorClass());
            assertTrue(sum.getMessage().contains("MPI.SUM is not defined on MPI.DOUBLE_INT"), sum.getMessage());

            // A user struct: broadcast an array of them, then send one from the middle of the buffer.
            final Particle particle = new Particle();
            assertEquals(4 + 24 + 4, particle.getExtent());
            final ByteBuffer particles = MPI.newByteBuffer(3 * particle.getExtent());
            if (rank == 0)
            {
                for (int p = 0; p < 3; p++)
                {
                    final Particle.Data d = particle.getData(particles, p);
                    d.putId(100 + p);
                    d.putPosition(2, p * 1.5);
                    d.putTag(1, (char)('a' + p));
                }
            }
            world.bcast(particles, 3, particle.getType(), 0);
            final Particle.Data third = particle.getData(particles, 2);
            assertEquals(102, third.getId());
            assertEquals(3.0, third.getPosition(2));
            assertEquals('c', third.getTag(1));
            final int next = (rank + 1) % size;
            final int prev = (rank + size - 1) % size;
            final ByteBuffer got = MPI.newByteBuffer(particle.getExtent());
            final Request r = world.iRecv(got, 1, particle.getType(), prev, 7);
            final Particle.Data mine = particle.getData(particles, 1);
            mine.putId(rank);
            world.send(mine.getBuffer(), 1, particle.getType(), next, 7);
            r.waitFor();
            assertEquals(prev, particle.<Particle.Data>getData(got).getId());
            assertEquals(1.5, particle.<Particle.Data>getData(got).getPosition(2));
            assertThrows(IllegalStateException.class, particle::addInt);
            MPI.Finalize();
        }
    }
}
