package io.colompi.transport.rdma;

import io.colompi.core.testing.PackageDependencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A transport moves frames through the core's transport interface and knows nothing of point-to-point. */
@Timeout(60)
class LayeringTest
{
    @Test
    void usesNothingOfPointToPoint() throws IOException
    {
        final PackageDependencies transport = PackageDependencies.ofClassesOf(AeronTransportFactory.class);
        assertTrue(transport.uses().containsKey("io.colompi.transport.rdma"), () -> "read no classes: " + transport.uses());
        assertEquals(List.of(), transport.uses("io.colompi.transport", "io.colompi.core.pt2pt"));
    }
}
