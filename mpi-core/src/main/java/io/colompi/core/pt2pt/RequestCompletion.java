package io.colompi.core.pt2pt;

import io.colompi.core.wait.CacheLinePadding;

/**
 * A request's completion flag on a cache line of its own (Agrona's padding idiom: the JVM lays out a superclass's
 * fields before its subclass's; bytes, so that no field of a subclass fills a gap next to the flag). The waiting thread
 * polls the flag while another rank's thread writes the request's status and the flag: sharing a line with the status
 * and the envelope, every poll pulled the line back and the writer missed again on its next store (a Sendrecv between
 * two ranks of one JVM 10-25 % slower, bench/RESULTS.md).
 */
abstract class RequestCompletion extends CompletionFlag
{
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;
}

/** The flag itself, after a line of padding. */
abstract class CompletionFlag extends CacheLinePadding
{
    volatile boolean complete;
}
