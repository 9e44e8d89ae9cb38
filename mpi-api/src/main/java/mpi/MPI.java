package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Ports;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RankBinding;
import io.colompi.core.pt2pt.StandaloneRank;
import io.colompi.core.trace.Call;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * The MPI environment of one rank: initialization, predefined communicators, datatypes, operations and
 * constants. The {@code mpi} package is loaded once per rank, so these statics are private to the rank;
 * the rank finds its engine through its class loader (or runs as a one-rank job when started without a launcher).
 */
public class MPI
{
    // ---------------------------------------------------------------- ranks, tags, results
    public static final int ANY_SOURCE = Peers.ANY_SOURCE;
    public static final int ANY_TAG = Peers.ANY_TAG;
    public static final int PROC_NULL = Peers.PROC_NULL;
    public static final int UNDEFINED = Peers.UNDEFINED;
    /** The largest tag value; also readable as {@code COMM_WORLD.Attr_get(MPI.TAG_UB)}. */
    public static final int TAG_UB_VALUE = Peers.TAG_UB;
    public static final int BSEND_OVERHEAD = 0;
    public static final int SEND_OVERHEAD = 0;
    public static final int RECV_OVERHEAD = 0;

    // ---------------------------------------------------------------- comparisons and topologies
    public static final int IDENT = 0;
    public static final int CONGRUENT = 3;
    public static final int SIMILAR = 1;
    public static final int UNEQUAL = 2;
    public static final int GRAPH = 1;
    public static final int CART = 2;

    // ---------------------------------------------------------------- attribute keys
    public static final int TAG_UB = 0;
    public static final int HOST = 1;
    public static final int IO = 2;
    /** 0: each JVM's clock is its own ({@code Wtime} is {@code System.nanoTime}). */
    public static final int WTIME_IS_GLOBAL = 3;
    /** 0: a job runs one program. */
    public static final int APPNUM = 4;
    public static final int LASTUSEDCODE = 5;
    /** The size of {@code COMM_WORLD}: a job does not grow. */
    public static final int UNIVERSE_SIZE = 6;
    /** A window's buffer, its size in bytes and its displacement unit in bytes ({@code Win.getAttr}). */
    public static final int WIN_BASE = 7;
    public static final int WIN_SIZE = 8;
    public static final int WIN_DISP_UNIT = 9;

    // ---------------------------------------------------------------- the MPI standard colompi follows
    public static final int VERSION = 3;
    public static final int SUBVERSION = 1;

    // ---------------------------------------------------------------- thread levels
    public static final int THREAD_SINGLE = 0;
    public static final int THREAD_FUNNELED = 1;
    public static final int THREAD_SERIALIZED = 2;
    public static final int THREAD_MULTIPLE = 3;

    // ---------------------------------------------------------------- error classes
    public static final int SUCCESS = 0;
    public static final int ERR_BUFFER = ErrorClass.BUFFER.code();
    public static final int ERR_COUNT = ErrorClass.COUNT.code();
    public static final int ERR_TYPE = ErrorClass.TYPE.code();
    public static final int ERR_TAG = ErrorClass.TAG.code();
    public static final int ERR_COMM = ErrorClass.COMM.code();
    public static final int ERR_RANK = ErrorClass.RANK.code();
    public static final int ERR_REQUEST = ErrorClass.REQUEST.code();
    public static final int ERR_ROOT = ErrorClass.ROOT.code();
    public static final int ERR_GROUP = ErrorClass.GROUP.code();
    public static final int ERR_OP = ErrorClass.OP.code();
    public static final int ERR_TOPOLOGY = ErrorClass.TOPOLOGY.code();
    public static final int ERR_DIMS = ErrorClass.DIMS.code();
    public static final int ERR_ARG = ErrorClass.ARG.code();
    public static final int ERR_UNKNOWN = ErrorClass.UNKNOWN.code();
    public static final int ERR_TRUNCATE = ErrorClass.TRUNCATE.code();
    public static final int ERR_OTHER = ErrorClass.OTHER.code();
    public static final int ERR_INTERN = ErrorClass.INTERN.code();

