// Example: one of the classic networks `./tessera train <name>` runs (linreg, logreg, xor, mlp,
// digits). Each states its target, trains with the given settings, and returns its metrics.
package dev.tessera.examples;

import java.io.PrintStream;

public interface Example {
    String name();

    /** One line for `tessera train --help`. */
    String description();

    /** What the run must reach, in words ("test accuracy >= 0.86 after 5 epochs"). */
    String target();

    /** Defaults that reach the target; the CLI overrides what the user passes. */
    Settings defaults();

    /** Trains and evaluates; progress lines go to {@code log} (one per epoch at most). */
    Result run(Settings settings, PrintStream log);
}
