#include "kernel_table.h"

#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "block_scheduler.h"

// Backing for the kernels' `extern __shared__` arrays, which name these globals.
thread_local double shared[emu::kSharedBytesLimit / sizeof(double)];
thread_local double opt2_shared[emu::kSharedBytesLimit / sizeof(double)];

#include "../src/privtune_kernels.cu"

namespace emu {
namespace {

// Never-written shared memory reads as NaN / -1, and bytes past the launch's size stay that way unless the
// kernel writes beyond what it asked for.
void poison_shared() {
    std::memset(shared, 0xFF, sizeof shared);
    std::memset(opt2_shared, 0xFF, sizeof opt2_shared);
}

bool poisoned(const double* array, size_t from) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(array);
    for (size_t i = from; i < kSharedBytesLimit; ++i) {
        if (bytes[i] != 0xFF) {
            return false;
        }
    }
    return true;
}

const char* untouched_beyond(size_t shared_bytes) {
    if (poisoned(shared, shared_bytes) && poisoned(opt2_shared, shared_bytes)) {
        return nullptr;
    }
    return "a block wrote past the dynamic shared memory its launch asked for";
}

template <typename... Args, size_t... I>
PreparedLaunch prepare(void (*kernel)(Args...), Dim3 grid, Dim3 block, size_t shared_bytes, void** params, std::index_sequence<I...>) {
    std::tuple<std::remove_cv_t<Args>...> values{*static_cast<std::remove_cv_t<Args>*>(params[I])...};
    return [=]() {
        return run_grid(grid, block, poison_shared, [&values, kernel]() { std::apply(kernel, values); },
                        [shared_bytes]() { return untouched_beyond(shared_bytes); });
    };
}

template <typename... Args>
PreparedLaunch prepare(void (*kernel)(Args...), Dim3 grid, Dim3 block, size_t shared_bytes, void** params) {
    return prepare(kernel, grid, block, shared_bytes, params, std::index_sequence_for<Args...>{});
}

using Preparer = PreparedLaunch (*)(Dim3, Dim3, size_t, void**);

#define PRIVTUNE_KERNEL(k) {#k, [](Dim3 g, Dim3 b, size_t s, void** p) { return prepare(k, g, b, s, p); }}

const std::map<std::string, Preparer>& table() {
    static const std::map<std::string, Preparer> kernels = {
        PRIVTUNE_KERNEL(privtune_dchi_perturb),
        PRIVTUNE_KERNEL(privtune_opt3),
        PRIVTUNE_KERNEL(privtune_scores_tiled),
        PRIVTUNE_KERNEL(privtune_topk_rows),
        PRIVTUNE_KERNEL(privtune_opt2),
        PRIVTUNE_KERNEL(privtune_copy),
    };
    return kernels;
}

}  // namespace

PreparedLaunch prepare_launch(const char* name, Dim3 grid, Dim3 block, size_t shared_bytes, void** params) {
    auto found = table().find(name);
    return found == table().end() ? PreparedLaunch() : found->second(grid, block, shared_bytes, params);
}

bool has_kernel(const char* name) { return table().count(name) != 0; }

}  // namespace emu