    // ---------------------------------------------------------------- datatypes
    public static final Datatype NULL = new Datatype(TypeMap.upperBoundMarker(), "NULL", Datatype.NULL);
    public static final Datatype BYTE = basic(BaseType.BYTE, "BYTE");
    public static final Datatype CHAR = basic(BaseType.CHAR, "CHAR");
    public static final Datatype SHORT = basic(BaseType.SHORT, "SHORT");
    public static final Datatype BOOLEAN = basic(BaseType.BOOLEAN, "BOOLEAN");
    public static final Datatype INT = basic(BaseType.INT, "INT");
    public static final Datatype LONG = basic(BaseType.LONG, "LONG");
    public static final Datatype FLOAT = basic(BaseType.FLOAT, "FLOAT");
    public static final Datatype DOUBLE = basic(BaseType.DOUBLE, "DOUBLE");
    public static final Datatype PACKED = basic(BaseType.PACKED, "PACKED");
    public static final Datatype OBJECT = basic(BaseType.OBJECT, "OBJECT");
    public static final Datatype LB = new Datatype(TypeMap.lowerBoundMarker(), "LB", Datatype.LB);
    public static final Datatype UB = new Datatype(TypeMap.upperBoundMarker(), "UB", Datatype.UB);
    public static final Datatype SHORT2 = new Datatype(TypeMap.pair(BaseType.SHORT), "SHORT2");
    public static final Datatype INT2 = new Datatype(TypeMap.pair(BaseType.INT), "INT2")
    {
        @Override
        int bufferElementsPerElement()
        {
            return Integer.BYTES;
        }
    };
    public static final Datatype LONG2 = new Datatype(TypeMap.pair(BaseType.LONG), "LONG2");
    public static final Datatype FLOAT2 = new Datatype(TypeMap.pair(BaseType.FLOAT), "FLOAT2");
    public static final Datatype DOUBLE2 = new Datatype(TypeMap.pair(BaseType.DOUBLE), "DOUBLE2");
    /** Open MPI's (value, index) pairs of two types, as C lays them out (see {@link DoubleInt}, ...). */
    public static final Datatype SHORT_INT = new PairType("SHORT_INT", BaseType.SHORT, 4, 8);
    public static final Datatype LONG_INT = new PairType("LONG_INT", BaseType.LONG, 8, 16);
    public static final Datatype FLOAT_INT = new PairType("FLOAT_INT", BaseType.FLOAT, 4, 8);
    public static final Datatype DOUBLE_INT = new PairType("DOUBLE_INT", BaseType.DOUBLE, 8, 16);
    /** Open MPI's complex numbers: two floats, two doubles (see {@link FloatComplex}, {@link DoubleComplex}). */
    public static final Datatype FLOAT_COMPLEX = new ComplexType("FLOAT_COMPLEX", BaseType.FLOAT);
    public static final Datatype DOUBLE_COMPLEX = new ComplexType("DOUBLE_COMPLEX", BaseType.DOUBLE);
    /** The structs that read and write those pairs in a {@code ByteBuffer} ({@code MPI.doubleInt.getData(buf, i)}). */
    public static final Int2 int2 = new Int2();
    public static final ShortInt shortInt = new ShortInt();
    public static final LongInt longInt = new LongInt();
    public static final FloatInt floatInt = new FloatInt();
    public static final DoubleInt doubleInt = new DoubleInt();

    // ---------------------------------------------------------------- operations
    public static final Op MAX = new Op("MAX");
    public static final Op MIN = new Op("MIN");
    public static final Op SUM = new Op("SUM");
    public static final Op PROD = new Op("PROD");
    public static final Op LAND = new Op("LAND");
    public static final Op BAND = new Op("BAND");
    public static final Op LOR = new Op("LOR");
    public static final Op BOR = new Op("BOR");
    public static final Op LXOR = new Op("LXOR");
    public static final Op BXOR = new Op("BXOR");
    public static final Op MAXLOC = new Op("MAXLOC");
    public static final Op MINLOC = new Op("MINLOC");
    /** For accumulates only: the target's elements become the origin's. */
    public static final Op REPLACE = new Op("REPLACE");
    /** For accumulates only: the target's elements stay as they are. */
    public static final Op NO_OP = new Op("NO_OP");

