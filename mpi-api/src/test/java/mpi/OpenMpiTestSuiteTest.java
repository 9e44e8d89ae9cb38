package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Open MPI's own Java test programs (ompi-java-test, run against colompi in session 36) use and colompi lacked:
 * the in-place forms of the nonblocking collectives and of {@code scatterv}, {@code allToAllw}, complex numbers, the
 * environment's attributes and version, {@code createGroup}, window attributes, allocated windows, {@code no_locks}
 * and {@code PROC_NULL} targets, {@code callErrhandler} under ERRORS_RETURN, {@code attachBuffer(byte[])}, covariant
 * {@code clone()}, structs padded as C pads them, {@code MPI.INT2}'s extent in bytes, freed objects that are null.
 */
@Timeout(180)
class OpenMpiTestSuiteTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void inPlaceFormsOfTheNonblockingCollectivesAndOfScatterv(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, InPlace.class);
    }

    /** Every in-place form at np 3: each rank's block is {@code 10 * rank + i}, rooted ones at root 1. */
    public static class InPlace
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int np = world.getSize();
            final int root = 1;

            final IntBuffer all = MPI.newIntBuffer(2 * np);
            all.put(2 * rank, 10 * rank).put(2 * rank + 1, 10 * rank + 1);
            world.iAllGather(all, 2, MPI.INT).waitFor();
            for (int r = 0; r < np; r++)
            {
                assertEquals(10 * r, all.get(2 * r));
                assertEquals(10 * r + 1, all.get(2 * r + 1));
            }

            // rank r holds r + 1 items at displacement r * (r + 1) / 2
            final int[] counts = new int[np];
            final int[] displs = new int[np];
            for (int r = 0; r < np; r++)
            {
                counts[r] = r + 1;
                displs[r] = r * (r + 1) / 2;
            }
            final int[] v = new int[displs[np - 1] + counts[np - 1]];
            for (int i = 0; i < counts[rank]; i++)
            {
                v[displs[rank] + i] = 100 * rank + i;
            }
            world.iAllGatherv(v, counts, displs, MPI.INT).waitFor();
            for (int r = 0; r < np; r++)
            {
                for (int i = 0; i < counts[r]; i++)
                {
                    assertEquals(100 * r + i, v[displs[r] + i]);
                }
            }

            final int[] gathered = new int[np];
            gathered[rank] = 7 * rank + 1;
            if (rank == root)
            {
                world.iGather(gathered, 1, MPI.INT, root).waitFor();
                assertArrayEquals(new int[]{ 1, 8, 15 }, gathered);
            }
            else
            {
                world.iGather(new int[]{ 7 * rank + 1 }, 1, MPI.INT, root).waitFor();
            }

            final int[] gv = new int[v.length];
            for (int i = 0; i < counts[rank]; i++)
            {
                gv[displs[rank] + i] = 100 * rank + i;
            }
            if (rank == root)
            {
                world.iGatherv(gv, counts, displs, MPI.INT, root).waitFor();
                assertArrayEquals(v, gv);
            }
            else
            {
                world.iGatherv(java.util.Arrays.copyOfRange(gv, displs[rank], displs[rank] + counts[rank]),
                    counts[rank], MPI.INT, root).waitFor();
            }

            // the root keeps its block in place; the others receive theirs
            final int[] scattered = rank == root ? new int[]{ 5, 6, 7 } : new int[]{ -1 };
            world.iScatter(scattered, 1, MPI.INT, root).waitFor();
            assertArrayEquals(rank == root ? new int[]{ 5, 6, 7 } : new int[]{ 5 + rank }, scattered);

            for (final boolean nonblocking : new boolean[]{ false, true })
            {
                if (rank == root)
                {
                    final int[] source = v.clone();
                    if (nonblocking)
                    {
                        world.iScatterv(source, counts, displs, MPI.INT, root).waitFor();
                    }
                    else
                    {
                        world.scatterv(source, counts, displs, MPI.INT, root);
                    }
                    assertArrayEquals(v, source);
                }
                else
                {
                    final int[] block = new int[counts[rank]];
                    if (nonblocking)
                    {
                        world.iScatterv(block, counts[rank], MPI.INT, root).waitFor();
                    }
                    else
                    {
                        world.scatterv(block, counts[rank], MPI.INT, root);
                    }
                    for (int i = 0; i < counts[rank]; i++)
                    {
                        assertEquals(100 * rank + i, block[i]);
                    }
                }
            }

            // reduce-scatter: every rank contributes 1 + i at element i; rank r gets the sums of its block
            final int[] operand = new int[displs[np - 1] + counts[np - 1]];
            for (int i = 0; i < operand.length; i++)
            {
                operand[i] = 1 + i;
            }
            final int[] rs = operand.clone();
            world.iReduceScatter(rs, counts, MPI.INT, MPI.SUM).waitFor();
            for (int i = 0; i < counts[rank]; i++)
            {
                assertEquals(np * (1 + displs[rank] + i), rs[i]);
            }
            final int[] rsb = new int[2 * np];
            java.util.Arrays.fill(rsb, rank + 1);
            world.iReduceScatterBlock(rsb, 2, MPI.INT, MPI.SUM).waitFor();
            assertEquals(np * (np + 1) / 2, rsb[0]);
            assertEquals(np * (np + 1) / 2, rsb[1]);

            // alltoallw: to rank j, j + 1 ints at byte 32 * j, the last rank's as a vector of every other int
            final IntBuffer wsend = MPI.newIntBuffer(8 * np);
            for (int i = 0; i < 8 * np; i++)
            {
                wsend.put(i, 1000 * rank + i);
            }
            final int[] wcounts = new int[np];
            final int[] wsdispls = new int[np];
            final int[] wrcounts = new int[np];
            final int[] wrdispls = new int[np];
            final Datatype[] wstypes = new Datatype[np];
            final Datatype[] wrtypes = new Datatype[np];
            final Datatype everyOther = Datatype.createVector(1, 1, 2, MPI.INT);
            for (int j = 0; j < np; j++)
            {
                wcounts[j] = j + 1;
                wsdispls[j] = 32 * j;
                wstypes[j] = j == np - 1 ? Datatype.createResized(everyOther, 0, 8) : MPI.INT;
                wrcounts[j] = rank + 1;
                wrdispls[j] = 32 * j;
                wrtypes[j] = MPI.INT;
            }
            final IntBuffer wrecv = MPI.newIntBuffer(8 * np);
            for (final boolean nonblocking : new boolean[]{ false, true })
            {
                if (nonblocking)
                {
                    world.iAllToAllw(wsend, wcounts, wsdispls, wstypes, wrecv, wrcounts, wrdispls, wrtypes).waitFor();
                }
                else
                {
                    world.allToAllw(wsend, wcounts, wsdispls, wstypes, wrecv, wrcounts, wrdispls, wrtypes);
                }
                for (int j = 0; j < np; j++)
                {
                    final int stride = rank == np - 1 ? 2 : 1;
                    for (int i = 0; i <= rank; i++)
                    {
                        assertEquals(1000 * j + 8 * rank + stride * i, wrecv.get(8 * j + i), "from " + j + ", " + i);
                    }
                }
            }
            // checked before anything moves: types over two base types, a displacement that splits an element
            final Datatype[] mixed = wstypes.clone();
            mixed[0] = MPI.DOUBLE;
            assertEquals(MPI.ERR_TYPE, assertThrows(MPIException.class, () -> world.allToAllw(wsend, wcounts,
                wsdispls, mixed, wrecv, wrcounts, wrdispls, wrtypes)).getErrorClass());
            final int[] split = wsdispls.clone();
            split[0] = 2;
            assertEquals(MPI.ERR_ARG, assertThrows(MPIException.class, () -> world.allToAllw(wsend, wcounts,
                split, wstypes, wrecv, wrcounts, wrdispls, wrtypes)).getErrorClass());

            // on an intercommunicator (the even world ranks and the odd ones): to and from each rank of the other
            // group, its block j + 1 ints at byte 16 * j; each rank receives its group rank + 1 ints of each
            final Intercomm inter = world.createIntercomm(world.split(rank % 2, rank), 0, rank % 2 == 0 ? 1 : 0, 11);
            final int remote = inter.getRemoteSize();
            final int me = inter.getRank();
            final IntBuffer isend = MPI.newIntBuffer(4 * remote);
            final IntBuffer irecv = MPI.newIntBuffer(4 * remote);
            final int[] iscounts = new int[remote];
            final int[] ircounts = new int[remote];
            final int[] idispls = new int[remote];
            final Datatype[] itypes = new Datatype[remote];
            for (int j = 0; j < remote; j++)
            {
                iscounts[j] = j + 1;
                ircounts[j] = me + 1;
                idispls[j] = 16 * j;
                itypes[j] = MPI.INT;
                for (int i = 0; i < 4; i++)
                {
                    isend.put(4 * j + i, 1000 * rank + 10 * j + i);
                }
            }
            for (final boolean nonblocking : new boolean[]{ false, true })
            {
                if (nonblocking)
                {
                    inter.iAllToAllw(isend, iscounts, idispls, itypes, irecv, ircounts, idispls, itypes).waitFor();
                }
                else
                {
                    inter.allToAllw(isend, iscounts, idispls, itypes, irecv, ircounts, idispls, itypes);
                }
                for (int j = 0; j < remote; j++)
                {
                    final int from = 2 * j + (rank % 2 == 0 ? 1 : 0);
                    for (int i = 0; i <= me; i++)
                    {
                        assertEquals(1000 * from + 10 * me + i, irecv.get(4 * j + i), "from " + from + ", " + i);
                    }
                }
            }
            // an entry per rank of the other group, on every rank: checked before anything moves
            final MPIException perRemoteRank = assertThrows(MPIException.class, () -> inter.allToAllw(isend,
                new int[0], idispls, itypes, irecv, ircounts, idispls, itypes));
            assertEquals(MPI.ERR_ARG, perRemoteRank.getErrorClass(), perRemoteRank.getMessage());
            inter.free();

            final int[] scan = { rank + 1 };
            world.iScan(scan, 1, MPI.INT, MPI.SUM).waitFor();
            assertEquals((rank + 1) * (rank + 2) / 2, scan[0]);
            final int[] exscan = { rank + 1 };
            world.iExScan(exscan, 1, MPI.INT, MPI.SUM).waitFor();
            if (rank > 0)
            {
                assertEquals(rank * (rank + 1) / 2, exscan[0]);
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void complexNumbersSumAndMultiply(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, Complex.class);
    }

    /** Rank r contributes 1 + (r + 1)i: the sum is 3 + 6i, the product (1 + i)(1 + 2i)(1 + 3i) = -10 + 0i. */
    public static class Complex
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final float[] f = new float[2];
            final FloatComplex fc = FloatComplex.get(f);
            fc.putReal(1);
            fc.putImag(rank + 1);
            final float[] fs = new float[2];
            world.allReduce(f, fs, 1, MPI.FLOAT_COMPLEX, MPI.SUM);
            assertEquals(3f, FloatComplex.get(fs).getReal());
            assertEquals(6f, FloatComplex.get(fs).getImag());

            final DoubleBuffer d = MPI.newDoubleBuffer(4);
            DoubleComplex.get(d, 1).putReal(1);
            DoubleComplex.get(d, 1).putImag(rank + 1);
            DoubleComplex.get(d, 0).putReal(rank);
            final DoubleBuffer product = MPI.newDoubleBuffer(4);
            world.reduce(d, product, 2, MPI.DOUBLE_COMPLEX, MPI.PROD, 0);
            world.iAllReduce(d, 2, MPI.DOUBLE_COMPLEX, MPI.PROD).waitFor();
            for (final DoubleBuffer result : rank == 0 ? new DoubleBuffer[]{ product, d } : new DoubleBuffer[]{ d })
            {
                assertEquals(-10.0, DoubleComplex.get(result, 1).getReal(), 1e-12);
                assertEquals(0.0, DoubleComplex.get(result, 1).getImag(), 1e-12);
                assertEquals(0.0, DoubleComplex.get(result, 0).getReal(), 1e-12);
            }
            assertEquals(2, MPI.DOUBLE_COMPLEX.getExtent());
            world.setErrhandler(MPI.ERRORS_RETURN);
            final MPIException max = assertThrows(MPIException.class,
                () -> world.allReduce(f, fs, 1, MPI.FLOAT_COMPLEX, MPI.MAX));
            assertEquals(MPI.ERR_OP, max.getErrorClass());
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM" })
    void environmentGroupsWindowsAndHandlers(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, Environment.class);
    }

    public static class Environment
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int np = world.getSize();

            assertEquals(3, MPI.getVersion().getVersion());
            assertEquals(MPI.SUBVERSION, MPI.getVersion().getSubVersion());
            assertTrue(MPI.getLibVersion().startsWith("colompi"));
            MPI.pControl(1, null);
            assertEquals(np, world.getAttr(MPI.UNIVERSE_SIZE));
            assertEquals(0, world.getAttr(MPI.APPNUM));
            assertEquals(0, world.getAttr(MPI.WTIME_IS_GLOBAL));
            assertEquals(Environment.class.getName(), MPI.INFO_ENV.get("command"));
            assertEquals(Integer.toString(np), MPI.INFO_ENV.get("maxprocs"));
            assertEquals(MPI.getProcessorName(), MPI.INFO_ENV.get("host"));

            final Intracomm copy = world.clone();
            assertEquals(MPI.CONGRUENT, Comm.compare(world, copy));
            // a freed key still reads where it is set; a freed communicator is a null one
            final int key = Comm.createKeyval();
            copy.setAttr(key, "kept");
            Comm.freeKeyval(key);
            assertEquals("kept", copy.getAttr(key));
            copy.free();
            assertTrue(copy.isNull());
            final Intracomm other = world.dup();
            other.setInfo(new Info());
            assertEquals(0, other.getInfo().size());
            other.disconnect();
            assertTrue(other.isNull());
            world.setErrhandler(MPI.ERRORS_RETURN);
            assertTrue(assertThrows(MPIException.class, Intracomm::getParent).getMessage()
                .contains("Intracomm.getParent is not implemented yet"));
            final Datatype ints = MPI.INT.clone();
            assertEquals(1, ints.getSize());
            assertEquals(8, MPI.INT2.getExtent());
            assertEquals(2, MPI.INT2.Extent());
            final Intracomm node = world.splitType(Comm.TYPE_SHARED, rank, MPI.INFO_NULL);
            assertFalse(node.isNull());

            // the odd ranks make a communicator among themselves, the even ones do not take part
            if (rank % 2 == 1)
            {
                final Intracomm odd = world.createGroup(world.getGroup().incl(new int[]{ 1, 3 }), 7);
                assertEquals(2, odd.getSize());
                assertEquals(rank / 2, odd.getRank());
                final int[] sum = { rank };
                odd.allReduce(sum, 1, MPI.INT, MPI.SUM);
                assertEquals(4, sum[0]);
            }

            // an attached byte array: the buffered send copies out of the message into it
            final byte[] space = new byte[1024];
            MPI.attachBuffer(space);
            final int[] got = new int[1];
            world.bSend(new int[]{ rank }, 1, MPI.INT, (rank + 1) % np, 3);
            world.recv(got, 1, MPI.INT, (rank + np - 1) % np, 3);
            assertEquals((rank + np - 1) % np, got[0]);
            assertSame(space, MPI.detachBuffer());

            // a window's predefined attributes are in bytes; an allocated window carries its own memory
            final IntBuffer memory = MPI.newIntBuffer(3);
            final Win win = new Win(memory, 3, 1, MPI.INFO_NULL, world);
            assertSame(memory, win.getAttr(MPI.WIN_BASE));
            assertEquals(12, win.getAttr(MPI.WIN_SIZE));
            assertEquals(4, win.getAttr(MPI.WIN_DISP_UNIT));
            world.setErrhandler(MPI.ERRORS_RETURN);
            final MPIException invalidKey = assertThrows(MPIException.class, () -> win.getAttr(MPI.KEYVAL_INVALID));
            assertEquals(MPI.ERR_KEYVAL, invalidKey.getErrorClass());
            win.free();
            final Win allocated = new Win(2, 1, MPI.INFO_NULL, world, MPI.newIntBuffer(0), Win.FLAVOR_PRIVATE);
            final IntBuffer base = (IntBuffer)allocated.getAttr(MPI.WIN_BASE);
            assertEquals(2, base.capacity());
            allocated.fence(0);
            allocated.put(MPI.newIntBuffer(1).put(0, 40 + rank), 1, MPI.INT, (rank + 1) % np, 1, 1, MPI.INT);
            allocated.fence(0);
            assertEquals(40 + (rank + np - 1) % np, base.get(1));
            allocated.free();

            // a window said to be larger than its memory exposes the memory: a put past it is an error at the origin
            final IntBuffer two = MPI.newIntBuffer(2);
            final Info noLocks = new Info();
            noLocks.set("no_locks", "true");
            final Win small = new Win(two, 4, 1, noLocks, world);
            small.fence(0);
            small.put(MPI.newIntBuffer(1).put(0, 50 + rank), 1, MPI.INT, (rank + 1) % np, 1, 1, MPI.INT);
            final MPIException past = assertThrows(MPIException.class,
                () -> small.put(MPI.newIntBuffer(1), 1, MPI.INT, (rank + 1) % np, 3, 1, MPI.INT));
            assertEquals(MPI.ERR_RMA_RANGE, past.getErrorClass());
            // MPI.PROC_NULL is a valid target that nothing happens to
            final IntBuffer untouched = MPI.newIntBuffer(1).put(0, -7);
            small.put(MPI.newIntBuffer(1), 1, MPI.INT, MPI.PROC_NULL, 0, 1, MPI.INT);
            small.rGet(untouched, 1, MPI.INT, MPI.PROC_NULL, 0, 1, MPI.INT).waitFor();
            small.fetchAndOp(MPI.newIntBuffer(1), untouched, MPI.INT, MPI.PROC_NULL, 0, MPI.SUM);
            assertEquals(-7, untouched.get(0));
            small.fence(0);
            assertEquals(50 + (rank + np - 1) % np, two.get(1));
            // the program promised no locks
            assertEquals(MPI.ERR_RMA_SYNC, assertThrows(MPIException.class,
                () -> small.lock(MPI.LOCK_SHARED, 0, 0)).getErrorClass());
            small.free();

            // a field of a struct as its own buffer
            final Struct pair = new Struct()
            {
                private final int first = addInt();
                private final int second = addData(MPI.INT2);

                @Override
                protected Data newData()
                {
                    return new Data()
                    {
                        @Override
                        public String toString()
                        {
                            return getBuffer(MPI.INT2, second).capacity() + "@" + first;
                        }
                    };
                }
            };
            assertEquals("8@0", pair.getData(ByteBuffer.allocate(pair.getExtent())).toString());

            // a struct's type is its fields' bytes, padded as C pads it: {short; int at 4} spans 8 bytes, holds 6
            final Struct shortInt = new Struct()
            {
                private final int s = addShort();
                private final int i = setOffset(4).addInt();

                @Override
                protected Data newData()
                {
                    return new Data()
                    {
                    };
                }
            };
            final Datatype twoPairs = Datatype.createContiguous(2, shortInt.getType());
            assertEquals(16, twoPairs.getExtent());
            assertEquals(12, twoPairs.getSize());
            // a field of a struct type keeps its gaps: {int[2]; two of those pairs at 16} holds 8 + 12 bytes
            final Struct nested = new Struct()
            {
                private final int ints = addInt(2);
                private final int pairs = setOffset(16).addData(twoPairs);

                @Override
                protected Data newData()
                {
                    return new Data()
                    {
                    };
                }
            };
            assertEquals(32, nested.getExtent());
            assertEquals(20, nested.getType().getSize());
            twoPairs.free();
            assertTrue(twoPairs.isNull());
            final Struct intShort = new Struct()
            {
                private final int i = addInt();
                private final int s = addShort();

                @Override
                protected Data newData()
                {
                    return new Data()
                    {
                    };
                }
            };
            assertEquals(8, intShort.getExtent());
            // the gap between the fields is not sent: the receiver's stays as it was
            final ByteBuffer sent = MPI.newByteBuffer(16);
            final ByteBuffer received = MPI.newByteBuffer(16);
            for (int b = 0; b < 16; b++)
            {
                sent.put(b, (byte)(b + 1));
                received.put(b, (byte)-1);
            }
            world.sendRecv(sent, 2, shortInt.getType(), rank, 5, received, 2, shortInt.getType(), rank, 5);
            for (int b = 0; b < 16; b++)
            {
                final boolean gap = b % 8 == 2 || b % 8 == 3;
                assertEquals(gap ? (byte)-1 : (byte)(b + 1), received.get(b), "byte " + b);
            }

            // the program raises an error: ERRORS_RETURN hands it back, which is no exception here
            world.callErrhandler(MPI.ERR_OTHER);
            MPI.Finalize();
        }
    }
}
