package io.colompi.colo;

/**
 * A host of a host file and its slots: how many ranks it takes before the job oversubscribes it.
 *
 * @param host  the host's name or address, as the launch agent and the user know it.
 * @param slots at least 1.
 */
record HostSlots(String host, int slots)
{
    HostSlots
    {
        if (host == null || host.isBlank())
        {
            throw new IllegalArgumentException("a host needs a name");
        }
        if (slots < 1)
        {
            throw new IllegalArgumentException("host " + host + " needs at least 1 slot, got " + slots);
        }
    }
}
