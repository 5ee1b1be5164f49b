// thread_pool.cc: the shared native pool behind ts::parallel_for and ts_{get,set}_num_threads, and
// deterministic mode (ts_{get,set}_deterministic): a fixed split of every kernel's work.
#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "internal.h"
#include "tessera/threads.h"

namespace {

int default_threads() {
  if (const char *env = std::getenv("TESSERA_NUM_THREADS")) {
    int n = std::atoi(env);
    if (n >= 1) return n;
  }
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : (int)hw;
}

class Pool {
 public:
  static Pool &get() {
    // Never destroyed: detached workers may still wait on its condition variable at exit.
    static Pool *pool = new Pool();
    return *pool;
  }

  int size() const { return size_.load(std::memory_order_relaxed); }

  void resize(int n) {
    std::lock_guard<std::mutex> job(job_mutex_);
    size_.store(n, std::memory_order_relaxed);
    while ((int)workers_.size() < n - 1) {
      int id = (int)workers_.size() + 1;
      workers_.emplace_back([this, id] { loop(id); });
      workers_.back().detach();
    }
  }

  // Thread `id` of the `runners` taking part (the caller is 0) runs tasks id, id + runners, ...
  void run(int tasks, const std::function<void(int)> &fn) {
    std::lock_guard<std::mutex> job(job_mutex_);  // one fork-join at a time: no oversubscription
    const int runners = std::min(tasks, size());
    remaining_.store(runners - 1, std::memory_order_relaxed);
    {
      // The job (function, task and runner counts) is published with its generation under one lock,
      // so a worker always reads a consistent job and can never run a later job under older counts.
      std::lock_guard<std::mutex> lock(wake_mutex_);
      fn_ = &fn;
      tasks_ = tasks;
      runners_ = runners;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (int t = 0; t < tasks; t += runners) fn(t);
    while (remaining_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  }

 private:
  Pool() { resize(default_threads()); }

  void loop(int id) {
    unsigned long seen = 0;
    for (;;) {
      // Spin (yielding) for ~200 us after the last job, then sleep until the next one.
      auto spin_until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
      while (generation_.load(std::memory_order_acquire) == seen) {
        if (std::chrono::steady_clock::now() > spin_until) {
          std::unique_lock<std::mutex> lock(wake_mutex_);
          wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
        } else {
          std::this_thread::yield();
        }
      }
      const std::function<void(int)> *fn;
      int tasks, runners;
      {
        std::lock_guard<std::mutex> lock(wake_mutex_);
        seen = generation_.load(std::memory_order_acquire);
        fn = fn_;
        tasks = tasks_;
        runners = runners_;
      }
      if (id < runners) {
        for (int t = id; t < tasks; t += runners) (*fn)(t);
        remaining_.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  std::atomic<int> size_{1};
  std::vector<std::thread> workers_;
  std::mutex job_mutex_;
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::atomic<unsigned long> generation_{0};
  std::atomic<int> remaining_{0};
  const std::function<void(int)> *fn_ = nullptr;
  int tasks_ = 0;
  int runners_ = 0;
};

bool env_flag(const char *name) {
  const char *v = std::getenv(name);
  return v && std::string(v) == "1";
}

std::atomic<bool> deterministic{env_flag("TESSERA_DETERMINISTIC")};

// True while this thread runs a pool task: a kernel that forks inside another kernel's task
// (a conv splitting images, each calling gemm) then runs its tasks inline instead of waiting
// on the pool it is part of.
thread_local bool in_task = false;

}  // namespace

namespace ts {

int num_threads() {
  return deterministic.load(std::memory_order_relaxed) ? kDeterministicParts : Pool::get().size();
}

void parallel_for(int tasks, const std::function<void(int)> &fn) {
  if (tasks <= 1 || in_task || Pool::get().size() == 1) {
    for (int t = 0; t < tasks; t++) fn(t);
    return;
  }
  Pool::get().run(tasks, [&fn](int t) {
    in_task = true;
    fn(t);
    in_task = false;
  });
}

void parallel_range(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t)> &fn) {
  int64_t most = min_chunk > 0 ? n / min_chunk : n;
  int tasks = (int)std::min<int64_t>(num_threads(), std::max<int64_t>(most, 1));
  if (tasks <= 1) {
    if (n > 0) fn(0, n);
    return;
  }
  // Chunks are multiples of 64 elements so each thread's range starts on a cache line.
  int64_t chunk = ((n + tasks - 1) / tasks + 63) / 64 * 64;
  parallel_for(tasks, [&](int t) {
    int64_t begin = std::min<int64_t>(n, t * chunk), end = std::min<int64_t>(n, begin + chunk);
    if (begin < end) fn(begin, end);
  });
}

}  // namespace ts

TS_EXPORT int ts_get_num_threads(void) { return Pool::get().size(); }

TS_EXPORT int ts_get_deterministic(void) { return deterministic.load() ? ts::kDeterministicParts : 0; }

TS_EXPORT int ts_set_deterministic(int on) {
  deterministic.store(on != 0);
  return TS_OK;
}

TS_EXPORT int ts_set_num_threads(int n) {
  if (n < 1) return ts::fail(TS_ERR_INVALID, "set_num_threads: need at least 1 thread, got %d", n);
  Pool::get().resize(n);
  return TS_OK;
}
