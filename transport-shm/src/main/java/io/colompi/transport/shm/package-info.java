/**
 * Same node, other JVM: Agrona ring buffers in {@code /dev/shm}. Not implemented yet (issue "Same node, many
 * JVMs"); this module registers no transport, so the router never picks it.
 */
package io.colompi.transport.shm;
