/* norm.h: batch norm and layer norm, forward and backward, over contiguous F32/F64 arrays. Sums
 * are kept in double; the variance is the biased one (divided by the count) and
 * invstd = 1 / sqrt(var + eps), as PyTorch. Each forward can hand back the statistics it normalised
 * with (save_mean, save_invstd, NULL = not wanted) so the backward need not recompute them.
 * A NULL weight is 1 and a NULL bias 0 (no affine transform); a NULL gradient output is not
 * wanted. Other dtypes fail with TS_ERR_UNSUPPORTED; negative sizes with TS_ERR_INVALID. */
#ifndef TESSERA_NORM_H
#define TESSERA_NORM_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Batch norm of x viewed as [n, c, inner] (BatchNorm1d: inner = 1 or L; BatchNorm2d: inner = H W),
 * statistics per channel over the n * inner elements of that channel:
 *   out = (x - mean_c) * invstd_c * weight[c] + bias[c]
 * training != 0: mean_c and var_c are the batch's (n * inner >= 2 unless the input is empty); when
 *   running_mean / running_var are given (both or neither) they are updated in place:
 *     running_mean = (1 - momentum) running_mean + momentum mean
 *     running_var  = (1 - momentum) running_var  + momentum var * m / (m - 1)   (unbiased, m = n * inner)
 * training == 0: mean_c = running_mean[c], var_c = running_var[c] (both required).
 * save_mean / save_invstd [c] receive the mean and invstd used. */
int ts_batch_norm_forward(int dtype, int64_t n, int64_t c, int64_t inner, const void *x, const void *weight,
                          const void *bias, void *running_mean, void *running_var, int training, double momentum,
                          double eps, void *out, void *save_mean, void *save_invstd);

/* Gradients of ts_batch_norm_forward given its save_mean / save_invstd, with xhat = (x - mean) invstd,
 * g = grad_out, sums over a channel's n * inner elements and m their count:
 *   training:  grad_x = weight invstd (g - sum(g) / m - xhat sum(g xhat) / m)
 *   otherwise: grad_x = weight invstd g   (the statistics are constants)
 *   grad_weight[c] = sum(g xhat), grad_bias[c] = sum(g). */
int ts_batch_norm_backward(int dtype, int64_t n, int64_t c, int64_t inner, const void *x, const void *grad_out,
                           const void *weight, const void *save_mean, const void *save_invstd, int training,
                           void *grad_x, void *grad_weight, void *grad_bias);

/* Layer norm of x viewed as [rows, cols] (cols = the product of normalized_shape), statistics per
 * row; weight and bias have cols elements:
 *   out = (x - mean_r) * invstd_r * weight + bias
 * save_mean / save_invstd [rows] receive the statistics. */
int ts_layer_norm_forward(int dtype, int64_t rows, int64_t cols, const void *x, const void *weight, const void *bias,
                          double eps, void *out, void *save_mean, void *save_invstd);

/* With xhat = (x - mean) invstd, gw = g weight and sums over a row's cols elements:
 *   grad_x = invstd (gw - sum(gw) / cols - xhat sum(gw xhat) / cols)
 *   grad_weight = sum over rows of g xhat, grad_bias = sum over rows of g. */
int ts_layer_norm_backward(int dtype, int64_t rows, int64_t cols, const void *x, const void *grad_out,
                           const void *weight, const void *save_mean, const void *save_invstd, void *grad_x,
                           void *grad_weight, void *grad_bias);

#ifdef __cplusplus
}
#endif
#endif
