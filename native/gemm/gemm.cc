// native/gemm/gemm.cc: the table of native gemm versions (name, CPU features needed, entry point),
// the default (ts_gemm_default_version: the newest version this CPU can run, each having been kept
// because it beat the one before it in bench/results/gemm.json), and ts_gemm, which checks
// arguments once and runs the chosen version. Version 0 is OpenBLAS, called from Java; each version
// >= 1 lives in its own gemm_vN_<name>.cc (the packed ones share gemm_packed.h).
#include <dlfcn.h>

#include <algorithm>

#include "internal.h"
#include "thread_pool.h"
#include "tessera/cpu.h"
#include "tessera/gemm.h"

namespace ts {
#define TS_GEMM_VERSION(name)                                                                                       \
  int name(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a, int64_t lda, \
           const void *b, int64_t ldb, double beta, void *c, int64_t ldc);
TS_GEMM_VERSION(gemm_v1_naive)
TS_GEMM_VERSION(gemm_v2_blocked)
TS_GEMM_VERSION(gemm_v3_packed_avx2)
TS_GEMM_VERSION(gemm_v4_avx512)
TS_GEMM_VERSION(gemm_v5_tuned)
#undef TS_GEMM_VERSION
}

namespace {

struct GemmVersion {
  const char *name;
  int64_t features;  // TS_CPU_* bits the version needs
  int (*run)(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
             int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc);
  bool splits_itself;  // runs its own threads (else run_split gives each thread a block of C)
};

// Index = version - 1.
constexpr int64_t kAvx2 = TS_CPU_AVX2 | TS_CPU_FMA;
constexpr int64_t kAvx512 = TS_CPU_AVX512F | kAvx2;
const GemmVersion versions[] = {
    {"naive", 0, ts::gemm_v1_naive, false},
    {"blocked", 0, ts::gemm_v2_blocked, false},
    {"packed_avx2", kAvx2, ts::gemm_v3_packed_avx2, false},
    {"avx512", kAvx512, ts::gemm_v4_avx512, false},
    {"tuned", kAvx512, ts::gemm_v5_tuned, true},
};
constexpr int version_count = sizeof versions / sizeof versions[0];

const GemmVersion *find(int version) {
  return version >= 1 && version <= version_count ? &versions[version - 1] : nullptr;
}

bool supported(const GemmVersion &v) { return (ts_cpu_features() & v.features) == v.features; }

// Below this many multiply-adds one thread is faster than forking (the fork costs a few us).
constexpr double kParallelMacs = 1 << 20;

// For the versions that don't split C themselves: one block per pool thread along C's longer side
// (in multiples of 16 rows or columns) and the version run on each block. Every block packs its own
// operands. Each element of C is computed by one thread whatever the split, in the same order.
int run_split(const GemmVersion &v, int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha,
              const void *a, int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  const int threads = ts::num_threads();
  const double macs = (double)m * (double)n * (double)k;
  const bool split_n = n >= m;
  const int64_t extent = split_n ? n : m;
  const int64_t unit = 16;
  int tasks = (int)std::min<int64_t>(threads, (extent + unit - 1) / unit);
  if (tasks <= 1 || macs < kParallelMacs) return v.run(dtype, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  const size_t es = dtype == TS_F64 ? 8 : 4;
  const int64_t units = (extent + unit - 1) / unit;  // round up: the last partial unit must be covered
  const int64_t chunk = (units + tasks - 1) / tasks * unit;
  int status[64] = {0};
  tasks = std::min(tasks, 64);
  ts::parallel_for(tasks, [&](int t) {
    int64_t from = std::min<int64_t>(extent, t * chunk), to = std::min<int64_t>(extent, from + chunk);
    if (from >= to) return;
    const char *ab = static_cast<const char *>(a), *bb = static_cast<const char *>(b);
    char *cb = static_cast<char *>(c);
    if (split_n) {  // columns [from, to) of op(B) and C
      const char *bs = bb + (size_t)(tb ? from * ldb : from) * es;
      status[t] = v.run(dtype, ta, tb, m, to - from, k, alpha, a, lda, bs, ldb, beta, cb + (size_t)from * es, ldc);
    } else {  // rows [from, to) of op(A) and C
      const char *as = ab + (size_t)(ta ? from : from * lda) * es;
      status[t] = v.run(dtype, ta, tb, to - from, n, k, alpha, as, lda, b, ldb, beta, cb + (size_t)(from * ldc) * es, ldc);
    }
  });
  for (int t = 0; t < tasks; t++)
    if (status[t] != TS_OK) return status[t];
  return TS_OK;
}

}  // namespace

TS_EXPORT int ts_gemm_version_count(void) { return version_count; }

TS_EXPORT const char *ts_gemm_version_name(int version) {
  const GemmVersion *v = find(version);
  return v ? v->name : nullptr;
}

TS_EXPORT int64_t ts_gemm_version_features(int version) {
  const GemmVersion *v = find(version);
  return v ? v->features : -1;
}

TS_EXPORT int ts_gemm_default_version(void) {
  static const int best = [] {
    for (int v = version_count; v > 1; v--)
      if (supported(versions[v - 1])) return v;
    return 1;
  }();
  return best;
}

TS_EXPORT const char *ts_gemm_openblas_core(void) {
  void *lib = dlopen("libopenblas.so.0", RTLD_LAZY | RTLD_NOLOAD);  // only if Java loaded it already
  if (!lib) return nullptr;
  auto corename = reinterpret_cast<char *(*)(void)>(dlsym(lib, "openblas_get_corename"));
  const char *name = corename ? corename() : nullptr;  // a static string inside OpenBLAS
  dlclose(lib);
  return name;
}

TS_EXPORT int ts_gemm(int version, int dtype, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                      double alpha, const void *a, int64_t lda, const void *b, int64_t ldb, double beta, void *c,
                      int64_t ldc) {
  if (version == 0) return ts::fail(TS_ERR_INVALID, "gemm: version 0 is OpenBLAS and is called from Java");
  const GemmVersion *v = find(version);
  if (!v) return ts::fail(TS_ERR_INVALID, "gemm: unknown version %d (native versions are 1..%d)", version, version_count);
  if (dtype != TS_F32 && dtype != TS_F64) {
    const char *name = ts::dtype_name(dtype);
    if (!name) return ts::fail(TS_ERR_INVALID, "gemm: unknown dtype code %d", dtype);
    return ts::fail(TS_ERR_UNSUPPORTED, "gemm: needs f32 or f64, got %s", name);
  }
  if (m < 0 || n < 0 || k < 0)
    return ts::fail(TS_ERR_INVALID, "gemm: negative size m=%lld n=%lld k=%lld", (long long)m, (long long)n, (long long)k);
  bool ta = trans_a != 0, tb = trans_b != 0;
  int64_t a_cols = ta ? m : k, b_cols = tb ? k : n;
  if (lda < a_cols || ldb < b_cols || ldc < n)
    return ts::fail(TS_ERR_INVALID, "gemm: leading dimensions lda=%lld ldb=%lld ldc=%lld too small (need >= %lld, %lld, %lld)",
                    (long long)lda, (long long)ldb, (long long)ldc, (long long)a_cols, (long long)b_cols, (long long)n);
  if (!supported(*v))
    return ts::fail(TS_ERR_UNSUPPORTED, "gemm: version %d (%s) needs CPU features this CPU lacks", version, v->name);
  if (m == 0 || n == 0) return TS_OK;
  if (v->splits_itself) return v->run(dtype, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return run_split(*v, dtype, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
