/**
 * Other node: Aeron over UDP with the media driver embedded in the JVM (exclusivity 10, below shared memory's 50:
 * it carries only messages to ranks on other nodes).
 *
 * <h2>Shape</h2>
 * Each JVM that has a peer on another node holds one {@link io.colompi.transport.rdma.AeronNode}, shared by its
 * ranks: an embedded driver in {@link io.aeron.driver.ThreadingMode#INVOKER} mode (no driver threads: on few cores
 * the spinning conductor/sender/receiver threads of the other modes starve the ranks and each other) and a client
 * whose conductor is invoked too, with the driver's invoker, so blocking client calls drive the driver. One
 * subscription per JVM, on an ephemeral UDP port of the address other nodes reach (concurrent jobs never collide),
 * published at wire-up as {@code aeron.jvm<J>} = {@code ip:port}; one publication per remote JVM, all of them made,
 * and connected both ways, in {@code MPI.Init} where a JVM has at most {@code colompi.aeron.connectAtInit} remote
 * JVMs (else each on the first frame for it). A frame committed to a publication leaves in the driver's next cycle:
 * a rank's call that wrote frames runs one before it returns ({@code FrameTransport.sendOwed}). Progress (driver
 * duty cycle, client conductor, subscription poll) runs under a try-lock from every
 * rank's poll and from a keeper thread that parks 0.1-1 ms between cycles (at most 20 us while a rank of its JVM is
 * parked waiting, since only the keeper then reads the network), so heartbeats, status messages, NAKs and
 * retransmits go on while the ranks compute or sleep; while awake ranks poll, the keeper leaves the driver to them
 * (it only pumps outboxes) and parks 10 ms between cycles, so it never holds the progress lock from them and
 * seldom takes their core (a wake-up cost a spinning rank 50-130 us on a 2-core VM). The driver starts
 * no thread at all: its conductor's asynchronous tasks (name resolution, log buffer files) run in its duty cycle
 * too, where Aeron's default runs them on an executor thread that wakes every millisecond. Frames are the core
 * protocol layer's, behind this tier's header ({@link io.colompi.transport.rdma.FrameHeader}): each is one
 * unfragmented Aeron message claimed with {@code tryClaim} and packed in place, read in place from the term, so
 * neither Aeron's fragmentation nor a {@code FragmentAssembler}
 * copy is involved; Aeron's flow control is the back-pressure.
 *
 * <h2>Why one publication per JVM pair</h2>
 * Every stream costs 3 terms of log buffer on the sending JVM (publication) and 3 on the receiving JVM (image), in
 * {@code /dev/shm}, plus a connection's setup, heartbeats and status messages. With N nodes, J JVMs per node and R
 * ranks per JVM, a JVM maps:
 * <ul>
 *   <li>per JVM pair (this design): (N-1)J publications and as many images. 16 nodes, 1 JVM each: 15 + 15 logs of
 *   3 x 512 KiB = 45 MiB;</li>
 *   <li>per rank pair: R^2 as many. 16 nodes of 1 JVM x 8 ranks: 960 + 960 logs; even at Aeron's smallest term
 *   (64 KiB) that is 360 MiB per JVM, and 960 connections to keep alive;</li>
 *   <li>per node pair: fewer logs still, but only with one driver shared by the node's JVMs (a separate process or
 *   an IPC client of a JVM that must outlive the others) plus a second hop from it to the destination JVM, which
 *   defeats the embedded, invoked driver.</li>
 * </ul>
 * Ranks of a JVM share its publications (concurrent publications): a message's frames name source and destination
 * ranks, and each destination reassembles per sending rank, so interleaving between ranks is harmless while each
 * sender's outbox (in the core) keeps its own messages in order.
 *
 * <h2>Sizing</h2>
 * The term length is chosen once per job from the largest number of remote JVMs any JVM has (every JVM computes
 * the same, so the images it maps, sized by its peers, fit too): {@code termBudget / (6 x remoteJvms)}, at most two
 * receiver windows (a sender never has more than a window in flight), rounded down to a power of two within
 * [64 KiB, 16 MiB]. With the defaults (48 MiB, 2 MiB window): 2 nodes 4 MiB terms (24 MiB of logs), 3 nodes 4 MiB
 * (48 MiB), 16 nodes 512 KiB (45 MiB); the driver's own files (cnc.dat at Aeron's minimum buffer sizes, the loss
 * report) add about 12 MiB. The log files are not sparse: the driver allocates and touches their pages when it
 * makes them, and each JVM faults its own mappings in when it maps them ({@code preTouchMappedMemory}). With sparse
 * 8 MiB terms a 2-node halo paid page faults for its first 17 000 iterations, once round the terms (70-80 us per
 * iteration against 41-47 after; bench/RESULTS.md, "Aeron: log pages faulted in up front"). Measured with {@code du}
 * on a JVM's aeron directory once it has a publication to and an image from every other node ({@code
 * FootprintTest}), allocated and apparent alike: 35 MiB at 2 nodes, 59 MiB at 3, 56 MiB at 16. The mtu is 65504 on
 * loopback (the largest UDP payload; at most an eighth of the term) and
 * Aeron's 1408 elsewhere, so a datagram fits a 1500-byte Ethernet
 * frame and a lossy link never fragments it.
 *
 * <h2>Loss</h2>
 * Aeron recovers lost datagrams: a receiver NAKs a gap, the sender resends it. Its default NAK retry (100 us)
 * assumes a driver thread that spins; this driver runs every 0.1-1 ms and reads one control datagram per run, so
 * a receiver polled by busy ranks filled a sender's socket with stale NAKs and each lost tail took 12-20 s. A
 * receiver here NAKs a gap at once and then every 4 ms, and a sender ignores NAKs of a range for 2 ms after
 * resending it ({@code AeronSettings.NAK_RETRY_DELAY_NS}, {@code RETRANSMIT_LINGER_NS}): a job moving MiB under
 * 10 % loss each way between three hosts finishes in about 3 s ({@code NodesTest}).
 *
 * <h2>System properties</h2>
 * <table>
 *   <caption>colompi.aeron.*</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>colompi.aeron.termBudget</td><td>48m</td><td>log buffer bytes a JVM may map for all its remote JVMs</td></tr>
 *   <tr><td>colompi.aeron.termLength</td><td>(from the budget)</td><td>a fixed term length, power of two &ge; 64k</td></tr>
 *   <tr><td>colompi.aeron.loopbackMtu</td><td>65504</td><td>mtu of channels to a loopback address</td></tr>
 *   <tr><td>colompi.aeron.mtu</td><td>1408</td><td>mtu of channels to other addresses</td></tr>
 *   <tr><td>colompi.aeron.socketBuffer</td><td>2m</td><td>SO_SNDBUF / SO_RCVBUF, capped by net.core.[rw]mem_max</td></tr>
 *   <tr><td>colompi.aeron.receiverWindow</td><td>2m</td><td>initial receiver window, capped by the socket buffer and half a term</td></tr>
 *   <tr><td>colompi.aeron.fragmentLimit</td><td>64</td><td>frames one progress call reads</td></tr>
 *   <tr><td>colompi.aeron.keeperMinParkNs</td><td>100000</td><td>keeper park after a busy cycle</td></tr>
 *   <tr><td>colompi.aeron.keeperMaxParkNs</td><td>1000000</td><td>keeper park when idle</td></tr>
 *   <tr><td>colompi.aeron.idleCycleGapNs</td><td>1000</td><td>how long a poll after a driver cycle that found nothing skips the driver (no frame to send, no traffic for 20 us)</td></tr>
 *   <tr><td>colompi.aeron.lingerMs</td><td>2000</td><td>how long a closing JVM waits for peers to confirm its last frames</td></tr>
 *   <tr><td>colompi.aeron.connectAtInit</td><td>16</td><td>a JVM with at most this many JVMs on other nodes connects to all of them in MPI.Init (0: each on first use)</td></tr>
 * </table>
 * {@link io.colompi.transport.rdma.AeronSettings} builds the channels and the driver and client contexts from them,
 * for the transport and for raw Aeron benchmarks alike.
 *
 * <h2>Closing</h2>
 * The last rank of a JVM to close its transport closes the node. Its last eager messages may still sit in its
 * terms, so it first sends FIN to every JVM it exchanged frames with and keeps progressing until each has answered
 * FIN_ACK (everything before the FIN was read) or sent its own FIN (it is closing too), and until the driver has
 * sent its last frames: at most {@code colompi.aeron.lingerMs}, and not at all when the job is aborting.
 * Frames are written in the machine's byte order, as the shared-memory tier's; nodes of one job share an
 * architecture.
 */
package io.colompi.transport.rdma;
