/* conv.h: 2-D convolution kernels over contiguous NCHW arrays, F32 and F64: the forward pass and
 * the three gradients (input, weight, bias). conv1d is conv2d with a height of 1 (done in Java).
 * Versions >= 1 live one per file in native/conv/ (conv.cc lists them); every version gives the
 * same results up to rounding. There is no vendor version 0.
 *
 * Layouts (all contiguous, row-major):
 *   input   [n, c_in, h, w]
 *   weight  [c_out, c_in / groups, k_h, k_w]
 *   bias    [c_out]
 *   output  [n, c_out, out_h, out_w]
 * with out_h = (h + pad_top + pad_bottom - dilation_h (k_h - 1) - 1) / stride_h + 1 (same for w):
 *   output[b, o, y, x] = bias[o] + sum over c in o's group, i < k_h, j < k_w of
 *       weight[o, c - group start, i, j] * input[b, c, y stride_h - pad_top + i dilation_h,
 *                                                   x stride_w - pad_left + j dilation_w]
 * where input positions outside [0, h) x [0, w) read as 0 (zero padding). Padding may differ on
 * each side, which is what PyTorch's padding='same' needs for an even kernel.
 *
 * Every function takes the geometry as `const int64_t *geometry`, TS_CONV2D_GEOMETRY_LEN values
 * indexed by the TS_CONV2D_* constants below. It fails with TS_ERR_INVALID for a negative size,
 * a stride, dilation or kernel size below 1, a negative padding, groups that don't divide both
 * channel counts, or a kernel larger than the padded input; with TS_ERR_UNSUPPORTED for a dtype
 * other than F32/F64 or an unknown version. Outputs are overwritten, never accumulated into. */
#ifndef TESSERA_CONV_H
#define TESSERA_CONV_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TS_CONV2D_BATCH 0
#define TS_CONV2D_IN_CHANNELS 1
#define TS_CONV2D_IN_H 2
#define TS_CONV2D_IN_W 3
#define TS_CONV2D_OUT_CHANNELS 4
#define TS_CONV2D_KERNEL_H 5
#define TS_CONV2D_KERNEL_W 6
#define TS_CONV2D_STRIDE_H 7
#define TS_CONV2D_STRIDE_W 8
#define TS_CONV2D_PAD_TOP 9
#define TS_CONV2D_PAD_BOTTOM 10
#define TS_CONV2D_PAD_LEFT 11
#define TS_CONV2D_PAD_RIGHT 12
#define TS_CONV2D_DILATION_H 13
#define TS_CONV2D_DILATION_W 14
#define TS_CONV2D_GROUPS 15
#define TS_CONV2D_GEOMETRY_LEN 16

/* Number of native versions (versions 1..count are valid). */
int ts_conv2d_version_count(void);
/* Name of a version ("direct", "im2col"...), NULL for an unknown one. */
const char *ts_conv2d_version_name(int version);
/* CPU features (TS_CPU_* bits) a version needs; -1 for an unknown version. */
int64_t ts_conv2d_version_features(int version);

/* output = conv2d(input, weight) + bias; bias may be NULL (no bias). */
int ts_conv2d_forward(int version, int dtype, const int64_t *geometry, const void *input,
                      const void *weight, const void *bias, void *output);

/* grad_input [n, c_in, h, w] = d(sum output * grad_output) / d input: the transposed convolution
 * of grad_output [n, c_out, out_h, out_w] with weight. Input positions no window reads get 0. */
int ts_conv2d_backward_input(int version, int dtype, const int64_t *geometry, const void *grad_output,
                             const void *weight, void *grad_input);

/* grad_weight [c_out, c_in / groups, k_h, k_w] = d(sum output * grad_output) / d weight: for each
 * tap, the correlation of grad_output with the input it multiplied, summed over the batch. */
int ts_conv2d_backward_weight(int version, int dtype, const int64_t *geometry, const void *input,
                              const void *grad_output, void *grad_weight);

/* grad_bias[c] = sum over b < n and s < spatial of grad_output[b, c, s] (grad_output viewed as
 * [n, channels, spatial]); summed in double. Fails with TS_ERR_INVALID for a negative size. */
int ts_conv2d_backward_bias(int dtype, int64_t n, int64_t channels, int64_t spatial,
                            const void *grad_output, void *grad_bias);

#ifdef __cplusplus
}
#endif
#endif
