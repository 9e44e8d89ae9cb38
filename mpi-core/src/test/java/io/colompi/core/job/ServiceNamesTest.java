package io.colompi.core.job;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table behind a job's name service: what MPI says of publish, unpublish and lookup, and its bounds. */
class ServiceNamesTest
{
    private final ServiceNames names = new ServiceNames();

    private static ErrorClass failure(final Runnable call)
    {
        return assertThrows(MpiError.class, call::run).errorClass();
    }

    @Test
    void aPublishedServiceIsFoundUntilUnpublishedWithItsPort()
    {
        names.publish("ocean", "colompi-port:1:0:0");
        names.publish("sky", "colompi-port:1:2:5");
        assertEquals("colompi-port:1:0:0", names.lookup("ocean"));
        assertEquals("colompi-port:1:2:5", names.lookup("sky"));

        assertEquals(ErrorClass.SERVICE, failure(() -> names.unpublish("ocean", "colompi-port:1:2:5")));
        assertEquals("colompi-port:1:0:0", names.lookup("ocean"), "a refused unpublish changes nothing");
        names.unpublish("ocean", "colompi-port:1:0:0");
        assertEquals(ErrorClass.NAME, failure(() -> names.lookup("ocean")));
        assertEquals(ErrorClass.SERVICE, failure(() -> names.unpublish("ocean", "colompi-port:1:0:0")));

        names.publish("ocean", "another port");
        assertEquals("another port", names.lookup("ocean"), "an unpublished service may be published again");
    }

    @Test
    void aServicePublishedTwiceIsRefusedNamingItsPort()
    {
        names.publish("ocean", "first");
        final MpiError twice = assertThrows(MpiError.class, () -> names.publish("ocean", "second"));
        assertEquals(ErrorClass.SERVICE, twice.errorClass());
        assertTrue(twice.getMessage().contains("bound to first"), twice.getMessage());
        assertEquals("first", names.lookup("ocean"));
    }

    @Test
    void namesAndPortsAreBoundedAndNeverNullOrEmpty()
    {
        final String longest = "s".repeat(ServiceNames.MAX_NAME_CHARS);
        names.publish(longest, longest);
        assertEquals(longest, names.lookup(longest));
        assertEquals(ErrorClass.ARG, failure(() -> names.publish(longest + "s", "port")));
        assertEquals(ErrorClass.ARG, failure(() -> names.publish("service", longest + "p")));
        assertEquals(ErrorClass.ARG, failure(() -> names.publish(null, "port")));
        assertEquals(ErrorClass.ARG, failure(() -> names.publish("service", "")));
        assertEquals(ErrorClass.ARG, failure(() -> names.lookup("")));
        assertEquals(ErrorClass.ARG, failure(() -> names.unpublish("service", null)));

        for (int i = 1; i < ServiceNames.MAX_SERVICES; i++)
        {
            names.publish("service " + i, "port");
        }
        final MpiError full = assertThrows(MpiError.class, () -> names.publish("one more", "port"));
        assertEquals(ErrorClass.SERVICE, full.errorClass());
        assertTrue(full.getMessage().contains(ServiceNames.MAX_SERVICES + " services"), full.getMessage());
        names.unpublish("service 1", "port");
        names.publish("one more", "port");
    }
}
