package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(120)
class ObjectFilterTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_VIRTUAL_NODES" })
    void anObjectOfAClassOutsideTheFilterIsAnMpiExceptionAtTheReceiverAndTheJobGoesOn(final Ranks.Layout layout)
        throws Exception
    {
        Ranks.run(layout, 4, SendsAGadget.class);
    }

    /** Rank 0 sends each other rank a map keyed by a URL (the URLDNS gadget: its hashCode resolves the host), then a string. */
    public static class SendsAGadget
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            MPI.Errorhandler_set(MPI.ERRORS_RETURN);
            final Intracomm world = MPI.COMM_WORLD;
            if (world.Rank() == 0)
            {
                final Map<URL, Integer> gadget = new HashMap<>(Map.of(new URL("http://colompi.invalid/"), 1));
                for (int peer = 1; peer < world.Size(); peer++)
                {
                    world.Send(new Object[]{ gadget }, 0, 1, MPI.OBJECT, peer, 1);
                    world.Send(new Object[]{ "fine" }, 0, 1, MPI.OBJECT, peer, 2);
                }
            }
            else
            {
                final MPIException refused = assertThrows(MPIException.class,
                    () -> world.Recv(new Object[1], 0, 1, MPI.OBJECT, 0, 1));
                assertEquals(MPI.ERR_TYPE, refused.getErrorClass(), refused.getMessage());
                assertEquals(true, refused.getMessage().contains("class java.net.URL is not allowed to be deserialized"),
                    refused.getMessage());
                final Object[] fine = new Object[1];
                world.Recv(fine, 0, 1, MPI.OBJECT, 0, 2);
                assertArrayEquals(new Object[]{ "fine" }, fine);
            }
            MPI.Finalize();
        }
    }
}
