/* common.h: the basics every Tessera C ABI function shares: status codes, dtype codes, the
 * thread-local error message and the strided-layout convention. The Java side mirrors the dtype
 * and op codes (dev.tessera.tensor.DType, dev.tessera.backend.cpu.Codes); a test asks the
 * library for each code's name so the two can't drift apart. */
#ifndef TESSERA_COMMON_H
#define TESSERA_COMMON_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: every ABI function that can fail returns one; ts_last_error() has the message. */
#define TS_OK 0
#define TS_ERR_INVALID 1     /* a bad argument (shape, index out of range, unknown op code) */
#define TS_ERR_ALLOC 2       /* out of memory */
#define TS_ERR_UNSUPPORTED 3 /* valid op, but not for this dtype or on this CPU */

/* Element types. Strides and offsets are always counted in elements, never bytes. */
#define TS_F32 0
#define TS_F64 1
#define TS_I32 2
#define TS_I64 3
#define TS_U8 4
#define TS_BOOL 5 /* one byte, 0 or 1 */
#define TS_DTYPE_COUNT 6

/* Largest rank a strided kernel accepts. */
#define TS_MAX_DIMS 16

/* Strided kernels take `int ndim` and `const int64_t *meta`, a packed array of
 * (1 + number of operands) * ndim values: the iteration shape, then each operand's strides in
 * the order the function lists its operands (inputs first, output last). A stride of 0 is a
 * broadcast dimension. */

/* The message of the last failed call on this thread ("" when none). */
const char *ts_last_error(void);

/* Library version string, e.g. "0.1.0". */
const char *ts_version(void);

/* Name of a dtype code ("f32", "f64", ...), or NULL for an unknown code. */
const char *ts_dtype_name(int dtype);

#ifdef __cplusplus
}
#endif
#endif
