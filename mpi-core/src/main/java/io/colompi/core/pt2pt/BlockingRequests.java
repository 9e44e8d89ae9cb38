package io.colompi.core.pt2pt;

/** The requests one thread reuses for its blocking calls on one engine, so that those calls allocate nothing. */
final class BlockingRequests
{
    /** The thread these belong to: the one that made them. */
    final Thread thread = Thread.currentThread();
    final SendRequest send;
    final RecvRequest receive;

    BlockingRequests(final Engine engine)
    {
        this.send = new SendRequest(engine);
        this.receive = new RecvRequest(engine);
    }
}
