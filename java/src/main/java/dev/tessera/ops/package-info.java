/**
 * The op table: every op is declared once, as a descriptor ({@link dev.tessera.ops.Op} and its
 * typed subclasses) next to the static function that validates its arguments, infers the output
 * shape and dtype, and calls the tensor's backend. {@link dev.tessera.ops.OpRegistry} lists them
 * all; the tests iterate that list. Errors name the op, the shapes and the dtypes.
 */
package dev.tessera.ops;
