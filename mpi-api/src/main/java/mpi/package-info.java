/**
 * The MPJ Express 0.44 / mpiJava 1.2 API, a thin facade over {@code io.colompi.core}.
 * <p>
 * Programs compile against this package alone ({@code bin/colojavac} puts only the mpi-api jar on the class path),
 * and javac reads the signatures of every member that a call could resolve to, inaccessible ones included. So no
 * public, protected or private member of a public class here, and no constructor of a class that programs can
 * construct, names a core type: the facade reaches the core through package-private fields and methods whose names
 * no public method shares ({@code core}, {@code live}, {@code engine}, ...) and through non-public classes
 * ({@code Op.UserOp}, {@code BsendBuffer}, ...). {@code MpiSignaturesTest} holds every public class of the package
 * to this rule.
 */
package mpi;
