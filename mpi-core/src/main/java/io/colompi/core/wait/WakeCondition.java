package io.colompi.core.wait;

/** What a waiting rank waits for, re-checked after every step of the back-off. */
@FunctionalInterface
public interface WakeCondition
{
    boolean ready();
}
