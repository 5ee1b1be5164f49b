// plane_split.h: ts::parallel_planes, how the pooling and normalisation kernels share out their
// independent units of work (an image plane, a batch-norm channel, a layer-norm row) on the pool.
// ts::parallel_range rounds its chunks to multiples of 64 elements, which would leave a handful of
// large planes (batch 1, 3 channels of 224x224) on a single thread; this splits by plane instead.
#ifndef TESSERA_PLANE_SPLIT_H
#define TESSERA_PLANE_SPLIT_H

#include <algorithm>
#include <cstdint>
#include <functional>

#include "thread_pool.h"

namespace ts {

// Runs fn(begin, end) over [0, planes) in even contiguous ranges, one per thread, giving each
// thread at least kMinWork elements (planes * work_per_plane in all); small jobs run inline.
inline void parallel_planes(int64_t planes, int64_t work_per_plane, const std::function<void(int64_t, int64_t)> &fn) {
  constexpr int64_t kMinWork = 1 << 14;  // below this a fork-join costs more than it saves
  if (planes <= 0) return;
  const int64_t total = planes * std::max<int64_t>(work_per_plane, 1);
  const int64_t tasks = std::min<int64_t>({(int64_t)num_threads(), planes, std::max<int64_t>(total / kMinWork, 1)});
  if (tasks <= 1) {
    fn(0, planes);
    return;
  }
  parallel_for((int)tasks, [&](int t) {
    const int64_t begin = planes * t / tasks, end = planes * (t + 1) / tasks;
    if (begin < end) fn(begin, end);
  });
}

}  // namespace ts

#endif