    /** {@code Win.lock}'s types, and the assertions of its synchronization calls (accepted, not used). */
    public static final int LOCK_EXCLUSIVE = io.colompi.core.rma.Window.LOCK_EXCLUSIVE;
    public static final int LOCK_SHARED = io.colompi.core.rma.Window.LOCK_SHARED;
    public static final int MODE_NOCHECK = 1;
    public static final int MODE_NOPRECEDE = 2;
    public static final int MODE_NOPUT = 4;
    public static final int MODE_NOSTORE = 8;
    public static final int MODE_NOSUCCEED = 16;

    /** {@link File}'s access modes, and where {@code seek} counts from. */
    public static final int MODE_CREATE = io.colompi.core.file.MpiFile.MODE_CREATE;
    public static final int MODE_RDONLY = io.colompi.core.file.MpiFile.MODE_RDONLY;
    public static final int MODE_WRONLY = io.colompi.core.file.MpiFile.MODE_WRONLY;
    public static final int MODE_RDWR = io.colompi.core.file.MpiFile.MODE_RDWR;
    public static final int MODE_DELETE_ON_CLOSE = io.colompi.core.file.MpiFile.MODE_DELETE_ON_CLOSE;
    public static final int MODE_UNIQUE_OPEN = io.colompi.core.file.MpiFile.MODE_UNIQUE_OPEN;
    public static final int MODE_EXCL = io.colompi.core.file.MpiFile.MODE_EXCL;
    public static final int MODE_APPEND = io.colompi.core.file.MpiFile.MODE_APPEND;
    public static final int MODE_SEQUENTIAL = io.colompi.core.file.MpiFile.MODE_SEQUENTIAL;
    public static final int SEEK_SET = io.colompi.core.file.MpiFile.SEEK_SET;
    public static final int SEEK_CUR = io.colompi.core.file.MpiFile.SEEK_CUR;
    public static final int SEEK_END = io.colompi.core.file.MpiFile.SEEK_END;

    // ---------------------------------------------------------------- error handlers
    /** An error ends the whole job with a message naming the rank and the error; the failing call never returns. */
    public static final Errhandler ERRORS_ARE_FATAL = new Errhandler(true);
    /**
     * The default (as in MPJ Express): errors are thrown to the caller as {@link MPIException}; one the program
     * does not catch ends the job, naming the rank and the error.
     */
    public static final Errhandler ERRORS_RETURN = new Errhandler(false);

    // ---------------------------------------------------------------- predefined objects
    public static Intracomm COMM_WORLD;
    public static Intracomm COMM_SELF;
    /** What {@code Split} with {@code MPI.UNDEFINED} and {@code Create} outside the group return. */
    public static final Comm COMM_NULL = null;
    public static final Group GROUP_EMPTY = new Group(new int[0], -1);
    public static final Group GROUP_NULL = null;
    public static final Request REQUEST_NULL = new Request(null, (Status)null);
    public static final Status EMPTY_STATUS = new Status();

    /** Kept for MPJ Express source compatibility; colompi logs nothing through it. */
    public static boolean DEBUG = false;
    /** Kept for MPJ Express source compatibility: colompi has one set of collectives. */
    public static boolean isOldSelected = false;
    public static final int NUM_OF_PROCESSORS = Runtime.getRuntime().availableProcessors();

    static Engine engine;
    private static Errhandler errhandler = ERRORS_RETURN;
    private static BsendBuffer bsendBuffer;
    /** This rank's ports ({@link Intracomm#openPort()}), made by {@code Init}. */
    static Ports ports;
    private static Thread mainThread;
    private static volatile boolean finalized;

