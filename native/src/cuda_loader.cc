// cuda_loader.cc: opens libtessera_cuda with dlopen and asks it for devices, turning every way
// that can fail (library not built, no NVIDIA driver, driver too old, no device) into a message.
#include <dlfcn.h>

#include <mutex>

#include "internal.h"
#include "tessera/cuda_loader.h"

namespace {

// cudaError_t values the probe names specially (stable across CUDA releases).
constexpr int kInsufficientDriver = 35;
constexpr int kNoDevice = 100;

std::mutex probe_mutex;

}  // namespace

TS_EXPORT int ts_cuda_probe(const char *path) {
  std::lock_guard<std::mutex> lock(probe_mutex);
  if (path == nullptr || path[0] == '\0')
    return ts::fail(TS_ERR_UNSUPPORTED,
                    "the CUDA library was not built (no CUDA compiler was found at build time)"),
           -1;
  void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!driver)
    return ts::fail(TS_ERR_UNSUPPORTED, "no NVIDIA driver: libcuda.so.1 could not be loaded (%s)",
                    dlerror()),
           -1;
  dlclose(driver);
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return ts::fail(TS_ERR_UNSUPPORTED, "cannot load %s: %s", path, dlerror()), -1;
  using CountFn = int (*)(int *);
  using NameFn = const char *(*)(int);
  using VersionFn = int (*)(void);
  auto count_fn = reinterpret_cast<CountFn>(dlsym(lib, "tsc_device_count"));
  auto error_fn = reinterpret_cast<NameFn>(dlsym(lib, "tsc_error_string"));
  auto runtime_fn = reinterpret_cast<VersionFn>(dlsym(lib, "tsc_runtime_version"));
  auto driver_fn = reinterpret_cast<VersionFn>(dlsym(lib, "tsc_driver_version"));
  if (!count_fn || !error_fn || !runtime_fn || !driver_fn)
    return ts::fail(TS_ERR_UNSUPPORTED, "%s lacks the tsc_* entry points", path), -1;
  int count = 0;
  int err = count_fn(&count);
  if (err == kInsufficientDriver)
    return ts::fail(TS_ERR_UNSUPPORTED,
                    "the NVIDIA driver supports CUDA %d.%d, older than the toolkit's %d.%d",
                    driver_fn() / 1000, driver_fn() % 1000 / 10, runtime_fn() / 1000,
                    runtime_fn() % 1000 / 10),
           -1;
  if (err == kNoDevice) return ts::fail(TS_ERR_UNSUPPORTED, "no CUDA device found"), -1;
  if (err != 0) return ts::fail(TS_ERR_UNSUPPORTED, "CUDA error %d: %s", err, error_fn(err)), -1;
  ts::clear_error();
  return count;
}
