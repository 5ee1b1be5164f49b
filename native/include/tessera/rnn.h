/* rnn.h: fused pointwise kernels of the recurrent cells (LSTM, GRU, Elman RNN), forward and
 * backward, over contiguous F32/F64 rows. A recurrent layer gets its gate pre-activations from
 * gemm (x W_ih^T for every time step in one product, then h W_hh^T per step) and calls one of
 * these for everything else in the step: the biases, the gate activations, the cell and hidden
 * updates, and what the backward needs (`saved`). Gate order and formulas are PyTorch's
 * (torch.nn.LSTM / GRU / RNN). Every array is row-major with n rows (the batch); "[n, 4h]" means
 * rows of 4 * hidden elements holding the gates side by side. Rows are independent and run in
 * parallel on the shared pool. Bias pointers may be NULL (a layer built without bias).
 * Other dtypes fail with TS_ERR_UNSUPPORTED; a negative size with TS_ERR_INVALID. */
#ifndef TESSERA_RNN_H
#define TESSERA_RNN_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* LSTM, gates i, f, g, o. `gates` [n, 4h] = x W_ih^T + h_prev W_hh^T (without the biases):
 *   (i, f, g, o) = (sigmoid, sigmoid, tanh, sigmoid)(gates + b_ih + b_hh)
 *   c = f * c_prev + i * g        h = o * tanh(c)
 * writes h and c [n, h]; c_prev NULL means zeros. saved (NULL: not wanted, e.g. inference) gets
 * [n, 5h]: the activated i, f, g, o, then tanh(c). */
int ts_lstm_cell_forward(int dtype, int64_t n, int64_t hidden, const void *gates, const void *bias_ih,
                         const void *bias_hh, const void *c_prev, void *h, void *c, void *saved);

/* From the gradients of h and c (either NULL = zero), c_prev (NULL = zeros) and `saved`:
 *   dc' = dc + dh * o * (1 - tanh(c)^2)
 *   d gates = (dc' g i (1 - i),  dc' c_prev f (1 - f),  dc' i (1 - g^2),  dh tanh(c) o (1 - o))
 *   d c_prev = dc' f
 * grad_gates [n, 4h] is the gradient of the pre-activations (so of x W_ih^T, h W_hh^T and both
 * biases alike); grad_c_prev may be NULL (not wanted). */
int ts_lstm_cell_backward(int dtype, int64_t n, int64_t hidden, const void *grad_h, const void *grad_c,
                          const void *c_prev, const void *saved, void *grad_gates, void *grad_c_prev);

/* GRU, gates r, z, n. The input side gates_x [n, 3h] = x W_ih^T and the hidden side gates_h
 * [n, 3h] = h_prev W_hh^T come separately, because the reset gate scales only the hidden part
 * of the candidate:
 *   r = sigmoid(x_r + b_ir + h_r + b_hr)    z = sigmoid(x_z + b_iz + h_z + b_hz)
 *   n = tanh(x_n + b_in + r * (h_n + b_hn))  h = (1 - z) * n + z * h_prev
 * h_prev NULL means zeros. saved (NULL: not wanted) gets [n, 4h]: r, z, n, then h_n + b_hn. */
int ts_gru_cell_forward(int dtype, int64_t n, int64_t hidden, const void *gates_x, const void *gates_h,
                        const void *bias_ih, const void *bias_hh, const void *h_prev, void *h, void *saved);

/* From the gradient of h, h_prev (NULL = zeros) and `saved`, with dn = dh (1 - z) (1 - n^2):
 *   grad_gates_x = (dr, dz, dn)       grad_gates_h = (dr, dz, dn * r)      grad_h_prev = dh * z
 * where dz = dh (h_prev - n) z (1 - z) and dr = dn (h_n + b_hn) r (1 - r). The gates_h gradient
 * is also the gradient of b_hh, the gates_x one that of b_ih. grad_h_prev is only the direct
 * path through z (the caller adds grad_gates_h W_hh); it may be NULL. */
int ts_gru_cell_backward(int dtype, int64_t n, int64_t hidden, const void *grad_h, const void *h_prev,
                         const void *saved, void *grad_gates_x, void *grad_gates_h, void *grad_h_prev);

/* Elman RNN: h = act(gates + b_ih + b_hh) with `gates` [n, h] = x W_ih^T + h_prev W_hh^T and act
 * tanh or relu. */
#define TS_RNN_TANH 0
#define TS_RNN_RELU 1

int ts_rnn_cell_forward(int dtype, int activation, int64_t n, int64_t hidden, const void *gates,
                        const void *bias_ih, const void *bias_hh, void *h);

/* grad_gates = dh * act'(.), read from the output h: 1 - h^2 (tanh) or [h > 0] (relu). */
int ts_rnn_cell_backward(int dtype, int activation, int64_t n, int64_t hidden, const void *grad_h,
                         const void *h, void *grad_gates);

#ifdef __cplusplus
}
#endif
#endif
