// thread_pool.h: ts::parallel_for, the fork-join primitive of the shared native pool
// (native/include/tessera/threads.h). Workers spin for a short while before sleeping, because the
// kernels that fork here (gemm on training shapes) last tens of microseconds: a condition-variable
// wake-up would cost as much as the work. Calls from several Java threads are serialised, so the
// pool never oversubscribes the cores.
#ifndef TESSERA_THREAD_POOL_H
#define TESSERA_THREAD_POOL_H

#include <cstdint>
#include <functional>

namespace ts {

// How many parts kernels split their work into: the pool size, or in deterministic mode
// (TESSERA_DETERMINISTIC=1 at start-up, ts_set_deterministic) kDeterministicParts whatever the pool
// size, so a kernel that adds up per-part partial results (conv weight gradients over image ranges)
// rounds the same way with any TESSERA_NUM_THREADS.
int num_threads();

// The fixed number of parts of deterministic mode.
constexpr int kDeterministicParts = 16;

// Runs fn(0) .. fn(tasks - 1), task 0 on the calling thread, the others on pool workers, and
// returns when all are done. tasks <= num_threads(); when that is more than the pool's threads
// (deterministic mode), each thread runs a fixed subset of the tasks in turn. tasks == 1, a pool of
// one thread, and any call made from inside a pool task (nested parallelism) run inline.
void parallel_for(int tasks, const std::function<void(int)> &fn);

// Splits [0, n) into one contiguous range per thread (at least min_chunk elements each) and runs
// fn(begin, end) on each; small n runs inline.
void parallel_range(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t)> &fn);

}  // namespace ts

#endif
