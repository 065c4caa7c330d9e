// The kernels of ../src/privtune_kernels.cu, compiled as C++ and reachable by name, as a module's functions are.
#pragma once

#include <cstddef>
#include <functional>

#include "device_shim.h"

namespace emu {

// A launch whose argument values are already copied out of kernelParams (the driver copies them at launch
// time too), ready to run later on its stream; it returns nullptr, or what went wrong on the "device".
using PreparedLaunch = std::function<const char*()>;

// Copies the arguments for kernel `name` and returns the launch, or an empty function when no kernel has that name.
PreparedLaunch prepare_launch(const char* name, Dim3 grid, Dim3 block, size_t shared_bytes, void** params);

bool has_kernel(const char* name);

}  // namespace emu
