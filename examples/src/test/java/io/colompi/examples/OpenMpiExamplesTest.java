package io.colompi.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples written in Open MPI's Java API, run through {@code colorun} as an Open MPI user runs them, in one
 * JVM, one JVM per rank and on two pretend nodes; and such a program compiled by {@code colojavac} (the mpi-api
 * jar alone on the class path), with a MINLOC over {@code MPI.DOUBLE_INT} and an MPJ-style collective over buffers.
 */
@Timeout(180)
class OpenMpiExamplesTest
{
    private static final String CP = Launch.EXAMPLES.toString();

    @ParameterizedTest
    @ValueSource(strings = { "--ranks-per-jvm=4", "--ranks-per-jvm=1", "--virtual-nodes=2" })
    void helloRingAndPiRunInEveryPlacement(final String placement) throws Exception
    {
        final String[] option = placement.split("=");
        final Launch hello = Launch.run("colorun", "-np", "4", option[0], option[1], "-cp", CP,
            "io.colompi.examples.ompi.Hello");
        assertEquals(0, hello.exitCode, hello.toString());
        final List<String> lines = hello.lines().stream().sorted().toList();
        for (int r = 0; r < 4; r++)
        {
            assertTrue(lines.get(r).startsWith("[" + r + "] Hello from rank " + r + " of 4 on "), hello.toString());
        }
        final Launch ring = Launch.run("colorun", "-np", "4", option[0], option[1], "-cp", CP,
            "io.colompi.examples.ompi.Ring", "2");
        assertEquals(0, ring.exitCode, ring.toString());
        assertTrue(ring.stdout.contains("[0] ring done: token = 6, expected 6"), ring.toString());
        final Launch pi = Launch.run("colorun", "-np", "4", option[0], option[1], "-cp", CP,
            "io.colompi.examples.ompi.Pi", "200000");
        assertEquals(0, pi.exitCode, pi.toString());
        final Matcher m = Pattern.compile("\\[0] pi = (\\S+) ").matcher(pi.stdout);
        assertTrue(m.find(), pi.toString());
        assertEquals(Math.PI, Double.parseDouble(m.group(1)), 1e-9);
    }

    @Test
    void colojavacCompilesAnOpenMpiProgramThatColorunRuns(@TempDir final Path dir) throws Exception
    {
        final String main = "Main";
        Files.writeString(dir.resolve(main + ".java"), String.join("\n",
            "import mpi.*;",
            "import java.nio.*;",
            "public class " + main + " {",
            "  public static void main(String[] args) throws MPIException {",
            "    MPI.Init(args);",
            "    int rank = MPI.COMM_WORLD.getRank(), size = MPI.COMM_WORLD.getSize();",
            "    IntBuffer in = MPI.newIntBuffer(1);",
            "    Request r = MPI.COMM_WORLD.iRecv(in, 1, MPI.INT, (rank + size - 1) % size, 0);",
            "    MPI.COMM_WORLD.send(new int[]{rank}, 1, MPI.INT, (rank + 1) % size, 0);",
            "    Status s = r.waitStatus();",
            "    DoubleBuffer d = MPI.newDoubleBuffer(1).put(0, in.get(0));",
            "    MPI.COMM_WORLD.allReduce(d, 1, MPI.DOUBLE, MPI.SUM);",
            "    CartComm ring = MPI.COMM_WORLD.createCart(new int[]{size}, new boolean[]{true}, false);",
            "    Datatype pairs = Datatype.createVector(2, 1, 2, MPI.INT);",
            "    pairs.commit();",
            "    ByteBuffer p = MPI.newByteBuffer(MPI.doubleInt.getExtent());",
            "    DoubleInt.Data least = MPI.doubleInt.getData(p);",
            "    least.putValue(-rank); least.putIndex(rank);",
            "    MPI.COMM_WORLD.allReduce(p, 1, MPI.DOUBLE_INT, MPI.MINLOC);",
            "    DoubleBuffer most = MPI.newDoubleBuffer(2);",
            "    MPI.COMM_WORLD.Allreduce(d, 0, most, 1, 1, MPI.DOUBLE, MPI.MAX);",
            "    try { MPI.COMM_WORLD.barrier(); } catch (MPIException e) { System.out.println(e.getErrorCode()); }",
            "    if (rank == 0) System.out.println(\"from \" + s.getSource() + \" sum \" + d.get(0) +",
            "      \" next \" + ring.shift(0, 1).getRankDest() + \" minloc \" + least.getIndex() + \" max \" + most.get(1));",
            "    MPI.Finalize();",
            "  }",
            "}"));
        final Launch compile = Launch.runIn(dir, "colojavac", "-d", dir.toString(), dir.resolve(main + ".java").toString());
        assertEquals(0, compile.exitCode, compile.toString());
        final Launch run = Launch.runIn(dir, "colorun", "-np", "4", "-cp", ".", main);
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("[0] from 3 sum 6.0 next 1 minloc 3 max 6.0", run.stdout.strip(), run.toString());
    }
}
