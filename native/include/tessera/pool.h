/* pool.h: 2-D pooling kernels (max with indices, average, adaptive average), forward and backward,
 * over contiguous F32/F64 arrays in NCHW layout seen as `planes` = N * C independent [h, w]
 * planes (the caller reshapes). Formulas and window placement follow PyTorch's CPU kernels
 * (torch.nn.functional.max_pool2d / avg_pool2d / adaptive_avg_pool2d):
 *
 *   window (oy, ox) covers input rows oy * stride_h - pad_h + i * dilation_h, i in [0, kernel_h),
 *   and likewise for columns; positions outside [0, h) x [0, w) are padding.
 *
 * The caller computes out_h / out_w (PyTorch's formula, ceil_mode included); the kernels check the
 * sizes and that every window covers at least one input element, and fail with TS_ERR_INVALID
 * otherwise. Each backward overwrites the whole input gradient (no need to zero it first). Work is
 * split over planes on the shared thread pool. Other dtypes fail with TS_ERR_UNSUPPORTED. */
#ifndef TESSERA_POOL_H
#define TESSERA_POOL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out[p, oy, ox] = max over the window's input elements; indices[p, oy, ox] (NULL = not wanted,
 * the faster path when no backward will run) = the flat position iy * w + ix of that maximum in
 * its plane. Scan order is row-major within the window; a later element wins only when it is
 * greater, or NaN (so NaN propagates, and the first of tied maxima is kept), as PyTorch. */
int ts_max_pool2d_forward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                          int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                          int64_t pad_h, int64_t pad_w, int64_t dilation_h, int64_t dilation_w,
                          const void *x, void *out, int64_t *indices);

/* grad_x[p, indices[p, o]] += grad_out[p, o] for every output o, on a zeroed grad_x [planes, h, w].
 * An index outside [0, h * w) fails with TS_ERR_INVALID naming it. */
int ts_max_pool2d_backward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                           const void *grad_out, const int64_t *indices, void *grad_x);

/* out[p, oy, ox] = (sum of the window's input elements) / divisor, summed in double. The divisor is
 * the window's area clipped to the padded input (h + pad_h rows, w + pad_w columns at the far
 * edges) when count_include_pad, else the number of input elements it covers (PyTorch's rule). */
int ts_avg_pool2d_forward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                          int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                          int64_t pad_h, int64_t pad_w, int count_include_pad, const void *x, void *out);

/* grad_x[p, iy, ix] = sum over the windows covering (iy, ix) of grad_out / divisor (the adjoint of
 * the forward). */
int ts_avg_pool2d_backward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                           int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                           int64_t pad_h, int64_t pad_w, int count_include_pad, const void *grad_out,
                           void *grad_x);

/* Adaptive average pooling to out_h x out_w: output row oy averages input rows
 * [floor(oy * h / out_h), ceil((oy + 1) * h / out_h)), and likewise for columns. out_h, out_w >= 0;
 * an empty output writes nothing (and its backward zeroes grad_x). */
int ts_adaptive_avg_pool2d_forward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                   const void *x, void *out);

int ts_adaptive_avg_pool2d_backward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                    const void *grad_out, void *grad_x);

#ifdef __cplusplus
}
#endif
#endif
