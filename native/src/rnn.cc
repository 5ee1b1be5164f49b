// rnn.cc: the fused recurrent-cell kernels of rnn.h. dev.tessera.ops.Recurrent runs a layer as
// one gemm for the input projection of all steps, then per step a gemm for h W_hh^T and one call
// here, which does the rest of the step in a single pass over the gates (instead of a dozen
// elementwise ops, each a pass over memory). Rows (batch entries) are split over the pool; each
// row function is one loop over the hidden units that the vectoriser turns into AVX-512 / AVX2
// code (TS_SIMD_CLONES), which is why float sigmoid and tanh are built on the vectorisable exp.
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "internal.h"
#include "strided.h"
#include "tessera/rnn.h"
#include "thread_pool.h"

namespace {

using ts::dispatch_float;
using ts::fail;

// Enough gate elements per task that a fork (a few microseconds) pays for itself.
constexpr int64_t kMinElementsPerTask = 8192;

template <typename T>
inline T sigmoid(T x) {
  T e = ts::vexp(T(-std::abs(x)));  // e^-|x| never overflows
  T r = T(1) / (T(1) + e);
  return x >= 0 ? r : e * r;
}

// tanh from the same exp for float (within 1e-7 absolute, so it vectorises); libm's for double.
template <typename T>
inline T tanh_of(T x) {
  if constexpr (std::is_same_v<T, float>) {
    float e = ts::exp_f32(-2.0f * std::abs(x));
    return std::copysign((1.0f - e) / (1.0f + e), x);
  } else {
    return std::tanh(x);
  }
}

// b_ih + b_hh gate by gate (zeros for an absent bias): the LSTM and RNN add both to the same
// pre-activation, so one vector serves every row.
template <typename T>
std::vector<T> summed_bias(int64_t width, const void *bias_ih, const void *bias_hh) {
  std::vector<T> b(width, T(0));
  const T *bi = static_cast<const T *>(bias_ih), *bh = static_cast<const T *>(bias_hh);
  for (int64_t j = 0; j < width; j++) b[j] = (bi ? bi[j] : T(0)) + (bh ? bh[j] : T(0));
  return b;
}

// A bias, or zeros of the same width when it is absent.
template <typename T>
std::vector<T> bias_or_zeros(int64_t width, const void *bias) {
  const T *b = static_cast<const T *>(bias);
  return b ? std::vector<T>(b, b + width) : std::vector<T>(width, T(0));
}

int check_sizes(const char *fn, int64_t n, int64_t hidden) {
  if (n < 0 || hidden < 0)
    return fail(TS_ERR_INVALID, "%s: negative size (n %lld, hidden %lld)", fn, (long long)n, (long long)hidden);
  return TS_OK;
}

int check_activation(const char *fn, int activation) {
  if (activation != TS_RNN_TANH && activation != TS_RNN_RELU)
    return fail(TS_ERR_INVALID, "%s: unknown activation %d", fn, activation);
  return TS_OK;
}

// Runs row(r) for every row in [0, n) on the pool.
template <typename F>
void for_rows(int64_t n, int64_t row_elements, F &&row) {
  const int64_t min_rows = std::max<int64_t>(1, kMinElementsPerTask / std::max<int64_t>(1, row_elements));
  ts::parallel_range(n, min_rows, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) row(r);
  });
}

// ------------------------------------------------------------------ row functions

// Save / WantPrev are template flags, not tests in the loop, and the pointers are __restrict: a
// branch in the body, or more operands than gcc checks for overlap at run time, keep the
// vectoriser out.
template <typename T, bool Save>
TS_SIMD_CLONES void lstm_forward_row(int64_t H, const T *__restrict gates, const T *__restrict bias, const T *__restrict cp,
                                     T *__restrict h, T *__restrict c, T *__restrict saved) {
  for (int64_t j = 0; j < H; j++) {
    const T i = sigmoid(T(gates[j] + bias[j]));
    const T f = sigmoid(T(gates[H + j] + bias[H + j]));
    const T g = tanh_of(T(gates[2 * H + j] + bias[2 * H + j]));
    const T o = sigmoid(T(gates[3 * H + j] + bias[3 * H + j]));
    const T cn = f * cp[j] + i * g;
    const T tc = tanh_of(cn);
    c[j] = cn;
    h[j] = o * tc;
    if constexpr (Save) {
      saved[j] = i;
      saved[H + j] = f;
      saved[2 * H + j] = g;
      saved[3 * H + j] = o;
      saved[4 * H + j] = tc;
    }
  }
}

