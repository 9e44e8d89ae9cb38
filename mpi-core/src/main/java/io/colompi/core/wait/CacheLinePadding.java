package io.colompi.core.wait;

/**
 * A cache line of padding before a subclass's fields (Agrona's idiom: the JVM lays out a superclass's fields first;
 * bytes, so that no field of a subclass fills a gap beside them). A class whose fields a rank's thread writes on every
 * message, or that other ranks' threads read on every send, extends it and ends with a line of its own: 64 bytes
 * ({@code q00} to {@code q63}) after its primitive fields where it writes only those (the references the JVM lays out
 * after them must then be final), or 16 references after its own where it writes references (the JVM lays out
 * references after the primitives, in the order declared). Its written fields then share no line with another object,
 * whatever order the JVM allocated or a collection copied the objects in. Without it, two ranks of one JVM paid for
 * lines their threads took from each other, by chance of layout: the halo's quietest blocks 2.0-2.4 us instead of
 * 1.6-2.1, as much as every object on a line of its own ({@code -XX:ObjectAlignmentInBytes=64}) saves
 * (bench/RESULTS.md session 41). {@code CacheLinePaddingTest} holds each such class to it.
 */
public abstract class CacheLinePadding
{
    byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}
