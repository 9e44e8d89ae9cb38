package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports between groups of one job ({@code openPort}, {@code accept}, {@code connect}, {@code closePort}), as Open
 * MPI's intercommunicator test programs use them: the even ranks accept on a port the odd ranks learn by message,
 * or by name from the job's name service ({@code publishName}, {@code lookupName}, {@code unpublishName}).
 */
@Timeout(180)
class PortsTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM" })
    void twoGroupsConnectThroughAPortTwiceAndTalkOverTheIntercommunicators(final Ranks.Layout layout)
        throws Exception
    {
        Ranks.run(layout, 4, Connect.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void badPortsFailEveryRankOfTheGroupWithErrPort(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, BadPorts.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM" })
    void aPortPublishedByOneRankIsFoundByNameByTheOthersOfTheJob(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, NamedPort.class);
    }

    /**
     * np 4: rank 0 publishes its port as a service, the odd group's root looks it up and connects, the even group
     * accepts; a service published twice, unpublished with another port or looked up unpublished fails on any rank.
     */
    public static class NamedPort
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final String port = rank == 0 ? Intracomm.openPort() : null;
            if (rank == 0)
            {
                Intracomm.publishName("ocean", port);
                final MPIException twice = assertThrows(MPIException.class,
                    () -> Intracomm.publishName("ocean", new Info(), "another"));
                assertEquals(MPI.ERR_SERVICE, twice.getErrorClass(), twice.getMessage());
                assertTrue(twice.getMessage().contains("published already, bound to " + port), twice.getMessage());
            }
            world.barrier();

            MPIException e = assertThrows(MPIException.class, () -> Intracomm.lookupName("nothing"));
            assertEquals(MPI.ERR_NAME, e.getErrorClass(), e.getMessage());
            e = assertThrows(MPIException.class, () -> Intracomm.publishName("", "a port"));
            assertEquals(MPI.ERR_ARG, e.getErrorClass(), e.getMessage());
            if (rank == 3)
            {
                e = assertThrows(MPIException.class, () -> Intracomm.publishName("ocean", "mine"));
                assertEquals(MPI.ERR_SERVICE, e.getErrorClass(), e.getMessage());
                e = assertThrows(MPIException.class, () -> Intracomm.unpublishName("ocean", "mine"));
                assertEquals(MPI.ERR_SERVICE, e.getErrorClass(), e.getMessage());
                assertTrue(e.getMessage().contains("is bound to " + Intracomm.lookupName("ocean")), e.getMessage());
            }

            final boolean accepting = rank % 2 == 0;
            final Intracomm group = world.split(accepting ? 0 : 1, rank);
            final Intercomm inter = accepting ?
                group.accept(port, 0) :
                group.connect(rank == 1 ? Intracomm.lookupName("ocean", new Info()) : null, 0);
            final int[] sum = new int[1];
            inter.allReduce(new int[]{ rank }, sum, 1, MPI.INT, MPI.SUM);
            assertEquals(accepting ? 1 + 3 : 0 + 2, sum[0], "the other group's world ranks, summed");
            inter.disconnect();
            world.barrier();

            // any rank may unpublish it, with its port; then nobody finds it
            if (rank == 2)
            {
                Intracomm.unpublishName("ocean", new Info(), Intracomm.lookupName("ocean"));
            }
            world.barrier();
            e = assertThrows(MPIException.class, () -> Intracomm.lookupName("ocean"));
            assertEquals(MPI.ERR_NAME, e.getErrorClass(), e.getMessage());
            e = assertThrows(MPIException.class, () -> Intracomm.unpublishName("ocean", "anything"));
            assertEquals(MPI.ERR_SERVICE, e.getErrorClass(), e.getMessage());
            world.barrier();
            if (rank == 0)
            {
                Intracomm.closePort(port);
            }
            MPI.Finalize();
        }
    }

    /** np 4: even world ranks accept, odd ones connect, twice on one port; each side sums the other's ranks. */
    public static class Connect
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final boolean accepting = rank % 2 == 0;
            final Intracomm group = world.split(accepting ? 0 : 1, rank);
            for (int round = 0; round < 2; round++)
            {
                final Intercomm inter;
                final String port;
                if (accepting)
                {
                    port = rank == 0 ? (round == 0 ? Intracomm.openPort() : Intracomm.openPort(new Info())) : null;
                    if (rank == 0)
                    {
                        final char[] name = port.toCharArray();
                        world.send(new int[]{ name.length }, 1, MPI.INT, 1, round);
                        world.send(name, name.length, MPI.CHAR, 1, round);
                    }
                    inter = round == 0 ? group.accept(port, 0) : group.accept(port, new Info(), 0);
                }
                else
                {
                    String name = null;
                    if (rank == 1)
                    {
                        final int[] length = new int[1];
                        world.recv(length, 1, MPI.INT, 0, round);
                        final char[] chars = new char[length[0]];
                        world.recv(chars, length[0], MPI.CHAR, 0, round);
                        name = new String(chars);
                    }
                    port = name;
                    inter = round == 0 ? group.connect(port, 0) : group.connect(port, new Info(), 0);
                }
                assertEquals(2, inter.getSize());
                assertEquals(2, inter.getRemoteSize());
                assertEquals(rank / 2, inter.getRank());

                final int[] sum = new int[1];
                inter.allReduce(new int[]{ rank }, sum, 1, MPI.INT, MPI.SUM);
                assertEquals(accepting ? 1 + 3 : 0 + 2, sum[0], "the other group's world ranks, summed");

                final int[] fromRemoteRoot = { accepting ? 100 + round : 0 };
                inter.bcast(fromRemoteRoot, 1, MPI.INT, accepting ? (rank == 0 ? MPI.ROOT : MPI.PROC_NULL) : 0);
                if (!accepting)
                {
                    assertEquals(100 + round, fromRemoteRoot[0]);
                }

                final Intracomm merged = inter.merge(!accepting);
                assertEquals(4, merged.getSize());
                assertEquals(accepting ? rank / 2 : 2 + rank / 2, merged.getRank());
                merged.free();
                inter.disconnect();
                if (accepting && rank == 0)
                {
                    Intracomm.closePort(port);
                    final MPIException closed = assertThrows(MPIException.class, () -> Intracomm.closePort(port));
                    assertEquals(MPI.ERR_PORT, closed.getErrorClass());
                    final MPIException acceptClosed = assertThrows(MPIException.class,
                        () -> MPI.COMM_SELF.accept(port, 0));
                    assertEquals(MPI.ERR_PORT, acceptClosed.getErrorClass());
                }
            }
            world.barrier();
            MPI.Finalize();
        }
    }

    /** np 3: names that are no port of this job, another rank's port, a port of the group's own rank. */
    public static class BadPorts
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();

            // a port of rank 1, known to all
            final char[] name = new char[MPI.MAX_PORT_NAME];
            final int[] length = new int[1];
            if (rank == 1)
            {
                final String port = Intracomm.openPort();
                port.getChars(0, port.length(), name, 0);
                length[0] = port.length();
            }
            world.bcast(length, 1, MPI.INT, 1);
            world.bcast(name, length[0], MPI.CHAR, 1);
            final String ofRankOne = new String(name, 0, length[0]);

            // the root did not open it: ERR_PORT at the root and at the ranks waiting for it
            MPIException e = assertThrows(MPIException.class, () -> world.accept(ofRankOne, 0));
            assertEquals(MPI.ERR_PORT, e.getErrorClass(), e.getMessage());
            assertTrue(e.getMessage().contains(rank == 0 ? "not by this rank" : "at the group's root"),
                e.getMessage());
            // its owner is in the connecting group: it could never accept
            e = assertThrows(MPIException.class, () -> world.connect(ofRankOne, 2));
            assertEquals(MPI.ERR_PORT, e.getErrorClass(), e.getMessage());
            if (rank == 2)
            {
                assertTrue(e.getMessage().contains("a rank of the connecting group"), e.getMessage());
            }
            // no port at all, another job's, a rank the job does not have
            for (final String bad : new String[]{ "tcp://10.0.0.1:4000", "colompi-port:1:x:0",
                "colompi-port:feedface:0:0" })
            {
                e = assertThrows(MPIException.class, () -> world.connect(bad, 0));
                assertEquals(MPI.ERR_PORT, e.getErrorClass(), bad + ": " + e.getMessage());
            }
            if (rank == 0)
            {
                final String other = "colompi-port:feedface:0:0";
                e = assertThrows(MPIException.class, () -> MPI.COMM_SELF.connect(other, 0));
                assertTrue(e.getMessage().contains("another job's"), e.getMessage());
            }
            final String tooFar = ofRankOne.substring(0, ofRankOne.lastIndexOf(':', ofRankOne.lastIndexOf(':') - 1)) +
                ":7:0";
            e = assertThrows(MPIException.class, () -> world.connect(tooFar, 0));
            assertEquals(MPI.ERR_PORT, e.getErrorClass(), e.getMessage());
            e = assertThrows(MPIException.class, () -> world.accept(ofRankOne, 3));
            assertEquals(MPI.ERR_ROOT, e.getErrorClass(), e.getMessage());
            e = assertThrows(MPIException.class, () -> Intracomm.closePort("colompi-port:0:0:0"));
            assertEquals(MPI.ERR_PORT, e.getErrorClass(), e.getMessage());

            // the groups can still talk, and the port is still open
            world.barrier();
            if (rank == 1)
            {
                Intracomm.closePort(ofRankOne);
            }
            MPI.Finalize();
        }
    }
}