template <typename T, bool WantPrev>
TS_SIMD_CLONES void lstm_backward_row(int64_t H, const T *__restrict dh, const T *__restrict dc, const T *__restrict cp,
                                      const T *__restrict saved, T *__restrict dgates, T *__restrict dcp) {
  for (int64_t j = 0; j < H; j++) {
    const T i = saved[j], f = saved[H + j], g = saved[2 * H + j], o = saved[3 * H + j], tc = saved[4 * H + j];
    const T dhj = dh[j];
    const T dct = dc[j] + dhj * o * (T(1) - tc * tc);
    dgates[j] = dct * g * i * (T(1) - i);
    dgates[H + j] = dct * cp[j] * f * (T(1) - f);
    dgates[2 * H + j] = dct * i * (T(1) - g * g);
    dgates[3 * H + j] = dhj * tc * o * (T(1) - o);
    if constexpr (WantPrev) dcp[j] = dct * f;
  }
}

template <typename T, bool Save>
TS_SIMD_CLONES void gru_forward_row(int64_t H, const T *__restrict gx, const T *__restrict gh, const T *__restrict bx,
                                    const T *__restrict bh, const T *__restrict hp, T *__restrict h, T *__restrict saved) {
  for (int64_t j = 0; j < H; j++) {
    const T r = sigmoid(T(gx[j] + bx[j] + gh[j] + bh[j]));
    const T z = sigmoid(T(gx[H + j] + bx[H + j] + gh[H + j] + bh[H + j]));
    const T hn = gh[2 * H + j] + bh[2 * H + j];
    const T nn = tanh_of(T(gx[2 * H + j] + bx[2 * H + j] + r * hn));
    h[j] = nn + z * (hp[j] - nn);  // (1 - z) n + z h_prev
    if constexpr (Save) {
      saved[j] = r;
      saved[H + j] = z;
      saved[2 * H + j] = nn;
      saved[3 * H + j] = hn;
    }
  }
}

template <typename T, bool WantPrev>
TS_SIMD_CLONES void gru_backward_row(int64_t H, const T *__restrict dh, const T *__restrict hp, const T *__restrict saved,
                                     T *__restrict dgx, T *__restrict dgh, T *__restrict dhp) {
  for (int64_t j = 0; j < H; j++) {
    const T r = saved[j], z = saved[H + j], nn = saved[2 * H + j], hn = saved[3 * H + j];
    const T dhj = dh[j];
    const T dn = dhj * (T(1) - z) * (T(1) - nn * nn);
    const T dz = dhj * (hp[j] - nn) * z * (T(1) - z);
    const T dr = dn * hn * r * (T(1) - r);
    dgx[j] = dr;
    dgx[H + j] = dz;
    dgx[2 * H + j] = dn;
    dgh[j] = dr;
    dgh[H + j] = dz;
    dgh[2 * H + j] = dn * r;
    if constexpr (WantPrev) dhp[j] = dhj * z;
  }
}

template <typename T>
TS_SIMD_CLONES void rnn_forward_row(int64_t H, bool relu, const T *__restrict gates, const T *__restrict bias,
                                    T *__restrict h) {
  if (relu) {
    for (int64_t j = 0; j < H; j++) {
      const T x = gates[j] + bias[j];
      h[j] = x < 0 ? T(0) : x;  // NaN passes through, as torch.relu
    }
  } else {
    for (int64_t j = 0; j < H; j++) h[j] = tanh_of(T(gates[j] + bias[j]));
  }
}

template <typename T>
TS_SIMD_CLONES void rnn_backward_row(int64_t H, bool relu, const T *__restrict dh, const T *__restrict h, T *__restrict dgates) {
  if (relu) {
    for (int64_t j = 0; j < H; j++) dgates[j] = h[j] > 0 ? dh[j] : T(0);
  } else {
    for (int64_t j = 0; j < H; j++) dgates[j] = dh[j] * (T(1) - h[j] * h[j]);
  }
}

}  // namespace

// ------------------------------------------------------------------ LSTM

TS_EXPORT int ts_lstm_cell_forward(int dtype, int64_t n, int64_t hidden, const void *gates, const void *bias_ih,
                                   const void *bias_hh, const void *c_prev, void *h, void *c, void *saved) {
  const char *fn = "lstm_cell";
  if (int rc = check_sizes(fn, n, hidden)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const int64_t H = hidden, G = 4 * hidden;
    const std::vector<T> bias = summed_bias<T>(G, bias_ih, bias_hh);
    const std::vector<T> zeros(H, T(0));
    const T *gp = static_cast<const T *>(gates), *cp = static_cast<const T *>(c_prev);
    T *hp = static_cast<T *>(h), *cn = static_cast<T *>(c), *sp = static_cast<T *>(saved);
    const auto row = sp ? lstm_forward_row<T, true> : lstm_forward_row<T, false>;
    for_rows(n, G, [&](int64_t r) {
      row(H, gp + r * G, bias.data(), cp ? cp + r * H : zeros.data(), hp + r * H, cn + r * H, sp ? sp + r * 5 * H : nullptr);
    });
    return TS_OK;
  });
}

