package io.colompi.testprograms;

/**
 * Every rank prints {@code LINES} lines in three pieces each, racing the others, then a last piece without a
 * newline; a helper thread of the rank prints one line too.
 */
public final class Chatty
{
    public static final int LINES = 200;

    private Chatty()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int rank = MyRank.engine().worldRank();
        final Thread helper = new Thread(() -> System.out.println("helper of rank " + rank));
        helper.start();
        for (int i = 0; i < LINES; i++)
        {
            System.out.print("rank " + rank);
            System.out.print(" line " + i + " ");
            System.out.println("x".repeat(1 + (i * 7) % 50));
            if (i % 50 == 0)
            {
                Thread.yield();
            }
        }
        System.err.println("err of rank " + rank);
        helper.join();
        System.out.print("tail of rank " + rank);
    }
}
