/* loss.h: fused loss kernels, forward and backward, over contiguous F32/F64 arrays. Each
 * forward writes the per-sample (row-wise losses) or per-element (pointwise losses) loss, never a
 * reduction: the caller reduces (PyTorch's 'mean' divides by the number of elements, or for
 * cross_entropy / nll by the summed weight of the non-ignored samples, which the forward hands
 * back in *total_weight). Each backward takes the upstream gradient of that unreduced loss,
 * `grad_loss`, read with `grad_stride` = 1 (one value per sample / element) or 0 (one value for
 * all of them, what a 'mean' or 'sum' reduction gives), and writes the gradient of the inputs.
 * Formulas follow PyTorch's (torch.nn.functional) exactly, including its clamps.
 * Rows of [n, c] are contiguous; a class dim that is not last is the caller's permute.
 * Other dtypes fail with TS_ERR_UNSUPPORTED; a negative size with TS_ERR_INVALID. */
#ifndef TESSERA_LOSS_H
#define TESSERA_LOSS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* cross_entropy from logits x [n, c] and int64 labels [n], with optional class weights w [c]
 * (NULL = all 1) and label smoothing eps in [0, 1]:
 *   loss[i] = (1 - eps) w[y_i] (lse_i - x[i, y_i]) + eps / c * sum_j w[j] (lse_i - x[i, j])
 * with lse_i = log sum_j exp x[i, j] (max-shifted, summed in double), and 0 for a sample whose
 * label is ignore_index. total_weight (NULL = not wanted) receives sum of w[y_i] over the samples
 * not ignored (their count without weights): PyTorch's 'mean' is sum(loss) / total_weight. A label
 * outside [0, c) that is not ignore_index fails with TS_ERR_INVALID naming the label, the sample
 * and the class count; labels are checked before anything is written. */
int ts_cross_entropy_forward(int dtype, int64_t n, int64_t c, const void *x, const int64_t *labels,
                             const void *weight, double smoothing, int64_t ignore_index, void *loss,
                             double *total_weight);

/* dx[i, j] = g_i ((1 - eps) w[y_i] (p_ij - [j == y_i]) + eps / c (W p_ij - w[j])), p = softmax(x
 * row), W = sum_j w[j] (c without weights; then it is g_i (p_ij - smoothed one-hot)); an ignored
 * row gets 0. g_i = grad_loss[i * grad_stride]. */
int ts_cross_entropy_backward(int dtype, int64_t n, int64_t c, const void *x, const int64_t *labels,
                              const void *weight, double smoothing, int64_t ignore_index,
                              const void *grad_loss, int64_t grad_stride, void *grad_x);

/* nll_loss from log-probabilities x [n, c]: loss[i] = -w[y_i] x[i, y_i] (0 if ignored);
 * total_weight and label checks as ts_cross_entropy_forward. */
int ts_nll_forward(int dtype, int64_t n, int64_t c, const void *x, const int64_t *labels,
                   const void *weight, int64_t ignore_index, void *loss, double *total_weight);

/* dx[i, j] = -g_i w[y_i] [j == y_i] (a whole row of 0 if ignored); x itself is not needed. */
int ts_nll_backward(int dtype, int64_t n, int64_t c, const int64_t *labels, const void *weight,
                    int64_t ignore_index, const void *grad_loss, int64_t grad_stride, void *grad_x);

/* binary_cross_entropy_with_logits, per element of x, y (n elements), with an optional
 * pos_weight p of c entries applied along the last dim (element k uses p[k % c]; NULL = none,
 * then c is ignored; n must be a multiple of c otherwise):
 *   loss = (1 - y) x + (1 + (p - 1) y) (max(-x, 0) + log1p(exp(-|x|)))
 * which is max(x, 0) - x y + log1p(exp(-|x|)) without pos_weight, finite for any finite x. */
int ts_bce_with_logits_forward(int dtype, int64_t n, const void *x, const void *y,
                               const void *pos_weight, int64_t c, void *loss);

/* dx = g ((1 + (p - 1) y) sigmoid(x) - p y)   (= g (sigmoid(x) - y) without pos_weight);
 * dy = g ((p - 1) (max(-x, 0) + log1p(exp(-|x|))) - x). grad_x / grad_y may be NULL. */
int ts_bce_with_logits_backward(int dtype, int64_t n, const void *x, const void *y,
                                const void *pos_weight, int64_t c, const void *grad_loss,
                                int64_t grad_stride, void *grad_x, void *grad_y);

/* binary_cross_entropy on probabilities x in [0, 1] (anything else, NaN included, fails with
 * TS_ERR_INVALID naming the element and value, as PyTorch does):
 *   loss = (y - 1) max(log1p(-x), -100) - y max(log(x), -100). */
int ts_bce_forward(int dtype, int64_t n, const void *x, const void *y, void *loss);

/* dx = g (x - y) / max((1 - x) x, 1e-12);  dy = g (log1p(-x) - log(x)) (PyTorch's -logit(x)).
 * grad_x / grad_y may be NULL. No range check (the forward made it). */
int ts_bce_backward(int dtype, int64_t n, const void *x, const void *y, const void *grad_loss,
                    int64_t grad_stride, void *grad_x, void *grad_y);

/* Pointwise regression losses of d = x - y; `param` is HUBER's delta and SMOOTH_L1's beta (> 0;
 * SMOOTH_L1 with beta 0 is L1, as in PyTorch).
 *   MSE        d^2                                          dx = 2 d g
 *   L1         |d|                                          dx = sign(d) g   (0 at d = 0)
 *   HUBER      |d| < delta ? d^2 / 2 : delta (|d| - delta / 2)   dx = clamp(d, -delta, delta) g
 *   SMOOTH_L1  |d| < beta ? d^2 / (2 beta) : |d| - beta / 2      dx = clamp(d / beta, -1, 1) g
 * and always dy = -dx. */
#define TS_LOSS_MSE 0
#define TS_LOSS_L1 1
#define TS_LOSS_HUBER 2
#define TS_LOSS_SMOOTH_L1 3
#define TS_POINTWISE_LOSS_COUNT 4

const char *ts_pointwise_loss_name(int kind); /* "mse", "l1", "huber", "smooth_l1" or NULL */
int ts_pointwise_loss_forward(int kind, int dtype, int64_t n, const void *x, const void *y,
                              double param, void *loss);
/* grad_x / grad_y may be NULL. */
int ts_pointwise_loss_backward(int kind, int dtype, int64_t n, const void *x, const void *y,
                               double param, const void *grad_loss, int64_t grad_stride,
                               void *grad_x, void *grad_y);

/* kl_div pointwise, x = log-probabilities, t = target (PyTorch 2's definition):
 *   log_target = 0: loss = xlogy(t, t) - t x   (t log t taken as 0 where t == 0)
 *   log_target = 1: loss = exp(t) (t - x) */
int ts_kl_div_forward(int dtype, int64_t n, const void *x, const void *t, int log_target, void *loss);

/* dx = -t g (log_target: -exp(t) g);
 * dt = (log t + 1 - x) g, 0 where t == 0 (log_target: exp(t) (t - x + 1) g).
 * grad_x / grad_t may be NULL. */
int ts_kl_div_backward(int dtype, int64_t n, const void *x, const void *t, int log_target,
                       const void *grad_loss, int64_t grad_stride, void *grad_x, void *grad_t);

#ifdef __cplusplus
}
#endif
#endif