    /**
     * Start MPI in this rank. Returns the program's own arguments unchanged (colompi's launcher adds none).
     */
    public static String[] Init(final String[] args)
    {
        final long startNs = System.nanoTime();
        synchronized (MPI.class)
        {
            if (engine != null)
            {
                throw raise(new MpiError(ErrorClass.OTHER, finalized ? "called after MPI.Finalize" : "MPI.Init called twice"),
                    "MPI.Init");
            }
            final ClassLoader loader = MPI.class.getClassLoader();
            engine = loader instanceof RankBinding ? ((RankBinding)loader).engine() : StandaloneRank.engine();
            bsendBuffer = new BsendBuffer(engine);
            ports = new Ports(engine);
            mainThread = Thread.currentThread();
            engine.initialized();
            COMM_WORLD = new Intracomm(Communicator.world(engine));
            COMM_SELF = new Intracomm(Communicator.self(engine));
        }
        describeEnvironment(args);
        engine.trace(Call.INIT, -1, -1, -1, 0, startNs, 0);
        return args == null ? new String[0] : args;
    }

    /** Fill {@link #INFO_ENV}: no lambda (each would be bootstrapped again in every rank's class loader). */
    private static void describeEnvironment(final String[] args)
    {
        String command = "";
        for (final StackTraceElement frame : Thread.currentThread().getStackTrace())
        {
            final String name = frame.getClassName();
            if (!name.equals(MPI.class.getName()) && !name.equals(Thread.class.getName()))
            {
                command = name;
                break;
            }
        }
        final String wdir = System.getenv("PWD");
        INFO_ENV.set("command", command);
        INFO_ENV.set("argv", args == null ? "" : String.join(" ", args));
        INFO_ENV.set("maxprocs", Integer.toString(engine.worldSize()));
        INFO_ENV.set("host", hostName());
        INFO_ENV.set("arch", System.getProperty("os.arch"));
        INFO_ENV.set("wdir", wdir != null ? wdir : System.getProperty("user.dir"));
        INFO_ENV.set("thread_level", "MPI_THREAD_MULTIPLE");
    }

    /** This machine's name as the kernel has it, without a name-service look-up; else {@link #Get_processor_name}. */
    private static String hostName()
    {
        try
        {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        }
        catch (final java.io.IOException e)
        {
            return Get_processor_name();
        }
    }

    /** {@link #Init}, reporting the thread level granted: always {@link #THREAD_MULTIPLE}. */
    public static String[] initThread(final int required, final int provided, final String[] args)
    {
        return Init(args);
    }

    /** The thread level provided: {@link #THREAD_MULTIPLE} (any thread of the rank may call MPI at any time). */
    public static int queryThread()
    {
        return THREAD_MULTIPLE;
    }

    /** Whether the calling thread is the one that called {@code Init}. */
    public static boolean isMainThread()
    {
        return Thread.currentThread() == mainThread;
    }

    /** Leave MPI: waits for every rank (and for buffered sends to be delivered). */
    public static void Finalize()
    {
        started("MPI.Finalize");
        final long startNs = engine.traceStart();
        final long idleNs = engine.traceIdle();
        try
        {
            bsendBuffer.drain();
            Collectives.finalizeBarrier(COMM_WORLD.core);
            finalized = true;
            engine.finalized();
        }
        catch (final MpiError ex)
        {
            throw raise(ex, "MPI.Finalize");
        }
        engine.traceIdled(Call.FINALIZE, -1, startNs, idleNs);
    }

    public static boolean Initialized()
    {
        return engine != null;
    }

    /** Whether {@link #Finalize} has completed in this rank. */
    public static boolean Finalized()
    {
        return finalized;
    }

