package io.colompi.colo;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Where rank hosts on other nodes may reach the launcher: its non-loopback, non-link-local IPv4 addresses of the
 * interfaces that are up, in the order the system lists them. They try each in turn ({@link RendezvousClient}),
 * so an address the node has no route to costs little; {@code colorun --launcher-address} replaces the list.
 */
final class LauncherAddresses
{
    private LauncherAddresses()
    {
    }

    /** This machine's candidate addresses; fails if it has none (a node could not reach the launcher). */
    static List<InetAddress> candidates() throws IOException
    {
        final List<InetAddress> addresses = new ArrayList<>();
        final Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
        while (interfaces != null && interfaces.hasMoreElements())
        {
            final NetworkInterface candidate = interfaces.nextElement();
            if (!candidate.isUp() || candidate.isLoopback())
            {
                continue;
            }
            final Enumeration<InetAddress> bound = candidate.getInetAddresses();
            while (bound.hasMoreElements())
            {
                final InetAddress address = bound.nextElement();
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                {
                    addresses.add(address);
                }
            }
        }
        if (addresses.isEmpty())
        {
            throw new IOException("this machine has no IPv4 address other nodes could reach the launcher at " +
                "(no interface up besides loopback); give one with --launcher-address");
        }
        return addresses;
    }
}
