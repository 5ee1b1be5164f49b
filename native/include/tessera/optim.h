/* optim.h: fused, in-place optimizer steps over contiguous F32/F64 arrays of n elements: the
 * parameter, its gradient (never modified) and the optimizer's state buffers, all of one dtype.
 * Each follows the update of torch.optim's single-tensor (foreach=False) implementation
 * operation by operation, with the hyper-parameters rounded to the element type as PyTorch's
 * scalar arguments are, so a step matches PyTorch's to the last bit or two. Bias corrections and
 * learning-rate decay are computed in double from `step`, the 1-based count of steps including
 * this one. `maximize` is not offered: pass the negated gradient. Other dtypes fail with
 * TS_ERR_UNSUPPORTED, a NULL state buffer that the options need with TS_ERR_INVALID. */
#ifndef TESSERA_OPTIM_H
#define TESSERA_OPTIM_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SGD:  g = grad + weight_decay p
 *       momentum != 0:  buf = first_step ? g : momentum buf + (1 - dampening) g
 *                       g = nesterov ? g + momentum buf : buf
 *       p -= lr g
 * momentum_buf may be NULL when momentum == 0. nesterov needs momentum > 0 and dampening 0. */
int ts_sgd_step(int dtype, int64_t n, void *param, const void *grad, void *momentum_buf, double lr,
                double momentum, double dampening, double weight_decay, int nesterov, int first_step);

/* Adam / AdamW:
 *   decoupled (AdamW): p *= 1 - lr weight_decay      else: g = grad + weight_decay p
 *   m = lerp(m, g, 1 - beta1);  v = beta2 v + (1 - beta2) g g
 *   amsgrad: vmax = max(vmax, v) and vmax replaces v below (max_exp_avg_sq NULL = no amsgrad)
 *   p -= (lr / (1 - beta1^step)) m / (sqrt(v) / sqrt(1 - beta2^step) + eps)
 * exp_avg and exp_avg_sq start at 0 (the caller allocates them zeroed). */
int ts_adam_step(int dtype, int64_t n, void *param, const void *grad, void *exp_avg, void *exp_avg_sq,
                 void *max_exp_avg_sq, int64_t step, double lr, double beta1, double beta2, double eps,
                 double weight_decay, int decoupled);

/* RMSprop:  g = grad + weight_decay p;  v = alpha v + (1 - alpha) g g
 *   centered: ga = lerp(ga, g, 1 - alpha); avg = sqrt(v - ga ga) + eps   else avg = sqrt(v) + eps
 *   momentum > 0: buf = momentum buf + g / avg; p -= lr buf     else p -= lr g / avg
 * grad_avg may be NULL unless centered, momentum_buf unless momentum > 0; state starts at 0. */
int ts_rmsprop_step(int dtype, int64_t n, void *param, const void *grad, void *square_avg, void *grad_avg,
                    void *momentum_buf, double lr, double alpha, double eps, double weight_decay,
                    double momentum, int centered);

/* Adagrad:  g = grad + weight_decay p;  clr = lr / (1 + (step - 1) lr_decay)
 *   sum += g g;  p -= clr g / (sqrt(sum) + eps)
 * state_sum starts at initial_accumulator_value (the caller fills it). */
int ts_adagrad_step(int dtype, int64_t n, void *param, const void *grad, void *state_sum, int64_t step,
                    double lr, double lr_decay, double weight_decay, double eps);

#ifdef __cplusplus
}
#endif
#endif