    public static String Get_processor_name()
    {
        try
        {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (final java.net.UnknownHostException e)
        {
            return "localhost";
        }
    }

    /** Elapsed time in seconds from an arbitrary origin, with nanosecond resolution. */
    public static double Wtime()
    {
        return System.nanoTime() * 1e-9;
    }

    /** Resolution of {@link #Wtime()} in seconds. */
    public static double Wtick()
    {
        return 1e-9;
    }

    /** Attach space for buffered sends ({@code Bsend}); only its capacity is used for accounting. */
    public static void Buffer_attach(final java.nio.ByteBuffer buffer)
    {
        started("MPI.Buffer_attach");
        try
        {
            bsendBuffer.attach(buffer);
        }
        catch (final MpiError e)
        {
            throw raise(e, "MPI.Buffer_attach");
        }
    }

    /** Wait until all buffered sends are delivered, then detach the buffer. */
    public static void Buffer_detach()
    {
        started("MPI.Buffer_detach");
        try
        {
            bsendBuffer.detach();
        }
        catch (final MpiError e)
        {
            throw raise(e, "MPI.Buffer_detach");
        }
    }

    /** Choose what errors do in this rank: {@link #ERRORS_RETURN} (default) or {@link #ERRORS_ARE_FATAL}. */
    public static void Errorhandler_set(final Errhandler handler)
    {
        notFinalized("MPI.Errorhandler_set");
        if (handler == null)
        {
            throw raise(new MpiError(ErrorClass.ARG, "error handler must not be null"), "MPI.Errorhandler_set");
        }
        errhandler = handler;
    }

    public static Errhandler Errorhandler_get()
    {
        notFinalized("MPI.Errorhandler_get");
        return errhandler;
    }

    static BsendBuffer bsendBuffer()
    {
        return bsendBuffer;
    }

    /**
     * {@code MPI_*_CALL_ERRHANDLER}: what the rank's error handler does with an error of class {@code errorCode}
     * raised by the program: {@link #ERRORS_RETURN} returns it to the caller, which the call then does without an
     * exception (the handler ran); {@link #ERRORS_ARE_FATAL} ends the job, naming the error and {@code call}.
     */
    static void callErrhandler(final int errorCode, final String call)
    {
        started(call);
        if (errhandler.isFatal())
        {
            final ErrorClass errorClass = errorCode > 0 ? ErrorClass.ofCode(errorCode) : ErrorClass.OTHER;
            throw raise(new MpiError(errorClass, "error " + errorCode + " raised by the program"), call);
        }
    }

    /**
     * Turn an engine error into the exception the caller sees, applying this rank's error handler: under
     * {@link #ERRORS_ARE_FATAL} the job is ended, naming this rank and the error, and the call does not return.
     */
    static MPIException raise(final MpiError error, final String call)
    {
        final MPIException exception = new MPIException(call + ": " + error.getMessage(), error.errorClass().code(), error);
        final Engine e = engine;
        if (errhandler.isFatal() && e != null)
        {
            throw e.abortAndUnwind(1, exception);
        }
        return exception;
    }

    /** This rank's engine, between {@code Init} and {@code Finalize}; outside them every MPI call is an error. */
    static Engine started(final String call)
    {
        final Engine e = engine;
        if (e == null)
        {
            throw raise(new MpiError(ErrorClass.OTHER, "MPI.Init has not been called"), call);
        }
        notFinalized(call);
        return e;
    }

    /**
     * The error of calling {@code call} after {@code Finalize}, where every call is one but those that read plain
     * values (README, "After MPI.Finalize"); for the calls that may also come before {@code Init}, as a datatype's.
     */
    static void notFinalized(final String call)
    {
        if (finalized)
        {
            throw raise(new MpiError(ErrorClass.OTHER, "called after MPI.Finalize"), call);
        }
    }

    static Datatype basic(final BaseType base, final String name)
    {
        return new Datatype(TypeMap.basic(base), name);
    }

    // Open MPI Java bindings API
    //
    // Where a name is MPJ Express' too it is the same member: MPI.Init(String[]) returns the arguments (Open MPI's
    // returns nothing, so its programs compile unchanged), Finalize(), queryThread() and the constants agree.

    public static final Datatype DATATYPE_NULL = new Datatype(TypeMap.upperBoundMarker(), "DATATYPE_NULL", Datatype.NULL);
    public static final Info INFO_NULL = null;
    /**
     * How the job started, filled by {@code Init}: {@code command} (the class that called {@code Init}), {@code argv},
     * {@code maxprocs} (the ranks), {@code host}, {@code arch}, {@code wdir} and {@code thread_level}.
     */
    public static final Info INFO_ENV = new Info();
    public static final int DIST_GRAPH = 3;
    public static final int ROOT = Peers.ROOT;
    public static final int KEYVAL_INVALID = -1;
    public static final int MAX_PROCESSOR_NAME = 256;
    public static final int MAX_ERROR_STRING = 256;
    public static final int MAX_OBJECT_NAME = 64;
    /** The longest port name {@code Intracomm.openPort} may give (colompi's are under 60 characters). */
    public static final int MAX_PORT_NAME = 1024;
    public static final int ERR_PENDING = ErrorClass.PENDING.code();
    public static final int ERR_IN_STATUS = ErrorClass.IN_STATUS.code();
    public static final int ERR_ACCESS = ErrorClass.ACCESS.code();
    public static final int ERR_AMODE = ErrorClass.AMODE.code();
    public static final int ERR_BAD_FILE = ErrorClass.BAD_FILE.code();
    public static final int ERR_FILE_EXISTS = ErrorClass.FILE_EXISTS.code();
    public static final int ERR_FILE = ErrorClass.FILE.code();
    public static final int ERR_IO = ErrorClass.IO.code();
    public static final int ERR_KEYVAL = ErrorClass.KEYVAL.code();
    public static final int ERR_NAME = ErrorClass.NAME.code();
    public static final int ERR_NOT_SAME = ErrorClass.NOT_SAME.code();
    public static final int ERR_NO_SUCH_FILE = ErrorClass.NO_SUCH_FILE.code();
    public static final int ERR_PORT = ErrorClass.PORT.code();
    public static final int ERR_READ_ONLY = ErrorClass.READ_ONLY.code();
    public static final int ERR_UNSUPPORTED_DATAREP = ErrorClass.UNSUPPORTED_DATAREP.code();
    public static final int ERR_DISP = ErrorClass.DISP.code();
    public static final int ERR_LOCKTYPE = ErrorClass.LOCKTYPE.code();
    public static final int ERR_RMA_SYNC = ErrorClass.RMA_SYNC.code();
    public static final int ERR_SERVICE = ErrorClass.SERVICE.code();
    public static final int ERR_SIZE = ErrorClass.SIZE.code();
    public static final int ERR_WIN = ErrorClass.WIN.code();
    public static final int ERR_RMA_RANGE = ErrorClass.RMA_RANGE.code();
    public static final int ERR_LASTCODE = ErrorClass.lastCode();
    public static final int COMM_TYPE_SHARED = 0;

    /** Start MPI with a thread level; returns the level provided: {@link #THREAD_MULTIPLE}. */
    public static int InitThread(final String[] args, final int required)
    {
        Init(args);
        return THREAD_MULTIPLE;
    }

    public static boolean isInitialized()
    {
        return Initialized();
    }

    public static boolean isFinalized()
    {
        return Finalized();
    }

    /** Whether the calling thread is the one that started MPI. */
    public static boolean isThreadMain()
    {
        return isMainThread();
    }

    /** Elapsed seconds, nanosecond resolution. */
    public static double wtime()
    {
        return Wtime();
    }

    public static double wtick()
    {
        return Wtick();
    }

    public static String getProcessorName()
    {
        return Get_processor_name();
    }

    /** The version of the MPI standard colompi follows (3.1). */
    public static Version getVersion()
    {
        return new Version(VERSION, SUBVERSION);
    }

    /** The library and its version, as {@code MPI_Get_library_version} says it. */
    public static String getLibVersion()
    {
        return "colompi (MPI " + VERSION + "." + SUBVERSION + ")";
    }

    /** {@code MPI_Pcontrol}: a hook for profilers that MPI itself gives no meaning; it does nothing here. */
    public static void pControl(final int level, final Object obj)
    {
        started("MPI.pControl");
    }

    /** Attach {@code buffer} as the space for buffered sends (Open MPI's form: a byte array). */
    public static void attachBuffer(final byte[] buffer)
    {
        Buffer_attach(buffer == null ? null : ByteBuffer.wrap(buffer));
        attached = buffer;
    }

    /** Wait for the buffered sends, detach the buffer and return it. */
    public static byte[] detachBuffer()
    {
        Buffer_detach();
        final byte[] buffer = attached;
        attached = null;
        return buffer;
    }

    private static byte[] attached;

    /** A direct buffer of {@code capacity} bytes in native byte order, for nonblocking and off-heap messages. */
    public static ByteBuffer newByteBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 1)).order(ByteOrder.nativeOrder());
    }

    /** A direct buffer of {@code capacity} chars in native byte order, for nonblocking and off-heap messages. */
    public static CharBuffer newCharBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 2)).order(ByteOrder.nativeOrder()).asCharBuffer();
    }

    /** A direct buffer of {@code capacity} shorts in native byte order, for nonblocking and off-heap messages. */
    public static ShortBuffer newShortBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 2)).order(ByteOrder.nativeOrder()).asShortBuffer();
    }

    /** A direct buffer of {@code capacity} ints in native byte order, for nonblocking and off-heap messages. */
    public static IntBuffer newIntBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 4)).order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    /** A direct buffer of {@code capacity} longs in native byte order, for nonblocking and off-heap messages. */
    public static LongBuffer newLongBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 8)).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /** A direct buffer of {@code capacity} floats in native byte order, for nonblocking and off-heap messages. */
    public static FloatBuffer newFloatBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A direct buffer of {@code capacity} doubles in native byte order, for nonblocking and off-heap messages. */
    public static DoubleBuffer newDoubleBuffer(final int capacity)
    {
        return ByteBuffer.allocateDirect(bytes(capacity, 8)).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /** {@code capacity} elements of {@code size} bytes, in bytes; ERR_ARG for a negative or too large capacity. */
    private static int bytes(final int capacity, final int size)
    {
        if (capacity < 0 || (long)capacity * size > Integer.MAX_VALUE)
        {
            throw raise(new MpiError(ErrorClass.ARG, "a buffer of " + capacity + " elements of " + size +
                " bytes cannot be allocated"), "MPI.new*Buffer");
        }
        return capacity * size;
    }

    /** {@code offset}, where a slice of a buffer of {@code elements} may start; ERR_ARG elsewhere. */
    private static int sliceAt(final int offset, final int elements)
    {
        if (offset < 0 || offset > elements)
        {
            throw raise(new MpiError(ErrorClass.ARG, "offset " + offset + " is outside a buffer of " + elements +
                " elements"), "MPI.slice");
        }
        return offset;
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static ByteBuffer slice(final ByteBuffer buf, final int offset)
    {
        return ((ByteBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice().order(buf.order());
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static ByteBuffer slice(final byte[] buf, final int offset)
    {
        return ByteBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static CharBuffer slice(final CharBuffer buf, final int offset)
    {
        return ((CharBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice();
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static CharBuffer slice(final char[] buf, final int offset)
    {
        return CharBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static ShortBuffer slice(final ShortBuffer buf, final int offset)
    {
        return ((ShortBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice();
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static ShortBuffer slice(final short[] buf, final int offset)
    {
        return ShortBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static IntBuffer slice(final IntBuffer buf, final int offset)
    {
        return ((IntBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice();
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static IntBuffer slice(final int[] buf, final int offset)
    {
        return IntBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static LongBuffer slice(final LongBuffer buf, final int offset)
    {
        return ((LongBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice();
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static LongBuffer slice(final long[] buf, final int offset)
    {
        return LongBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static FloatBuffer slice(final FloatBuffer buf, final int offset)
    {
        return ((FloatBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice();
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static FloatBuffer slice(final float[] buf, final int offset)
    {
        return FloatBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }

    /** The part of {@code buf} from element {@code offset} on: what an offset argument was in MPJ Express. */
    public static DoubleBuffer slice(final DoubleBuffer buf, final int offset)
    {
        return ((DoubleBuffer)buf.duplicate().clear().position(sliceAt(offset, buf.capacity()))).slice();
    }

    /** The part of {@code buf} from element {@code offset} on, as a heap buffer over the array. */
    public static DoubleBuffer slice(final double[] buf, final int offset)
    {
        return DoubleBuffer.wrap(buf, sliceAt(offset, buf.length), buf.length - offset).slice();
    }
}