TS_EXPORT int ts_lstm_cell_backward(int dtype, int64_t n, int64_t hidden, const void *grad_h, const void *grad_c,
                                    const void *c_prev, const void *saved, void *grad_gates, void *grad_c_prev) {
  const char *fn = "lstm_cell_backward";
  if (int rc = check_sizes(fn, n, hidden)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const int64_t H = hidden, G = 4 * hidden;
    const std::vector<T> zeros(H, T(0));
    const T *dh = static_cast<const T *>(grad_h), *dc = static_cast<const T *>(grad_c);
    const T *cp = static_cast<const T *>(c_prev), *sp = static_cast<const T *>(saved);
    T *dg = static_cast<T *>(grad_gates), *dcp = static_cast<T *>(grad_c_prev);
    const auto row = dcp ? lstm_backward_row<T, true> : lstm_backward_row<T, false>;
    for_rows(n, G, [&](int64_t r) {
      row(H, dh ? dh + r * H : zeros.data(), dc ? dc + r * H : zeros.data(), cp ? cp + r * H : zeros.data(), sp + r * 5 * H,
          dg + r * G, dcp ? dcp + r * H : nullptr);
    });
    return TS_OK;
  });
}

// ------------------------------------------------------------------ GRU

TS_EXPORT int ts_gru_cell_forward(int dtype, int64_t n, int64_t hidden, const void *gates_x, const void *gates_h,
                                  const void *bias_ih, const void *bias_hh, const void *h_prev, void *h, void *saved) {
  const char *fn = "gru_cell";
  if (int rc = check_sizes(fn, n, hidden)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const int64_t H = hidden, G = 3 * hidden;
    const std::vector<T> bx = bias_or_zeros<T>(G, bias_ih), bh = bias_or_zeros<T>(G, bias_hh);
    const std::vector<T> zeros(H, T(0));
    const T *gx = static_cast<const T *>(gates_x), *gh = static_cast<const T *>(gates_h), *hp = static_cast<const T *>(h_prev);
    T *out = static_cast<T *>(h), *sp = static_cast<T *>(saved);
    const auto row = sp ? gru_forward_row<T, true> : gru_forward_row<T, false>;
    for_rows(n, G, [&](int64_t r) {
      row(H, gx + r * G, gh + r * G, bx.data(), bh.data(), hp ? hp + r * H : zeros.data(), out + r * H,
          sp ? sp + r * 4 * H : nullptr);
    });
    return TS_OK;
  });
}

TS_EXPORT int ts_gru_cell_backward(int dtype, int64_t n, int64_t hidden, const void *grad_h, const void *h_prev,
                                   const void *saved, void *grad_gates_x, void *grad_gates_h, void *grad_h_prev) {
  const char *fn = "gru_cell_backward";
  if (int rc = check_sizes(fn, n, hidden)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const int64_t H = hidden, G = 3 * hidden;
    const std::vector<T> zeros(H, T(0));
    const T *dh = static_cast<const T *>(grad_h), *hp = static_cast<const T *>(h_prev), *sp = static_cast<const T *>(saved);
    T *dgx = static_cast<T *>(grad_gates_x), *dgh = static_cast<T *>(grad_gates_h), *dhp = static_cast<T *>(grad_h_prev);
    const auto row = dhp ? gru_backward_row<T, true> : gru_backward_row<T, false>;
    for_rows(n, G, [&](int64_t r) {
      row(H, dh + r * H, hp ? hp + r * H : zeros.data(), sp + r * 4 * H, dgx + r * G, dgh + r * G, dhp ? dhp + r * H : nullptr);
    });
    return TS_OK;
  });
}

// ------------------------------------------------------------------ Elman RNN

TS_EXPORT int ts_rnn_cell_forward(int dtype, int activation, int64_t n, int64_t hidden, const void *gates,
                                  const void *bias_ih, const void *bias_hh, void *h) {
  const char *fn = "rnn_cell";
  if (int rc = check_sizes(fn, n, hidden)) return rc;
  if (int rc = check_activation(fn, activation)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const int64_t H = hidden;
    const std::vector<T> bias = summed_bias<T>(H, bias_ih, bias_hh);
    const T *gp = static_cast<const T *>(gates);
    T *out = static_cast<T *>(h);
    for_rows(n, H, [&](int64_t r) { rnn_forward_row<T>(H, activation == TS_RNN_RELU, gp + r * H, bias.data(), out + r * H); });
    return TS_OK;
  });
}

TS_EXPORT int ts_rnn_cell_backward(int dtype, int activation, int64_t n, int64_t hidden, const void *grad_h, const void *h,
                                   void *grad_gates) {
  const char *fn = "rnn_cell_backward";
  if (int rc = check_sizes(fn, n, hidden)) return rc;
  if (int rc = check_activation(fn, activation)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const int64_t H = hidden;
    const T *dh = static_cast<const T *>(grad_h), *hp = static_cast<const T *>(h);
    T *dg = static_cast<T *>(grad_gates);
    for_rows(n, H, [&](int64_t r) { rnn_backward_row<T>(H, activation == TS_RNN_RELU, dh + r * H, hp + r * H, dg + r * H); });
    return TS_OK;
  });
}
