/**
 * Other node: Aeron over UDP with the media driver embedded in the JVM. Not implemented yet (issue "Other
 * nodes"); this module registers no transport, so the router never picks it.
 */
package io.colompi.transport.rdma;
