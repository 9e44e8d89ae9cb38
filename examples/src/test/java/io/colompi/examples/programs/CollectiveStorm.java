package io.colompi.examples.programs;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Op;
import mpi.Request;
import mpi.User_function;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A randomized storm of collectives that checks every result: {@code CollectiveStorm SEED STEPS}.
 *
 * <p>Every rank draws the same pseudo-random sequence from {@code SEED}; each step picks a communicator (the world, a
 * duplicate, a split by parity, a split with the ranks in reverse order, a split into rank 0 and the rest, a split
 * that leaves the last rank out), a collective (blocking or nonblocking), a root, a size (empty, one item, small,
 * around 16 KiB, 100 KiB to 1.2 MiB), the element types on both sides (the basic types, a contiguous and a strided
 * derived type, the latter received as its basic type and the other way round), an operation (the predefined ones, a
 * commutative user sum and a non-commutative user composition of affine maps), buffer offsets, tails and the blocks'
 * counts and displacements of the v-variants. Data are a function of (seed, step, source, destination, index), so
 * every rank computes what it must receive and checks its whole buffers: the data, and the guards around and between
 * them, and that nothing it sent changed. Nonblocking collectives stay outstanding, several at once on several
 * communicators, next to blocking ones, and each rank completes them in its own random order and manner (Waitall of a
 * shuffled array, Wait one by one, Testall, Waitany, and Open MPI's waitAll, waitFor, testAll, waitAny, waitSome,
 * testSome, testAny, test, on requests of either API).
 *
 * <p>Each rank also draws, on its own, which API it calls: MPJ Express' (with its offset argument, mostly on arrays,
 * now and then on nio buffers) or Open MPI's ({@code allReduce}, {@code iAllGather}, ...: no offset argument, so it
 * passes {@code MPI.slice} of its buffer, or the array itself), on an array, a direct buffer of the type ({@code
 * MPI.newIntBuffer}...), a heap buffer of the type (not at its array's start), or a byte buffer, direct or heap,
 * holding the type; a buffer's position is moved now and then (it must not matter), a direct send buffer is now and
 * then read-only, and a non-root of a gather(v), scatter(v) or reduce now and then passes null for what only the root
 * reads (its buffer, counts and displacements). Ranks of one call mix APIs and buffers. All ranks draw alike whether a
 * call is Open MPI's in-place form (allReduce, reduce, scan, exScan, allGather(v), gather(v), scatter,
 * reduceScatter(Block); the nonblocking iAllReduce and iReduce), and whether a reduce-scatter has equal blocks ({@code
 * reduceScatterBlock} for Open MPI's callers). The derived types include Open MPI's {@code createContiguous}, {@code
 * createVector} and {@code createResized}, next to the same views made the MPJ Express way.
 *
 * <p>The first mismatch prints {@code STORM FAIL step=N rank=R call=... detail} and aborts the job with status 1; at
 * the end rank 0 prints {@code STORM OK steps=N np=P}. {@code -Dstorm.trace=true} makes rank 0 print each step before
 * running it; {@code -Dstorm.maxBytes=B} caps the large sizes.
 */
public final class CollectiveStorm
{
    // ---------------------------------------------------------------- element kinds and types

    private static final int BYTE = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int FLOAT = 3;
    private static final int DOUBLE = 4;
    private static final int OBJECT = 5;
    private static final int[] ELEMENT_BYTES = { 1, 4, 8, 4, 8, 64 };
    private static final long GUARD = 0x5AC3_96E1_0F7D_2B48L;
    private static final long NULL_RAW = 0x7E57_0000_DEAD_0001L;

    /** A datatype: its base kind, its extent and where its elements lie in an item, in base elements. */
    private static final class Ty
    {
        final String name;
        final Datatype dt;
        final int kind;
        final int extent;
        final int[] disp;

        Ty(final String name, final Datatype dt, final int kind, final int extent, final int... disp)
        {
            this.name = name;
            this.dt = dt;
            this.kind = kind;
            this.extent = extent;
            this.disp = disp;
        }

        int size()
        {
            return disp.length;
        }

        int unitBytes()
        {
            return disp.length * ELEMENT_BYTES[kind];
        }
    }

    /**
     * Types that view the same elements: a block of {@code unit} base elements is a whole number of items of each;
     * ranks may each take another view of their side (MPI asks the type signatures to match, not the types).
     */
    private record Family(int unit, Ty... views)
    {
    }

    private static Ty B;
    private static Ty I;
    private static Ty L;
    private static Ty F;
    private static Ty D;
    private static Ty O;
    private static Ty INT3;
    private static Ty LVEC;
    private static Ty LPAIR;
    private static Ty INT3O;
    private static Ty LVECO;
    private static Ty LPR;
    private static Family[] FAMILIES;
    private static Ty[] REDUCIBLE;

    private static void types()
    {
        B = new Ty("BYTE", MPI.BYTE, BYTE, 1, 0);
        I = new Ty("INT", MPI.INT, INT, 1, 0);
        L = new Ty("LONG", MPI.LONG, LONG, 1, 0);
        F = new Ty("FLOAT", MPI.FLOAT, FLOAT, 1, 0);
        D = new Ty("DOUBLE", MPI.DOUBLE, DOUBLE, 1, 0);
        O = new Ty("OBJECT", MPI.OBJECT, OBJECT, 1, 0);
        final Datatype int3 = Datatype.Contiguous(3, MPI.INT);
        int3.Commit();
        INT3 = new Ty("INT3", int3, INT, 3, 0, 1, 2);
        final Datatype lvec = Datatype.Vector(2, 1, 2, MPI.LONG);
        lvec.Commit();
        LVEC = new Ty("LVEC", lvec, LONG, 3, 0, 2);
        final Datatype lpair = Datatype.Contiguous(2, MPI.LONG);
        lpair.Commit();
        LPAIR = new Ty("LPAIR", lpair, LONG, 2, 0, 1);
        if (int3.Extent() != 3 || lvec.Extent() != 3 || lvec.Size() != 2 || lpair.Extent() != 2)
        {
            throw new IllegalStateException("unexpected extents: INT3 " + int3.Extent() + ", LVEC " + lvec.Extent() +
                "/" + lvec.Size() + ", LPAIR " + lpair.Extent());
        }
        // Open MPI's constructors of the same kinds of types, and a pair of longs resized to an extent of three (bytes)
        final Datatype int3o = Datatype.createContiguous(3, MPI.INT);
        int3o.commit();
        INT3O = new Ty("INT3O", int3o, INT, 3, 0, 1, 2);
        final Datatype lveco = Datatype.createVector(2, 1, 2, MPI.LONG);
        lveco.commit();
        LVECO = new Ty("LVECO", lveco, LONG, 3, 0, 2);
        final Datatype lpr = Datatype.createResized(Datatype.createContiguous(2, MPI.LONG), 0, 3 * 8);
        lpr.commit();
        LPR = new Ty("LPR", lpr, LONG, 3, 0, 1);
        if (int3o.getExtent() != 3 || lveco.getExtent() != 3 || lveco.getSize() != 2 || lpr.getExtent() != 3 ||
            lpr.getSize() != 2)
        {
            throw new IllegalStateException("unexpected extents: INT3O " + int3o.getExtent() + ", LVECO " +
                lveco.getExtent() + "/" + lveco.getSize() + ", LPR " + lpr.getExtent() + "/" + lpr.getSize());
        }
        FAMILIES = new Family[] {
            new Family(1, B), new Family(1, I), new Family(1, L), new Family(1, F), new Family(1, D),
            new Family(3, I, INT3, INT3O), new Family(2, L, LVEC, LPAIR, LVECO, LPR), new Family(3, INT3, INT3O),
            new Family(2, LVEC, LPR) };
        REDUCIBLE = new Ty[] { B, I, L, F, D, INT3, LVEC, LPAIR, INT3O, LVECO, LPR };
    }

    // ---------------------------------------------------------------- operations

    private static final String[] INTEGER_OPS = { "SUM", "PROD", "MAX", "MIN", "BAND", "BOR", "BXOR", "USER_SUM" };
    private static final String[] FLOAT_OPS = { "SUM", "PROD", "MAX", "MIN", "USER_SUM" };

    private static final Op USER_SUM = new Op(new User_function()
    {
        @Override
        public void Call(final Object in, final int inOffset, final Object inOut, final int inOutOffset, final int count,
            final Datatype type)
        {
            final int n = count * type.Size();
            for (int i = 0; i < n; i++)
            {
                if (inOut instanceof byte[] a)
                {
                    a[inOutOffset + i] += ((byte[])in)[inOffset + i];
                }
                else if (inOut instanceof int[] a)
                {
                    a[inOutOffset + i] += ((int[])in)[inOffset + i];
                }
                else if (inOut instanceof long[] a)
                {
                    a[inOutOffset + i] += ((long[])in)[inOffset + i];
                }
                else if (inOut instanceof float[] a)
                {
                    a[inOutOffset + i] += ((float[])in)[inOffset + i];
                }
                else
                {
                    ((double[])inOut)[inOutOffset + i] += ((double[])in)[inOffset + i];
                }
            }
        }
    }, true);

    /** Composition of affine maps x -> a x + b, items of two longs (a, b): in first, then inOut. Not commutative. */
    private static final Op AFFINE = new Op(new User_function()
    {
        @Override
        public void Call(final Object in, final int inOffset, final Object inOut, final int inOutOffset, final int count,
            final Datatype type)
        {
            final long[] x = (long[])in;
            final long[] y = (long[])inOut;
            for (int i = 0; i < count; i++)
            {
                final long a1 = x[inOffset + 2 * i];
                final long b1 = x[inOffset + 2 * i + 1];
                final long a2 = y[inOutOffset + 2 * i];
                final long b2 = y[inOutOffset + 2 * i + 1];
                y[inOutOffset + 2 * i] = a1 * a2;
                y[inOutOffset + 2 * i + 1] = a2 * b1 + b2;
            }
        }
    }, false);

    private static Op op(final String name)
    {
        return switch (name)
        {
            case "SUM" -> MPI.SUM;
            case "PROD" -> MPI.PROD;
            case "MAX" -> MPI.MAX;
            case "MIN" -> MPI.MIN;
            case "BAND" -> MPI.BAND;
            case "BOR" -> MPI.BOR;
            case "BXOR" -> MPI.BXOR;
            case "USER_SUM" -> USER_SUM;
            case "AFFINE" -> AFFINE;
            default -> throw new IllegalArgumentException(name);
        };
    }

    // ---------------------------------------------------------------- values

    private static long mix(long z)
    {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Hash of element {@code j} of what {@code src} sends {@code dst} (-1: everyone) in the call of {@code seed}. */
    private static long base(final long seed, final int src, final int dst)
    {
        return mix(seed ^ (src + 1L) * 0x9E3779B97F4A7C15L ^ (dst + 2L) * 0xC2B2AE3D27D4EB4FL);
    }

    private static long hash(final long base, final int j)
    {
        return mix(base + j * 0x165667B19E3779F9L);
    }

    /** A hash as a value of {@code kind}, in its raw long form (see {@link #get}). */
    private static long canon(final int kind, final long h)
    {
        return switch (kind)
        {
            case BYTE -> (byte)h;
            case INT -> (int)h;
            case FLOAT -> Float.floatToRawIntBits((float)((h >>> 40) - (1 << 23)) / 8f);
            case DOUBLE -> Double.doubleToRawLongBits((double)(h >> 11) / 64.0);
            default -> h;
        };
    }

    /** An input of reduction {@code op}: exact in any order (small integers for float sums and products). */
    private static long input(final int kind, final String op, final long h, final int j)
    {
        if (op.equals("AFFINE"))
        {
            return (j & 1) == 0 ? h | 1 : h;
        }
        if (kind == FLOAT || kind == DOUBLE)
        {
            final double v;
            if (op.equals("SUM") || op.equals("USER_SUM"))
            {
                v = Math.floorMod(h, 2001) - 1000;
            }
            else if (op.equals("PROD"))
            {
                v = new double[] { -2, -1, 0.5, 1, 2, -0.5 }[Math.floorMod(h, 6)];
            }
            else
            {
                return canon(kind, h);
            }
            return kind == FLOAT ? Float.floatToRawIntBits((float)v) : Double.doubleToRawLongBits(v);
        }
        return canon(kind, h);
    }

    /** {@code a op b} on raw values of {@code kind} (not AFFINE). */
    private static long combine(final int kind, final String op, final long a, final long b)
    {
        switch (kind)
        {
            case FLOAT:
            {
                final float x = Float.intBitsToFloat((int)a);
                final float y = Float.intBitsToFloat((int)b);
                final float r = switch (op)
                {
                    case "SUM", "USER_SUM" -> x + y;
                    case "PROD" -> x * y;
                    case "MAX" -> Math.max(x, y);
                    case "MIN" -> Math.min(x, y);
                    default -> throw new IllegalArgumentException(op);
                };
                return Float.floatToRawIntBits(r);
            }
            case DOUBLE:
            {
                final double x = Double.longBitsToDouble(a);
                final double y = Double.longBitsToDouble(b);
                final double r = switch (op)
                {
                    case "SUM", "USER_SUM" -> x + y;
                    case "PROD" -> x * y;
                    case "MAX" -> Math.max(x, y);
                    case "MIN" -> Math.min(x, y);
                    default -> throw new IllegalArgumentException(op);
                };
                return Double.doubleToRawLongBits(r);
            }
            default:
            {
                final long r = switch (op)
                {
                    case "SUM", "USER_SUM" -> a + b;
                    case "PROD" -> a * b;
                    case "MAX" -> Math.max(a, b);
                    case "MIN" -> Math.min(a, b);
                    case "BAND" -> a & b;
                    case "BOR" -> a | b;
                    case "BXOR" -> a ^ b;
                    default -> throw new IllegalArgumentException(op);
                };
                return kind == BYTE ? (byte)r : kind == INT ? (int)r : r;
            }
        }
    }

    // ---------------------------------------------------------------- buffers

    private static Object alloc(final int kind, final int length)
    {
        return switch (kind)
        {
            case BYTE -> new byte[length];
            case INT -> new int[length];
            case LONG -> new long[length];
            case FLOAT -> new float[length];
            case DOUBLE -> new double[length];
            default -> new Object[length];
        };
    }

    private static void put(final int kind, final Object array, final int i, final long raw)
    {
        switch (kind)
        {
            case BYTE -> ((byte[])array)[i] = (byte)raw;
            case INT -> ((int[])array)[i] = (int)raw;
            case LONG -> ((long[])array)[i] = raw;
            case FLOAT -> ((float[])array)[i] = Float.intBitsToFloat((int)raw);
            case DOUBLE -> ((double[])array)[i] = Double.longBitsToDouble(raw);
            default -> ((Object[])array)[i] = (raw & 1) == 0 ? (Object)raw : "s" + raw;
        }
    }

    private static long get(final int kind, final Object array, final int i)
    {
        switch (kind)
        {
            case BYTE:
                return ((byte[])array)[i];
            case INT:
                return ((int[])array)[i];
            case LONG:
                return ((long[])array)[i];
            case FLOAT:
                return Float.floatToRawIntBits(((float[])array)[i]);
            case DOUBLE:
                return Double.doubleToRawLongBits(((double[])array)[i]);
            default:
            {
                final Object o = ((Object[])array)[i];
                if (o instanceof Long v)
                {
                    return v;
                }
                if (o instanceof String s && s.startsWith("s"))
                {
                    return Long.parseLong(s.substring(1));
                }
                return o == null ? NULL_RAW : NULL_RAW + 1;
            }
        }
    }

    private static long[] guards(final int kind, final int length)
    {
        final long[] raw = new long[length];
        Arrays.fill(raw, kind == OBJECT ? GUARD & ~1L : canon(kind, GUARD));
        return raw;
    }

    private static Object materialize(final int kind, final long[] raw)
    {
        final Object array = alloc(kind, raw.length);
        for (int i = 0; i < raw.length; i++)
        {
            put(kind, array, i, raw[i]);
        }
        return array;
    }

    // ---------------------------------------------------------------- buffers of Open MPI's API

    /** How a rank holds a buffer: an array, a typed nio buffer (direct or heap), a byte buffer (direct or heap). */
    private static final int ARRAY = 0;
    private static final int DIRECT = 1;
    private static final int HEAP = 2;
    private static final int BYTES_DIRECT = 3;
    private static final int BYTES_HEAP = 4;
    private static final String[] HOLDERS = { "array", "direct", "heap", "bytes", "heapbytes" };

    /** A buffer of {@code length} elements of {@code kind}, held as {@code how} (a heap buffer not at its array's 0). */
    private static Object holder(final int kind, final int how, final int length)
    {
        final int eb = ELEMENT_BYTES[kind];
        return switch (how)
        {
            case DIRECT -> switch (kind)
            {
                case BYTE -> MPI.newByteBuffer(length);
                case INT -> MPI.newIntBuffer(length);
                case LONG -> MPI.newLongBuffer(length);
                case FLOAT -> MPI.newFloatBuffer(length);
                default -> MPI.newDoubleBuffer(length);
            };
            case HEAP -> switch (kind)
            {
                case BYTE -> ByteBuffer.wrap(new byte[length + 3], 3, length).slice();
                case INT -> IntBuffer.wrap(new int[length + 3], 3, length).slice();
                case LONG -> LongBuffer.wrap(new long[length + 3], 3, length).slice();
                case FLOAT -> FloatBuffer.wrap(new float[length + 3], 3, length).slice();
                default -> DoubleBuffer.wrap(new double[length + 3], 3, length).slice();
            };
            case BYTES_DIRECT -> MPI.newByteBuffer(length * eb);
            case BYTES_HEAP -> ByteBuffer.wrap(new byte[length * eb + 5], 5, length * eb).slice()
                .order(ByteOrder.nativeOrder());
            default -> alloc(kind, length);
        };
    }

    private static void store(final int kind, final Object h, final int i, final long raw)
    {
        if (!(h instanceof Buffer))
        {
            put(kind, h, i, raw);
        }
        else if (h instanceof ByteBuffer b)
        {
            switch (kind)
            {
                case BYTE -> b.put(i, (byte)raw);
                case INT, FLOAT -> b.putInt(4 * i, (int)raw);
                default -> b.putLong(8 * i, raw);
            }
        }
        else if (h instanceof IntBuffer b)
        {
            b.put(i, (int)raw);
        }
        else if (h instanceof LongBuffer b)
        {
            b.put(i, raw);
        }
        else if (h instanceof FloatBuffer b)
        {
            b.put(i, Float.intBitsToFloat((int)raw));
        }
        else
        {
            ((DoubleBuffer)h).put(i, Double.longBitsToDouble(raw));
        }
    }

    private static long load(final int kind, final Object h, final int i)
    {
        if (!(h instanceof Buffer))
        {
            return get(kind, h, i);
        }
        if (h instanceof ByteBuffer b)
        {
            return switch (kind)
            {
                case BYTE -> b.get(i);
                case INT, FLOAT -> b.getInt(4 * i);
                default -> b.getLong(8 * i);
            };
        }
        if (h instanceof IntBuffer b)
        {
            return b.get(i);
        }
        if (h instanceof LongBuffer b)
        {
            return b.get(i);
        }
        if (h instanceof FloatBuffer b)
        {
            return Float.floatToRawIntBits(b.get(i));
        }
        return Double.doubleToRawLongBits(((DoubleBuffer)h).get(i));
    }

    private static Object materialize(final int kind, final int how, final long[] raw)
    {
        final Object h = holder(kind, how, raw.length);
        for (int i = 0; i < raw.length; i++)
        {
            store(kind, h, i, raw[i]);
        }
        return h;
    }

    /**
     * What Open MPI's API is passed for element {@code offset} on of {@code h}: {@code MPI.slice} of it (of an array:
     * a heap buffer over it), or the array itself at offset 0; a buffer's position, which must not matter, moved now
     * and then.
     */
    private static Object view(final int kind, final Object h, final int offset, final SplittableRandom loc)
    {
        final Object v;
        if (h instanceof ByteBuffer b)
        {
            v = MPI.slice(b, offset * ELEMENT_BYTES[kind]);
        }
        else if (h instanceof IntBuffer b)
        {
            v = MPI.slice(b, offset);
        }
        else if (h instanceof LongBuffer b)
        {
            v = MPI.slice(b, offset);
        }
        else if (h instanceof FloatBuffer b)
        {
            v = MPI.slice(b, offset);
        }
        else if (h instanceof DoubleBuffer b)
        {
            v = MPI.slice(b, offset);
        }
        else if (offset == 0 && loc.nextInt(3) > 0)
        {
            v = h;
        }
        else
        {
            v = switch (kind)
            {
                case BYTE -> MPI.slice((byte[])h, offset);
                case INT -> MPI.slice((int[])h, offset);
                case LONG -> MPI.slice((long[])h, offset);
                case FLOAT -> MPI.slice((float[])h, offset);
                default -> MPI.slice((double[])h, offset);
            };
        }
        if (v instanceof Buffer b && b.limit() > 0 && loc.nextInt(4) == 0)
        {
            b.position(loc.nextInt(b.limit() + 1));
        }
        return v;
    }

    private static Buffer readOnly(final Buffer b)
    {
        if (b instanceof ByteBuffer x)
        {
            return x.asReadOnlyBuffer();
        }
        if (b instanceof IntBuffer x)
        {
            return x.asReadOnlyBuffer();
        }
        if (b instanceof LongBuffer x)
        {
            return x.asReadOnlyBuffer();
        }
        if (b instanceof FloatBuffer x)
        {
            return x.asReadOnlyBuffer();
        }
        return ((DoubleBuffer)b).asReadOnlyBuffer();
    }

    // ---------------------------------------------------------------- the job


    private static int worldRank;
    private static int worldSize;
    private static long seed;
    private static long maxBytes;
    private static Intracomm[] comms;
    private static final String[] COMM_NAMES = { "WORLD", "DUP", "PARITY", "REVERSED", "ZERO_REST", "NOT_LAST" };

    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        seed = Long.parseLong(args[0]);
        final int steps = Integer.parseInt(args[1]);
        maxBytes = Long.getLong("storm.maxBytes", 1_200_000L);
        final boolean trace = Boolean.getBoolean("storm.trace");
        worldRank = MPI.COMM_WORLD.Rank();
        worldSize = MPI.COMM_WORLD.Size();
        int step = -1;
        Call current = null;
        final List<Call> pending = new ArrayList<>();
        try
        {
            types();
            final Intracomm w = MPI.COMM_WORLD;
            comms = new Intracomm[] {
                w,
                (Intracomm)w.clone(),
                w.Split(worldRank % 2, worldRank),
                w.Split(0, worldSize - 1 - worldRank),
                w.Split(worldRank == 0 ? 0 : 1, worldRank),
                w.Split(worldRank == worldSize - 1 ? MPI.UNDEFINED : 0, worldRank) };
            if (comms[5] != null || worldSize == 1)
            {
                if (worldRank == worldSize - 1 && worldSize > 1)
                {
                    throw new StormFailure("Split with MPI.UNDEFINED gave a communicator");
                }
            }
            final SplittableRandom shared = new SplittableRandom(seed);
            final SplittableRandom local = new SplittableRandom(mix(seed ^ (worldRank + 1) * 0x2545F4914F6CDD1DL));
            int outstanding = 0;
            for (step = 0; step < steps; step++)
            {
                current = null;
                // every rank draws alike, whether or not it takes part in the calls outstanding
                if (shared.nextInt(4) == 0 || outstanding >= 6)
                {
                    complete(pending, local);
                    outstanding = 0;
                }
                final Call c = new Call(step, shared.nextLong());
                current = c;
                outstanding += c.nonblocking ? 1 : 0;
                if (c.comm == null)
                {
                    continue;
                }
                c.prepare();
                if (trace && worldRank == 0)
                {
                    System.out.println("STORM step " + step + " " + c);
                    System.out.flush();
                }
                if (c.nonblocking)
                {
                    c.request = c.start();
                    pending.add(c);
                }
                else
                {
                    c.run();
                    c.check();
                }
            }
            current = null;
            complete(pending, local);
            for (int i = 1; i < comms.length; i++)
            {
                if (comms[i] != null)
                {
                    comms[i].Free();
                }
            }
            MPI.COMM_WORLD.Barrier();
        }
        catch (final Throwable e)
        {
            final String call = current != null ? current.toString() : "(the outstanding calls)";
            StormFailure.report("STORM FAIL step=" + step + " rank=" + worldRank + " seed=" + seed + " call=" + call +
                " ", e);
        }
        if (worldRank == 0)
        {
            System.out.println("STORM OK steps=" + steps + " np=" + worldSize);
        }
        MPI.Finalize();
    }

    /** Complete every outstanding call, each rank in its own order and manner, then check them in start order. */
    private static void complete(final List<Call> pending, final SplittableRandom local)
    {
        if (pending.isEmpty())
        {
            return;
        }
        final Call[] calls = pending.toArray(new Call[0]);
        for (int i = calls.length - 1; i > 0; i--)
        {
            final int j = local.nextInt(i + 1);
            final Call t = calls[i];
            calls[i] = calls[j];
            calls[j] = t;
        }
        final Request[] requests = new Request[calls.length];
        for (int i = 0; i < calls.length; i++)
        {
            requests[i] = calls[i].request;
        }
        final int manner = local.nextInt(12);
        try
        {
            await(manner, requests);
        }
        catch (final RuntimeException e)
        {
            final StringBuilder what = new StringBuilder("completing (manner " + manner + ")");
            for (final Call c : pending)
            {
                what.append(" [step ").append(c.step).append(' ').append(c).append(']');
            }
            throw new StormFailure(what + ": exception " + e + (e.getCause() != null ? " caused by " + e.getCause() : ""));
        }
        for (final Call c : pending)
        {
            c.check();
        }
        pending.clear();
    }

    private static void await(final int manner, final Request[] requests)
    {
        switch (manner)
        {
            case 0 -> Request.Waitall(requests);
            case 1 ->
            {
                for (final Request r : requests)
                {
                    r.Wait();
                }
            }
            case 2 ->
            {
                while (Request.Testall(requests) == null)
                {
                    Thread.onSpinWait();
                }
            }
            case 3 ->
            {
                for (int done = 0; done < requests.length; done++)
                {
                    Request.Waitany(requests);
                }
            }
            // Open MPI's names for the same, on requests of either API
            case 4 -> Request.waitAll(requests);
            case 5 ->
            {
                for (final Request r : requests)
                {
                    r.waitFor();
                }
            }
            case 6 ->
            {
                while (!Request.testAll(requests))
                {
                    Thread.onSpinWait();
                }
            }
            case 7 ->
            {
                for (int done = 0; done < requests.length; done++)
                {
                    Request.waitAny(requests);
                }
            }
            case 9 ->
            {
                int done = 0;
                while (done < requests.length)
                {
                    done += Request.testSome(requests).length;
                }
            }
            case 10 ->
            {
                int done = 0;
                while (done < requests.length)
                {
                    done += Request.testAny(requests) != MPI.UNDEFINED ? 1 : 0;
                }
            }
            case 11 ->
            {
                // one by one, each spun on: Open MPI's test and MPJ Express' Test in turn
                for (int i = 0; i < requests.length; i++)
                {
                    final Request r = requests[i];
                    while (i % 2 == 0 ? !r.test() : r.Test() == null)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            default ->
            {
                int done = 0;
                while (done < requests.length)
                {
                    final int[] some = Request.waitSome(requests);
                    if (some == null)
                    {
                        throw new StormFailure("waitSome gave null with " + (requests.length - done) + " not done");
                    }
                    done += some.length;
                }
            }
        }
    }

    // ---------------------------------------------------------------- one call

    private enum Coll
    {
        BARRIER, BCAST, GATHER, GATHERV, SCATTER, SCATTERV, ALLGATHER, ALLGATHERV, ALLTOALL, ALLTOALLV, REDUCE, ALLREDUCE,
        REDUCE_SCATTER, SCAN, EXSCAN;

        boolean reduction()
        {
            return ordinal() >= REDUCE.ordinal();
        }

        boolean rooted()
        {
            return this == BCAST || this == GATHER || this == GATHERV || this == SCATTER || this == SCATTERV ||
                this == REDUCE;
        }
    }

    private static final class Call
    {
        final int step;
        final SplittableRandom r;
        final int commIndex;
        final Intracomm comm;
        final int n;
        final int me;
        final Coll coll;
        final boolean nonblocking;
        final int root;
        /** Base elements of a unit: every block is a whole number of units. */
        final int unit;
        final int kind;
        /** Each comm rank's send and receive types (one type for all in a reduction). */
        final Ty[] sv;
        final Ty[] rv;
        final String opName;
        final long dataSeed;
        int units;
        int[] blockUnits;
        int[][] matrix;
        int sendOffset;
        int recvOffset;
        Object sendbuf;
        Object recvbuf;
        long[] sendExpected;
        long[] recvExpected;
        int scount;
        int rcount;
        int[] scounts;
        int[] sdispls;
        int[] rcounts;
        int[] rdispls;
        Request request;
        /** This rank's own draws: its API and buffers (ranks may mix them in one call). */
        final SplittableRandom loc;
        /** Open MPI's API (else MPJ Express'), in place (Open MPI's forms), reduceScatterBlock's equal blocks. */
        boolean ompi;
        boolean inPlace;
        boolean blockForm;
        int sendHow;
        int recvHow;
        Object sendArg;
        Object recvArg;
        /** What MPJ Express' API is passed: the buffers, or null where significant at the root alone. */
        Object mpjSend;
        Object mpjRecv;
        /** A non-root passes null for what only the root reads (buffers, counts, displacements). */
        boolean nullsOffRoot;
        /** Elements of the receive buffer that MPI leaves undefined (an in-place exScan's rank 0, ...). */
        int freeFrom = -1;
        int freeTo = -1;

        Call(final int step, final long seed)
        {
            this.step = step;
            this.r = new SplittableRandom(seed);
            this.loc = new SplittableRandom(mix(seed ^ (worldRank + 11L) * 0x9E3779B97F4A7C15L));
            this.commIndex = r.nextInt(10) < 4 ? 0 : 1 + r.nextInt(comms.length - 1);
            this.comm = comms[commIndex];
            this.n = comm == null ? 0 : comm.Size();
            this.me = comm == null ? -1 : comm.Rank();
            // the groups of a split run the same call side by side: their data differ
            final int color = commIndex == 2 ? worldRank % 2 : commIndex == 4 ? (worldRank == 0 ? 0 : 1) : 0;
            this.dataSeed = mix(seed + color);
            this.coll = Coll.values()[r.nextInt(Coll.values().length)];
            this.nonblocking = r.nextInt(10) < 4;
            final int rootDraw = r.nextInt(1 << 20);
            this.root = n == 0 ? -1 : rootDraw % n;
            this.sv = new Ty[n];
            this.rv = new Ty[n];
            if (coll.reduction())
            {
                final Ty t = REDUCIBLE[r.nextInt(REDUCIBLE.length)];
                Arrays.fill(sv, t);
                Arrays.fill(rv, t);
                this.unit = t.size();
                this.kind = t.kind;
                if (t.size() == 2 && r.nextInt(3) > 0)
                {
                    this.opName = "AFFINE";
                }
                else
                {
                    final String[] ops = t.kind == FLOAT || t.kind == DOUBLE ? FLOAT_OPS : INTEGER_OPS;
                    this.opName = ops[r.nextInt(ops.length)];
                }
                return;
            }
            this.opName = null;
            final boolean objects = (coll == Coll.BCAST || coll == Coll.GATHER || coll == Coll.SCATTER ||
                coll == Coll.ALLGATHER) && r.nextInt(FAMILIES.length + 1) == 0;
            final Family f = objects ? new Family(1, O) : FAMILIES[r.nextInt(FAMILIES.length)];
            this.unit = f.unit();
            this.kind = f.views()[0].kind;
            final boolean mixed = r.nextBoolean();
            final Ty s0 = f.views()[r.nextInt(f.views().length)];
            final Ty r0 = coll == Coll.BCAST ? s0 : f.views()[r.nextInt(f.views().length)];
            for (int i = 0; i < n; i++)
            {
                sv[i] = mixed ? f.views()[r.nextInt(f.views().length)] : s0;
                rv[i] = mixed ? f.views()[r.nextInt(f.views().length)] : r0;
            }
        }

        /** Items of {@code t} in {@code u} units. */
        private int items(final Ty t, final int u)
        {
            return u * unit / t.size();
        }

        /** Units of one block. */
        private int drawUnits(final boolean perBlock)
        {
            final int unitBytes = unit * ELEMENT_BYTES[kind];
            final int size = r.nextInt(100);
            final long bytes;
            if (size < 6)
            {
                return 0;
            }
            else if (size < 20)
            {
                return 1;
            }
            else if (size < 55)
            {
                return 2 + r.nextInt(63);
            }
            else if (size < 88 || kind == OBJECT)
            {
                bytes = 4096 + r.nextInt(80 * 1024 - 4096);
            }
            else
            {
                bytes = 100 * 1024 + r.nextLong(Math.max(1, maxBytes - 100 * 1024));
            }
            long u = Math.max(1, bytes / unitBytes);
            if (perBlock)
            {
                u = Math.max(1, u / Math.max(1, n));
            }
            if (kind == OBJECT)
            {
                u = Math.min(u, 200);
            }
            return (int)u;
        }

        /** Block sizes varying around one draw, some empty. */
        private int[] drawBlocks(final int count)
        {
            final int typical = drawUnits(true);
            final int[] b = new int[count];
            for (int i = 0; i < count; i++)
            {
                final int k = r.nextInt(8);
                b[i] = k == 0 ? 0 : k == 1 ? typical : typical == 0 ? r.nextInt(3) : r.nextInt(2 * typical + 1);
            }
            return b;
        }

        /** Displacements (in items) of blocks of {@code counts} items, in a random order with random gaps. */
        private int[] layout(final int[] counts)
        {
            final int[] order = new int[counts.length];
            for (int i = 0; i < order.length; i++)
            {
                order[i] = i;
            }
            if (r.nextBoolean())
            {
                for (int i = order.length - 1; i > 0; i--)
                {
                    final int j = r.nextInt(i + 1);
                    final int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            final boolean gaps = r.nextBoolean();
            final int[] displs = new int[counts.length];
            int at = 0;
            for (final int i : order)
            {
                at += gaps ? r.nextInt(3) : 0;
                displs[i] = at;
                at += counts[i];
            }
            return displs;
        }

        private static int span(final int[] counts, final int[] displs)
        {
            int end = 0;
            for (int i = 0; i < counts.length; i++)
            {
                end = Math.max(end, displs[i] + counts[i]);
            }
            return end;
        }

        private int offset()
        {
            return r.nextInt(10) < 3 ? 1 + r.nextInt(7) : 0;
        }

        /** Expected raw values of a buffer of {@code t} items: {@code items} of them from {@code at} (base elements). */
        private void place(final long[] raw, final Ty t, final int at, final int items, final int src, final int dst)
        {
            final long b = base(dataSeed, src, dst);
            int j = 0;
            for (int k = 0; k < items; k++)
            {
                for (final int d : t.disp)
                {
                    raw[at + k * t.extent + d] = t.kind == OBJECT ? hash(b, j) : canon(t.kind, hash(b, j));
                    j++;
                }
            }
        }

        /** Inputs of a reduction from {@code src}: {@code items} from {@code at}. */
        private void placeInput(final long[] raw, final Ty t, final int at, final int items, final int src)
        {
            final long b = base(dataSeed, src, -1);
            int j = 0;
            for (int k = 0; k < items; k++)
            {
                for (final int d : t.disp)
                {
                    raw[at + k * t.extent + d] = input(t.kind, opName, hash(b, j), j);
                    j++;
                }
            }
        }

        /**
         * The reduction of ranks {@code first..last}'s inputs, elements {@code from} on of their vectors, as
         * {@code items} items placed from {@code at}.
         */
        private void placeReduced(final long[] raw, final Ty t, final int at, final int items, final int from,
            final int first, final int last)
        {
            final long[] bases = new long[last + 1];
            for (int src = first; src <= last; src++)
            {
                bases[src] = base(dataSeed, src, -1);
            }
            final int size = t.size();
            for (int k = 0; k < items; k++)
            {
                if (opName.equals("AFFINE"))
                {
                    final int j = from + k * 2;
                    long a = 1;
                    long bb = 0;
                    for (int src = first; src <= last; src++)
                    {
                        final long a2 = input(t.kind, opName, hash(bases[src], j), j);
                        final long b2 = input(t.kind, opName, hash(bases[src], j + 1), j + 1);
                        a = a * a2;
                        bb = a2 * bb + b2;
                    }
                    raw[at + k * t.extent + t.disp[0]] = a;
                    raw[at + k * t.extent + t.disp[1]] = bb;
                    continue;
                }
                for (int e = 0; e < size; e++)
                {
                    final int j = from + k * size + e;
                    long acc = input(t.kind, opName, hash(bases[first], j), j);
                    for (int src = first + 1; src <= last; src++)
                    {
                        acc = combine(t.kind, opName, acc, input(t.kind, opName, hash(bases[src], j), j));
                    }
                    raw[at + k * t.extent + t.disp[e]] = acc;
                }
            }
        }

        void prepare()
        {
            final Ty s = sv[me];
            final Ty t = rv[me];
            sendOffset = offset();
            recvOffset = offset();
            final int sendTail = r.nextInt(4);
            final int recvTail = r.nextInt(4);
            // in place and reduceScatterBlock are drawn alike by all (MPI asks it of all ranks, or of the root)
            inPlace = r.nextInt(4) == 0 && kind != OBJECT && inPlaceAllowed();
            blockForm = coll == Coll.REDUCE_SCATTER && r.nextInt(3) == 0;
            ompi = inPlace || kind != OBJECT && loc.nextInt(3) > 0;
            sendHow = how();
            recvHow = how();
            long[] recvInitial = null;
            switch (coll)
            {
                case BARRIER ->
                {
                }
                case BCAST ->
                {
                    units = drawUnits(false);
                    rcount = items(t, units);
                    recvExpected = guards(kind, recvOffset + rcount * t.extent + recvTail);
                    place(recvExpected, t, recvOffset, rcount, root, -1);
                    sendExpected = me == root ? recvExpected : guards(kind, recvExpected.length);
                }
                case GATHER, ALLGATHER ->
                {
                    units = drawUnits(true);
                    scount = items(s, units);
                    rcount = items(t, units);
                    sendExpected = guards(kind, sendOffset + scount * s.extent + sendTail);
                    place(sendExpected, s, sendOffset, scount, me, -1);
                    recvExpected = guards(kind, recvOffset + n * rcount * t.extent + recvTail);
                    if (coll == Coll.ALLGATHER || me == root)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            place(recvExpected, t, recvOffset + i * rcount * t.extent, rcount, i, -1);
                        }
                    }
                }
                case GATHERV, ALLGATHERV ->
                {
                    blockUnits = drawBlocks(n);
                    scount = items(s, blockUnits[me]);
                    // every rank draws the layout of every rank's receive type, so all stay in step
                    for (int j = 0; j < n; j++)
                    {
                        final int[] counts = new int[n];
                        for (int i = 0; i < n; i++)
                        {
                            counts[i] = items(rv[j], blockUnits[i]);
                        }
                        final int[] displs = layout(counts);
                        if (j == me)
                        {
                            rcounts = counts;
                            rdispls = displs;
                        }
                    }
                    sendExpected = guards(kind, sendOffset + scount * s.extent + sendTail);
                    place(sendExpected, s, sendOffset, scount, me, -1);
                    recvExpected = guards(kind, recvOffset + span(rcounts, rdispls) * t.extent + recvTail);
                    if (coll == Coll.ALLGATHERV || me == root)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            place(recvExpected, t, recvOffset + rdispls[i] * t.extent, rcounts[i], i, -1);
                        }
                    }
                }
                case SCATTER ->
                {
                    units = drawUnits(true);
                    scount = items(s, units);
                    rcount = items(t, units);
                    sendExpected = guards(kind, sendOffset + n * scount * s.extent + sendTail);
                    if (me == root)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            place(sendExpected, s, sendOffset + i * scount * s.extent, scount, root, i);
                        }
                    }
                    recvExpected = guards(kind, recvOffset + rcount * t.extent + recvTail);
                    place(recvExpected, t, recvOffset, rcount, root, me);
                }
                case SCATTERV ->
                {
                    blockUnits = drawBlocks(n);
                    for (int j = 0; j < n; j++)
                    {
                        final int[] counts = new int[n];
                        for (int i = 0; i < n; i++)
                        {
                            counts[i] = items(sv[j], blockUnits[i]);
                        }
                        final int[] displs = layout(counts);
                        if (j == me)
                        {
                            scounts = counts;
                            sdispls = displs;
                        }
                    }
                    rcount = items(t, blockUnits[me]);
                    sendExpected = guards(kind, sendOffset + span(scounts, sdispls) * s.extent + sendTail);
                    if (me == root)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            place(sendExpected, s, sendOffset + sdispls[i] * s.extent, scounts[i], root, i);
                        }
                    }
                    recvExpected = guards(kind, recvOffset + rcount * t.extent + recvTail);
                    place(recvExpected, t, recvOffset, rcount, root, me);
                }
                case ALLTOALL ->
                {
                    units = drawUnits(true);
                    scount = items(s, units);
                    rcount = items(t, units);
                    sendExpected = guards(kind, sendOffset + n * scount * s.extent + sendTail);
                    recvExpected = guards(kind, recvOffset + n * rcount * t.extent + recvTail);
                    for (int i = 0; i < n; i++)
                    {
                        place(sendExpected, s, sendOffset + i * scount * s.extent, scount, me, i);
                        place(recvExpected, t, recvOffset + i * rcount * t.extent, rcount, i, me);
                    }
                }
                case ALLTOALLV ->
                {
                    matrix = new int[n][];
                    for (int i = 0; i < n; i++)
                    {
                        matrix[i] = drawBlocks(n);
                    }
                    // every rank draws every rank's layouts, so all stay in step
                    for (int i = 0; i < n; i++)
                    {
                        final int[] row = new int[n];
                        final int[] column = new int[n];
                        for (int j = 0; j < n; j++)
                        {
                            row[j] = items(sv[i], matrix[i][j]);
                            column[j] = items(rv[i], matrix[j][i]);
                        }
                        final int[] sd = layout(row);
                        final int[] rd = layout(column);
                        if (i == me)
                        {
                            scounts = row;
                            sdispls = sd;
                            rcounts = column;
                            rdispls = rd;
                        }
                    }
                    sendExpected = guards(kind, sendOffset + span(scounts, sdispls) * s.extent + sendTail);
                    recvExpected = guards(kind, recvOffset + span(rcounts, rdispls) * t.extent + recvTail);
                    for (int i = 0; i < n; i++)
                    {
                        place(sendExpected, s, sendOffset + sdispls[i] * s.extent, scounts[i], me, i);
                        place(recvExpected, t, recvOffset + rdispls[i] * t.extent, rcounts[i], i, me);
                    }
                }
                case REDUCE, ALLREDUCE, SCAN, EXSCAN ->
                {
                    units = drawUnits(false);
                    sendExpected = guards(kind, sendOffset + units * s.extent + sendTail);
                    placeInput(sendExpected, s, sendOffset, units, me);
                    recvExpected = guards(kind, recvOffset + units * t.extent + recvTail);
                    final boolean gets = coll == Coll.ALLREDUCE || coll == Coll.SCAN || coll == Coll.EXSCAN && me > 0 ||
                        coll == Coll.REDUCE && me == root;
                    if (gets)
                    {
                        final int last = coll == Coll.SCAN ? me : coll == Coll.EXSCAN ? me - 1 : n - 1;
                        placeReduced(recvExpected, t, recvOffset, units, 0, 0, last);
                    }
                }
                case REDUCE_SCATTER ->
                {
                    if (blockForm)
                    {
                        blockUnits = new int[n];
                        Arrays.fill(blockUnits, drawUnits(true));
                    }
                    else
                    {
                        blockUnits = drawBlocks(n);
                    }
                    int total = 0;
                    int before = 0;
                    for (int i = 0; i < n; i++)
                    {
                        if (i == me)
                        {
                            before = total;
                        }
                        total += blockUnits[i];
                    }
                    sendExpected = guards(kind, sendOffset + total * s.extent + sendTail);
                    placeInput(sendExpected, s, sendOffset, total, me);
                    if (inPlace)
                    {
                        // the input in the receive buffer, the result at its start, the rest undefined
                        recvInitial = guards(kind, recvOffset + total * t.extent + recvTail);
                        placeInput(recvInitial, t, recvOffset, total, me);
                        recvExpected = recvInitial.clone();
                        freeFrom = recvOffset + blockUnits[me] * t.extent;
                        freeTo = recvOffset + total * t.extent;
                    }
                    else
                    {
                        recvExpected = guards(kind, recvOffset + blockUnits[me] * t.extent + recvTail);
                    }
                    placeReduced(recvExpected, t, recvOffset, blockUnits[me], before * t.size(), 0, n - 1);
                }
            }
            if (inPlace && coll != Coll.REDUCE_SCATTER)
            {
                recvInitial = guards(kind, recvExpected.length);
                switch (coll)
                {
                    case ALLREDUCE, SCAN, EXSCAN ->
                    {
                        placeInput(recvInitial, t, recvOffset, units, me);
                        if (coll == Coll.EXSCAN && me == 0)
                        {
                            freeFrom = recvOffset;
                            freeTo = recvOffset + units * t.extent;
                        }
                    }
                    case REDUCE ->
                    {
                        if (me == root)
                        {
                            placeInput(recvInitial, t, recvOffset, units, me);
                        }
                    }
                    case GATHER, ALLGATHER ->
                    {
                        if (coll == Coll.ALLGATHER || me == root)
                        {
                            place(recvInitial, t, recvOffset + me * rcount * t.extent, rcount, me, -1);
                        }
                    }
                    case GATHERV, ALLGATHERV ->
                    {
                        if (coll == Coll.ALLGATHERV || me == root)
                        {
                            place(recvInitial, t, recvOffset + rdispls[me] * t.extent, rcounts[me], me, -1);
                        }
                    }
                    case SCATTER ->
                    {
                        if (me == root)
                        {
                            recvExpected = recvInitial; // the root's block stays in its send buffer
                        }
                    }
                    default -> throw new IllegalStateException("in place " + coll);
                }
            }
            if (coll == Coll.BCAST)
            {
                recvbuf = sendbuf = materialize(kind, recvHow, sendExpected);
            }
            else if (coll != Coll.BARRIER)
            {
                sendbuf = materialize(kind, sendHow, sendExpected);
                recvbuf = materialize(kind, recvHow, recvInitial != null ? recvInitial : guards(kind,
                    recvExpected.length));
            }
            if (ompi && coll != Coll.BARRIER)
            {
                recvArg = view(kind, recvbuf, recvOffset, loc);
                sendArg = coll == Coll.BCAST ? recvArg : view(kind, sendbuf, sendOffset, loc);
                if (coll != Coll.BCAST && sendArg instanceof Buffer b && b.isDirect() && loc.nextInt(4) == 0)
                {
                    sendArg = readOnly(b); // a collective only reads its send buffer
                }
            }
            mpjSend = sendbuf;
            mpjRecv = recvbuf;
            nullsOffRoot = coll.rooted() && coll != Coll.BCAST && me != root && !inPlace && loc.nextInt(3) == 0;
            if (nullsOffRoot)
            {
                if (coll == Coll.SCATTER || coll == Coll.SCATTERV)
                {
                    sendArg = mpjSend = null;
                    scounts = sdispls = null;
                }
                else
                {
                    recvArg = mpjRecv = null;
                    rcounts = rdispls = null;
                }
            }
        }

        /** Open MPI's in-place forms: every blocking one but scatterv's and allToAll's; nonblocking, two. */
        private boolean inPlaceAllowed()
        {
            return switch (coll)
            {
                case REDUCE, ALLREDUCE -> true;
                case SCAN, EXSCAN, ALLGATHER, ALLGATHERV, GATHER, GATHERV, SCATTER, REDUCE_SCATTER -> !nonblocking;
                default -> false;
            };
        }

        /** This rank's buffer: MPJ Express' mostly arrays, Open MPI's mostly nio buffers. */
        private int how()
        {
            if (kind == OBJECT)
            {
                return ARRAY;
            }
            final int d = loc.nextInt(10);
            return (ompi ? d < 3 : d < 8) ? ARRAY : 1 + loc.nextInt(4);
        }

        void run()
        {
            if (ompi)
            {
                runOmpi();
                return;
            }
            final Datatype st = sv[me].dt;
            final Datatype rt = rv[me].dt;
            final Object sb = mpjSend;
            final Object rb = mpjRecv;
            final int so = sendOffset;
            final int ro = recvOffset;
            switch (coll)
            {
                case BARRIER -> comm.Barrier();
                case BCAST -> comm.Bcast(rb, ro, rcount, rt, root);
                case GATHER -> comm.Gather(sb, so, scount, st, rb, ro, rcount, rt, root);
                case GATHERV -> comm.Gatherv(sb, so, scount, st, rb, ro, rcounts, rdispls, rt, root);
                case SCATTER -> comm.Scatter(sb, so, scount, st, rb, ro, rcount, rt, root);
                case SCATTERV -> comm.Scatterv(sb, so, scounts, sdispls, st, rb, ro, rcount, rt, root);
                case ALLGATHER -> comm.Allgather(sb, so, scount, st, rb, ro, rcount, rt);
                case ALLGATHERV -> comm.Allgatherv(sb, so, scount, st, rb, ro, rcounts, rdispls, rt);
                case ALLTOALL -> comm.Alltoall(sb, so, scount, st, rb, ro, rcount, rt);
                case ALLTOALLV -> comm.Alltoallv(sb, so, scounts, sdispls, st, rb, ro, rcounts, rdispls, rt);
                case REDUCE -> comm.Reduce(sb, so, rb, ro, units, st, op(opName), root);
                case ALLREDUCE -> comm.Allreduce(sb, so, rb, ro, units, st, op(opName));
                case REDUCE_SCATTER -> comm.Reduce_scatter(sb, so, rb, ro, blockUnits.clone(), st, op(opName));
                case SCAN -> comm.Scan(sb, so, rb, ro, units, st, op(opName));
                case EXSCAN -> comm.Exscan(sb, so, rb, ro, units, st, op(opName));
            }
        }

        /** Open MPI's blocking calls, on {@code MPI.slice}s of the buffers (no offset argument). */
        private void runOmpi()
        {
            final Datatype st = sv[me].dt;
            final Datatype rt = rv[me].dt;
            final Object sb = sendArg;
            final Object rb = recvArg;
            final boolean atRoot = me == root;
            final Op o = opName == null ? null : op(opName);
            switch (coll)
            {
                case BARRIER -> comm.barrier();
                case BCAST -> comm.bcast(rb, rcount, rt, root);
                case GATHER ->
                {
                    if (!inPlace)
                    {
                        comm.gather(sb, scount, st, rb, rcount, rt, root);
                    }
                    else if (atRoot)
                    {
                        comm.gather(rb, rcount, rt, root);
                    }
                    else
                    {
                        comm.gather(sb, scount, st, root);
                    }
                }
                case GATHERV ->
                {
                    if (!inPlace)
                    {
                        comm.gatherv(sb, scount, st, rb, rcounts, rdispls, rt, root);
                    }
                    else if (atRoot)
                    {
                        comm.gatherv(rb, rcounts, rdispls, rt, root);
                    }
                    else
                    {
                        comm.gatherv(sb, scount, st, root);
                    }
                }
                case SCATTER ->
                {
                    if (!inPlace)
                    {
                        comm.scatter(sb, scount, st, rb, rcount, rt, root);
                    }
                    else if (atRoot)
                    {
                        comm.scatter(sb, scount, st, root);
                    }
                    else
                    {
                        comm.scatter(rb, rcount, rt, root);
                    }
                }
                case SCATTERV -> comm.scatterv(sb, scounts, sdispls, st, rb, rcount, rt, root);
                case ALLGATHER ->
                {
                    if (inPlace)
                    {
                        comm.allGather(rb, rcount, rt);
                    }
                    else
                    {
                        comm.allGather(sb, scount, st, rb, rcount, rt);
                    }
                }
                case ALLGATHERV ->
                {
                    if (inPlace)
                    {
                        comm.allGatherv(rb, rcounts, rdispls, rt);
                    }
                    else
                    {
                        comm.allGatherv(sb, scount, st, rb, rcounts, rdispls, rt);
                    }
                }
                case ALLTOALL -> comm.allToAll(sb, scount, st, rb, rcount, rt);
                case ALLTOALLV -> comm.allToAllv(sb, scounts, sdispls, st, rb, rcounts, rdispls, rt);
                case REDUCE ->
                {
                    if (inPlace)
                    {
                        comm.reduce(atRoot ? rb : sb, units, st, o, root);
                    }
                    else
                    {
                        comm.reduce(sb, rb, units, st, o, root);
                    }
                }
                case ALLREDUCE ->
                {
                    if (inPlace)
                    {
                        comm.allReduce(rb, units, st, o);
                    }
                    else
                    {
                        comm.allReduce(sb, rb, units, st, o);
                    }
                }
                case REDUCE_SCATTER ->
                {
                    if (inPlace && blockForm)
                    {
                        comm.reduceScatterBlock(rb, blockUnits[0], st, o);
                    }
                    else if (inPlace)
                    {
                        comm.reduceScatter(rb, blockUnits.clone(), st, o);
                    }
                    else if (blockForm)
                    {
                        comm.reduceScatterBlock(sb, rb, blockUnits[0], st, o);
                    }
                    else
                    {
                        comm.reduceScatter(sb, rb, blockUnits.clone(), st, o);
                    }
                }
                case SCAN ->
                {
                    if (inPlace)
                    {
                        comm.scan(rb, units, st, o);
                    }
                    else
                    {
                        comm.scan(sb, rb, units, st, o);
                    }
                }
                case EXSCAN ->
                {
                    if (inPlace)
                    {
                        comm.exScan(rb, units, st, o);
                    }
                    else
                    {
                        comm.exScan(sb, rb, units, st, o);
                    }
                }
            }
        }

        /** Open MPI's nonblocking calls. */
        private Request startOmpi()
        {
            final Datatype st = sv[me].dt;
            final Datatype rt = rv[me].dt;
            final Object sb = sendArg;
            final Object rb = recvArg;
            final boolean atRoot = me == root;
            final Op o = opName == null ? null : op(opName);
            return switch (coll)
            {
                case BARRIER -> comm.iBarrier();
                case BCAST -> comm.iBcast(rb, rcount, rt, root);
                case GATHER -> comm.iGather(sb, scount, st, rb, rcount, rt, root);
                case GATHERV -> comm.iGatherv(sb, scount, st, rb, rcounts, rdispls, rt, root);
                case SCATTER -> comm.iScatter(sb, scount, st, rb, rcount, rt, root);
                case SCATTERV -> comm.iScatterv(sb, scounts, sdispls, st, rb, rcount, rt, root);
                case ALLGATHER -> comm.iAllGather(sb, scount, st, rb, rcount, rt);
                case ALLGATHERV -> comm.iAllGatherv(sb, scount, st, rb, rcounts, rdispls, rt);
                case ALLTOALL -> comm.iAllToAll(sb, scount, st, rb, rcount, rt);
                case ALLTOALLV -> comm.iAllToAllv(sb, scounts, sdispls, st, rb, rcounts, rdispls, rt);
                case REDUCE -> inPlace ? comm.iReduce(atRoot ? rb : sb, units, st, o, root) :
                    comm.iReduce(sb, rb, units, st, o, root);
                case ALLREDUCE -> inPlace ? comm.iAllReduce(rb, units, st, o) : comm.iAllReduce(sb, rb, units, st, o);
                case REDUCE_SCATTER -> blockForm ? comm.iReduceScatterBlock(sb, rb, blockUnits[0], st, o) :
                    comm.iReduceScatter(sb, rb, blockUnits.clone(), st, o);
                case SCAN -> comm.iScan(sb, rb, units, st, o);
                case EXSCAN -> comm.iExScan(sb, rb, units, st, o);
            };
        }

        Request start()
        {
            if (ompi)
            {
                return startOmpi();
            }
            final Datatype st = sv[me].dt;
            final Datatype rt = rv[me].dt;
            final Object sb = mpjSend;
            final Object rb = mpjRecv;
            final int so = sendOffset;
            final int ro = recvOffset;
            return switch (coll)
            {
                case BARRIER -> comm.Ibarrier();
                case BCAST -> comm.Ibcast(rb, ro, rcount, rt, root);
                case GATHER -> comm.Igather(sb, so, scount, st, rb, ro, rcount, rt, root);
                case GATHERV -> comm.Igatherv(sb, so, scount, st, rb, ro, rcounts, rdispls, rt, root);
                case SCATTER -> comm.Iscatter(sb, so, scount, st, rb, ro, rcount, rt, root);
                case SCATTERV -> comm.Iscatterv(sb, so, scounts, sdispls, st, rb, ro, rcount, rt, root);
                case ALLGATHER -> comm.Iallgather(sb, so, scount, st, rb, ro, rcount, rt);
                case ALLGATHERV -> comm.Iallgatherv(sb, so, scount, st, rb, ro, rcounts, rdispls, rt);
                case ALLTOALL -> comm.Ialltoall(sb, so, scount, st, rb, ro, rcount, rt);
                case ALLTOALLV -> comm.Ialltoallv(sb, so, scounts, sdispls, st, rb, ro, rcounts, rdispls, rt);
                case REDUCE -> comm.Ireduce(sb, so, rb, ro, units, st, op(opName), root);
                case ALLREDUCE -> comm.Iallreduce(sb, so, rb, ro, units, st, op(opName));
                case REDUCE_SCATTER -> comm.Ireduce_scatter(sb, so, rb, ro, blockUnits.clone(), st, op(opName));
                case SCAN -> comm.Iscan(sb, so, rb, ro, units, st, op(opName));
                case EXSCAN -> comm.Iexscan(sb, so, rb, ro, units, st, op(opName));
            };
        }

        void check()
        {
            if (coll == Coll.BARRIER)
            {
                return;
            }
            if (coll != Coll.BCAST)
            {
                compare("send", sendbuf, sendExpected);
            }
            compare(coll == Coll.BCAST ? "buf" : "recv", recvbuf, recvExpected);
        }

        private void compare(final String which, final Object actual, final long[] expected)
        {
            int bad = 0;
            int first = -1;
            for (int i = 0; i < expected.length; i++)
            {
                if (which.equals("send") || i < freeFrom || i >= freeTo)
                {
                    if (load(kind, actual, i) != expected[i] && bad++ == 0)
                    {
                        first = i;
                    }
                }
            }
            if (bad > 0)
            {
                final long guard = guards(kind, 1)[0];
                throw new StormFailure("buffer=" + which + " length=" + expected.length + " mismatches=" + bad +
                    " first index=" + first + " (" + (expected[first] == guard ? "guard" : "data") + ") expected=" +
                    show(kind, expected[first]) + " got=" + show(kind, load(kind, actual, first)) + detail());
            }
        }

        private static String show(final int kind, final long raw)
        {
            return switch (kind)
            {
                case FLOAT -> Float.toString(Float.intBitsToFloat((int)raw));
                case DOUBLE -> Double.toString(Double.longBitsToDouble(raw));
                default -> Long.toString(raw);
            };
        }

        private String detail()
        {
            final StringBuilder b = new StringBuilder();
            if (rcounts != null)
            {
                b.append(" rcounts=").append(Arrays.toString(rcounts)).append(" rdispls=").append(Arrays.toString(rdispls));
            }
            if (scounts != null)
            {
                b.append(" scounts=").append(Arrays.toString(scounts)).append(" sdispls=").append(Arrays.toString(sdispls));
            }
            if (blockUnits != null)
            {
                b.append(" blocks=").append(Arrays.toString(blockUnits));
            }
            return b.toString();
        }

        private static String names(final Ty[] types)
        {
            final StringBuilder b = new StringBuilder(types.length == 0 ? "-" : types[0].name);
            for (int i = 1; i < types.length; i++)
            {
                if (types[i] != types[0])
                {
                    b.setLength(0);
                    for (final Ty t : types)
                    {
                        b.append(b.length() == 0 ? "" : ",").append(t.name);
                    }
                    return "[" + b + "]";
                }
            }
            return b.toString();
        }

        @Override
        public String toString()
        {
            final StringBuilder b = new StringBuilder();
            b.append(nonblocking ? "I" : "").append(coll).append(blockForm ? "_BLOCK" : "").append(" comm=")
                .append(COMM_NAMES[commIndex]);
            if (comm == null)
            {
                return b.append("(not a member)").toString();
            }
            b.append('(').append(me).append('/').append(n).append(')');
            if (coll != Coll.BARRIER)
            {
                final String s = names(coll == Coll.BCAST ? rv : sv);
                final String t = names(rv);
                b.append(" type=").append(s);
                if (!s.equals(t) && !coll.reduction())
                {
                    b.append("->").append(t);
                }
                if (coll.rooted())
                {
                    b.append(" root=").append(root);
                }
                if (opName != null)
                {
                    b.append(" op=").append(opName);
                }
                final String readOnly = sendArg instanceof Buffer x && x.isReadOnly() ? "(ro)" : "";
                b.append(ompi ? " ompi " + HOLDERS[sendHow] + readOnly + "/" + HOLDERS[recvHow] :
                    " mpj " + HOLDERS[sendHow] + "/" + HOLDERS[recvHow]).append(inPlace ? " in-place" : "").append(nullsOffRoot ? " nulls" : "");
                b.append(" units=").append(units).append(" scount=").append(scount).append(" rcount=").append(rcount)
                    .append(" offsets=").append(sendOffset).append('/').append(recvOffset);
            }
            return b.toString();
        }
    }
}
