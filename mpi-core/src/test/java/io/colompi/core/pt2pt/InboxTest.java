package io.colompi.core.pt2pt;

import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ranks of one JVM reach each other through the receiver's {@link Inbox}: its limits must not show in MPI's rules. */
@Timeout(60)
class InboxTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** The smallest inbox: 4 KiB, about nine 400-byte messages. */
    private static final RuntimeSettings TINY_INBOX = RuntimeSettings.defaults().toBuilder()
        .localInboxBytes(4096).build();

    @Test
    void sendsToAReceiverThatDoesNotPollWaitInABacklogAndArriveWholeAndInOrder() throws Exception
    {
        final int messages = 500;
        final CountDownLatch sent = new CountDownLatch(1);
        ThreadJob.run(TINY_INBOX, 2, world ->
        {
            if (world.rank() == 0)
            {
                final List<SendRequest> sends = new ArrayList<>();
                for (int i = 0; i < messages; i++)
                {
                    final int[] data = new int[100];
                    data[0] = i;
                    data[99] = -i;
                    sends.add(world.isend(data, 0, data.length, INT, 1, i % 7));
                }
                try
                {
                    // the inbox holds a few of them: the others wait in the backlog, and the calls returned all the same
                    assertFalse(sends.get(messages - 1).isComplete());
                }
                finally
                {
                    sent.countDown();
                }
                for (final SendRequest send : sends)
                {
                    world.engine().awaitRequest(send);
                }
            }
            else
            {
                sent.await();
                // tag by tag from the last one down: most messages are taken out of their order of arrival
                final int[] into = new int[100];
                for (int tag = 6; tag >= 0; tag--)
                {
                    for (int i = tag; i < messages; i += 7)
                    {
                        final RecvRequest r = world.recv(into, 0, into.length, INT, 0, tag);
                        assertEquals(tag, r.tag());
                        assertEquals(100, r.elements());
                        assertEquals(i, into[0]);
                        assertEquals(-i, into[99]);
                    }
                }
            }
        });
    }

    @Test
    void smallLargeAndSynchronousMessagesOfOneSenderKeepTheirOrderThroughAFullInbox() throws Exception
    {
        ThreadJob.run(TINY_INBOX, 2, world ->
        {
            final int rounds = 300;
            if (world.rank() == 0)
            {
                final List<SendRequest> sends = new ArrayList<>();
                for (int i = 0; i < rounds; i++)
                {
                    // 40 B in the record; 40 000 B by reference (larger than the inbox's biggest record)
                    final int[] data = new int[i % 3 == 1 ? 10_000 : 10];
                    data[0] = i;
                    data[data.length - 1] = i;
                    if (i % 3 == 2)
                    {
                        world.send(data, 0, data.length, INT, 1, 0, SendMode.SYNCHRONOUS);
                    }
                    else
                    {
                        sends.add(world.isend(data, 0, data.length, INT, 1, i % 5));
                    }
                }
                for (final SendRequest send : sends)
                {
                    world.engine().awaitRequest(send);
                }
            }
            else
            {
                final int[] into = new int[10_000];
                for (int i = 0; i < rounds; i++)
                {
                    final RecvRequest r = world.recv(into, 0, into.length, INT, 0, Peers.ANY_TAG);
                    final int length = i % 3 == 1 ? 10_000 : 10;
                    assertEquals(length, r.elements());
                    assertEquals(i, into[0]);
                    assertEquals(i, into[length - 1]);
                }
            }
        });
    }

    @Test
    void aSynchronousSendCompletesOnlyOnceItsReceiveIsPosted() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            if (world.rank() == 0)
            {
                final long start = System.nanoTime();
                world.send(new int[]{ 5 }, 0, 1, INT, 1, 3, SendMode.SYNCHRONOUS);
                assertTrue(System.nanoTime() - start >= 150_000_000L, "Ssend returned before its receive was posted");
                world.send(new int[]{ 6 }, 0, 1, INT, 1, 4, SendMode.STANDARD);
            }
            else
            {
                // polls (and so takes the reference out of its inbox) without posting the receive
                final long until = System.nanoTime() + 200_000_000L;
                while (System.nanoTime() < until)
                {
                    world.engine().progress();
                    Thread.sleep(1);
                }
                final int[] into = new int[1];
                world.recv(into, 0, 1, INT, 0, 3);
                assertEquals(5, into[0]);
                world.recv(into, 0, 1, INT, 0, 4);
                assertEquals(6, into[0]);
            }
        });
    }

    @Test
    void threadsOfOneRankSendingAtOnceEachKeepTheirOrder() throws Exception
    {
        final int threads = 4;
        final int perThread = 2_000;
        ThreadJob.run(TINY_INBOX, 2, world ->
        {
            if (world.rank() == 0)
            {
                final List<Thread> senders = new ArrayList<>();
                final List<Throwable> failures = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int tag = t;
                    final Thread sender = new Thread(() ->
                    {
                        for (int i = 0; i < perThread; i++)
                        {
                            final int[] data = { i, tag };
                            world.send(data, 0, 2, INT, 1, tag, SendMode.STANDARD);
                        }
                    });
                    sender.setUncaughtExceptionHandler((thread, ex) ->
                    {
                        synchronized (failures)
                        {
                            failures.add(ex);
                        }
                    });
                    senders.add(sender);
                    sender.start();
                }
                for (final Thread sender : senders)
                {
                    sender.join();
                }
                assertEquals(List.of(), failures);
            }
            else
            {
                final int[] next = new int[threads];
                final int[] into = new int[2];
                for (int i = 0; i < threads * perThread; i++)
                {
                    final RecvRequest r = world.recv(into, 0, 2, INT, 0, Peers.ANY_TAG);
                    assertEquals(r.tag(), into[1]);
                    assertEquals(next[r.tag()]++, into[0]);
                }
                assertArrayEquals(new int[]{ perThread, perThread, perThread, perThread }, next);
            }
        });
    }
}
