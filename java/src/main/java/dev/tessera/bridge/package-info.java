/**
 * JavaCPP classes and nothing else: the declarations of the native C ABI
 * (native/include/tessera/tessera.h). Addresses travel as raw longs.
 */
package dev.tessera.bridge;
