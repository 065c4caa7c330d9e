// The CUDA driver API entry points the Java bindings use (cuda.h 13.0 names and signatures), over host
// memory. Not a GPU: it exists so that the bindings, the backend's buffer handling and the kernels' logic
// can be checked where no GPU is.
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "block_scheduler.h"
#include "emulated_device.h"
#include "kernel_table.h"

namespace {

enum Result : int {
    SUCCESS = 0,
    INVALID_VALUE = 1,
    OUT_OF_MEMORY = 2,
    NOT_INITIALIZED = 3,
    INVALID_DEVICE = 101,
    INVALID_IMAGE = 200,
    INVALID_CONTEXT = 201,
    INVALID_HANDLE = 400,
    NOT_FOUND = 500,
};

struct Context {
    int device;
};
struct Module {};
struct Function {
    std::string name;
    Module* module;
};
// What a queued record writes: shared with the queue, so an event destroyed before its record ran (allowed
// on a GPU) leaves the queued work something to write to, and destroying it waits for nothing.
struct EventTime {
    std::chrono::steady_clock::time_point at;
    bool recorded = false;
};

struct Event {
    std::shared_ptr<EventTime> time = std::make_shared<EventTime>();
    emu::Stream* stream = nullptr;
    uint64_t ticket = 0;  // the stream's work up to and including this event's record
};

struct Allocation {
    void* mapping;
    size_t mapping_bytes;
    size_t bytes;
};

bool initialised = false;
Context primary{0};
thread_local Context* current_context = nullptr;  // per thread, as the driver's: a thread that never made it current has none
std::map<uint64_t, Allocation> allocations;  // by start address
std::set<Module*> modules;
std::set<Function*> functions;
std::set<Event*> events;
std::set<void*> host_allocations;

size_t page_size() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }

int fail(int code, const char* call, const char* why) { return emu::refuse(emu::Library::DRIVER, code, call, why); }

int need_context(const char* call) {
    if (!initialised) {
        return fail(NOT_INITIALIZED, call, "cuInit was not called");
    }
    if (current_context == nullptr) {
        return fail(INVALID_CONTEXT, call, "no current context");
    }
    return SUCCESS;
}

// Fat binaries start with this magic (fatbinary.h); anything else is not what nvcc --fatbin writes.
constexpr uint32_t kFatbinMagic = 0xBA55ED50u;

}  // namespace

namespace emu {

bool device_range_valid(uint64_t address, size_t bytes) {
    auto after = allocations.upper_bound(address);
    if (after == allocations.begin()) {
        return false;
    }
    const auto& [start, allocation] = *std::prev(after);
    return address >= start && address + bytes <= start + allocation.bytes && address + bytes >= address;
}

}  // namespace emu

#define LOCKED std::lock_guard<std::recursive_mutex> driver_guard(emu::driver_lock())

extern "C" {

int cuInit(unsigned int flags) {
    LOCKED;
    if (flags != 0) {
        return fail(INVALID_VALUE, "cuInit", "flags must be 0");
    }
    initialised = true;
    return SUCCESS;
}

int cuDriverGetVersion(int* version) {
    if (version == nullptr) return INVALID_VALUE;
    *version = 13000;
    return SUCCESS;
}

int cuDeviceGetCount(int* count) {
    if (!initialised) return NOT_INITIALIZED;
    if (count == nullptr) return INVALID_VALUE;
    *count = 1;
    return SUCCESS;
}

int cuDeviceGet(int* device, int ordinal) {
    if (!initialised) return NOT_INITIALIZED;
    if (device == nullptr) return INVALID_VALUE;
    if (ordinal != 0) return INVALID_DEVICE;
    *device = 0;
    return SUCCESS;
}

int cuDeviceGetName(char* name, int length, int device) {
    if (device != 0) return INVALID_DEVICE;
    if (name == nullptr || length <= 0) return INVALID_VALUE;
    std::snprintf(name, static_cast<size_t>(length), "PrivTune CUDA emulator (CPU)");
    return SUCCESS;
}

int cuDeviceGetAttribute(int* value, int attribute, int device) {
    if (device != 0) return INVALID_DEVICE;
    if (value == nullptr) return INVALID_VALUE;
    switch (attribute) {
        case 16: *value = 1; return SUCCESS;        // multiprocessors: one block at a time
        case 36: *value = 1000000; return SUCCESS;  // memory clock, kHz
        case 37: *value = 64; return SUCCESS;       // bus width, bits
        case 75: *value = 9; return SUCCESS;        // compute capability 9.0, as the kernels are built for
        case 76: *value = 0; return SUCCESS;
        default: return fail(INVALID_VALUE, "cuDeviceGetAttribute", "attribute not emulated");
    }
}

int cuDeviceTotalMem_v2(size_t* bytes, int device) {
    if (device != 0) return INVALID_DEVICE;
    if (bytes == nullptr) return INVALID_VALUE;
    *bytes = static_cast<size_t>(sysconf(_SC_PHYS_PAGES)) * page_size();
    return SUCCESS;
}

int cuDevicePrimaryCtxRetain(void** context, int device) {
    LOCKED;
    if (!initialised) return NOT_INITIALIZED;
    if (device != 0) return INVALID_DEVICE;
    if (context == nullptr) return INVALID_VALUE;
    *context = &primary;
    return SUCCESS;
}

int cuDevicePrimaryCtxRelease_v2(int device) {
    return device == 0 ? SUCCESS : INVALID_DEVICE;
}

int cuCtxSetCurrent(void* context) {
    LOCKED;
    if (context != nullptr && context != &primary) {
        return fail(INVALID_CONTEXT, "cuCtxSetCurrent", "not a context of this driver");
    }
    current_context = static_cast<Context*>(context);
    return SUCCESS;
}

int cuCtxSynchronize() {
    LOCKED;
    if (int r = need_context("cuCtxSynchronize")) return r;
    return emu::drain(nullptr);
}

int cuModuleLoadData(void** module, const void* image) {
    LOCKED;
    if (int r = need_context("cuModuleLoadData")) return r;
    if (module == nullptr || image == nullptr) return INVALID_VALUE;
    uint32_t magic;
    std::memcpy(&magic, image, sizeof magic);
    if (magic != kFatbinMagic) {
        return fail(INVALID_IMAGE, "cuModuleLoadData", "the image is not a fatbin (wrong magic)");
    }
    auto* m = new Module();
    modules.insert(m);
    *module = m;
    return SUCCESS;
}

int cuModuleUnload(void* module) {
    LOCKED;
    if (int r = need_context("cuModuleUnload")) return r;
    auto* m = static_cast<Module*>(module);
    if (modules.erase(m) == 0) return fail(INVALID_HANDLE, "cuModuleUnload", "unknown module");
    emu::drain(nullptr);
    for (auto f = functions.begin(); f != functions.end();) {  // its functions die with it
        if ((*f)->module == m) {
            delete *f;
            f = functions.erase(f);
        } else {
            ++f;
        }
    }
    delete m;
    return SUCCESS;
}

int cuModuleGetFunction(void** function, void* module, const char* name) {
    LOCKED;
    if (int r = need_context("cuModuleGetFunction")) return r;
    if (function == nullptr || name == nullptr) return INVALID_VALUE;
    if (modules.count(static_cast<Module*>(module)) == 0) return fail(INVALID_HANDLE, "cuModuleGetFunction", "unknown module");
    if (!emu::has_kernel(name)) return fail(NOT_FOUND, "cuModuleGetFunction", "no kernel of that name in privtune_kernels.cu's table");
    auto* f = new Function{name, static_cast<Module*>(module)};
    functions.insert(f);
    *function = f;
    return SUCCESS;
}

int cuMemAlloc_v2(uint64_t* pointer, size_t bytes) {
    LOCKED;
    if (int r = need_context("cuMemAlloc_v2")) return r;
    if (pointer == nullptr || bytes == 0) return INVALID_VALUE;
    // [data, right-aligned to 4 bytes][guard page]: reading one float past the end faults
    const size_t page = page_size();
    const size_t data_pages = (bytes + page - 1) / page * page;
    void* mapping = mmap(nullptr, data_pages + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) return OUT_OF_MEMORY;
    char* guard = static_cast<char*>(mapping) + data_pages;
    mprotect(guard, page, PROT_NONE);
    const uint64_t start = reinterpret_cast<uint64_t>(guard) - (bytes + 3) / 4 * 4;
    allocations[start] = Allocation{mapping, data_pages + page, bytes};
    std::memset(reinterpret_cast<void*>(start), 0xFF, bytes);  // fresh device memory is garbage, not zeros
    *pointer = start;
    return SUCCESS;
}

int cuMemFree_v2(uint64_t pointer) {
    LOCKED;
    if (int r = need_context("cuMemFree_v2")) return r;
    auto found = allocations.find(pointer);
    if (found == allocations.end()) {
        return fail(INVALID_VALUE, "cuMemFree_v2", "not the start of a live allocation");
    }
    emu::drain(nullptr);  // cuMemFree waits for work that may still use the memory
    munmap(found->second.mapping, found->second.mapping_bytes);  // a later use faults
    allocations.erase(found);
    return SUCCESS;
}

int cuMemAllocHost_v2(void** pointer, size_t bytes) {
    LOCKED;
    if (int r = need_context("cuMemAllocHost_v2")) return r;
    if (pointer == nullptr) return INVALID_VALUE;
    *pointer = std::malloc(bytes == 0 ? 1 : bytes);
    if (*pointer == nullptr) return OUT_OF_MEMORY;
    host_allocations.insert(*pointer);
    return SUCCESS;
}

int cuMemFreeHost(void* pointer) {
    LOCKED;
    if (int r = need_context("cuMemFreeHost")) return r;
    if (host_allocations.erase(pointer) == 0) {
        return fail(INVALID_VALUE, "cuMemFreeHost", "not memory from cuMemAllocHost (or freed already)");
    }
    emu::drain(nullptr);
    std::free(pointer);
    return SUCCESS;
}

static int copy_to_device(const char* call, uint64_t device, const void* host, size_t bytes, emu::Stream* stream) {
    if (int r = need_context(call)) return r;
    if (host == nullptr || !emu::device_range_valid(device, bytes)) {
        return fail(INVALID_VALUE, call, "the device range is not inside one allocation");
    }
    emu::enqueue(stream, [=]() -> const char* {
        std::memcpy(reinterpret_cast<void*>(device), host, bytes);
        return nullptr;
    });
    return stream == nullptr ? emu::drain(nullptr) : SUCCESS;
}

static int copy_to_host(const char* call, void* host, uint64_t device, size_t bytes, emu::Stream* stream) {
    if (int r = need_context(call)) return r;
    if (host == nullptr || !emu::device_range_valid(device, bytes)) {
        return fail(INVALID_VALUE, call, "the device range is not inside one allocation");
    }
    emu::enqueue(stream, [=]() -> const char* {
        std::memcpy(host, reinterpret_cast<const void*>(device), bytes);
        return nullptr;
    });
    return stream == nullptr ? emu::drain(nullptr) : SUCCESS;
}

int cuMemcpyHtoD_v2(uint64_t device, const void* host, size_t bytes) {
    LOCKED;
    return copy_to_device("cuMemcpyHtoD_v2", device, host, bytes, nullptr);
}

int cuMemcpyDtoH_v2(void* host, uint64_t device, size_t bytes) {
    LOCKED;
    return copy_to_host("cuMemcpyDtoH_v2", host, device, bytes, nullptr);
}

int cuMemcpyHtoDAsync_v2(uint64_t device, const void* host, size_t bytes, void* stream) {
    LOCKED;
    return copy_to_device("cuMemcpyHtoDAsync_v2", device, host, bytes, static_cast<emu::Stream*>(stream));
}

int cuMemcpyDtoHAsync_v2(void* host, uint64_t device, size_t bytes, void* stream) {
    LOCKED;
    return copy_to_host("cuMemcpyDtoHAsync_v2", host, device, bytes, static_cast<emu::Stream*>(stream));
}

int cuMemsetD32Async(uint64_t device, unsigned int value, size_t count, void* stream) {
    LOCKED;
    if (int r = need_context("cuMemsetD32Async")) return r;
    if (device % 4 != 0 || !emu::device_range_valid(device, count * 4)) {
        return fail(INVALID_VALUE, "cuMemsetD32Async", "the device range is not inside one allocation (or not 4-byte aligned)");
    }
    emu::enqueue(static_cast<emu::Stream*>(stream), [=]() -> const char* {
        auto* words = reinterpret_cast<unsigned int*>(device);
        for (size_t i = 0; i < count; ++i) words[i] = value;
        return nullptr;
    });
    return SUCCESS;
}

int cuStreamCreate(void** stream, unsigned int flags) {
    LOCKED;
    if (int r = need_context("cuStreamCreate")) return r;
    if (stream == nullptr || flags > 1) return INVALID_VALUE;
    *stream = emu::create_stream();
    return SUCCESS;
}

int cuStreamSynchronize(void* stream) {
    LOCKED;
    if (int r = need_context("cuStreamSynchronize")) return r;
    auto* s = static_cast<emu::Stream*>(stream);
    if (s != nullptr && !emu::is_stream(s)) return fail(INVALID_HANDLE, "cuStreamSynchronize", "unknown stream");
    return emu::drain(s);
}

int cuStreamDestroy_v2(void* stream) {
    LOCKED;
    if (int r = need_context("cuStreamDestroy_v2")) return r;
    auto* s = static_cast<emu::Stream*>(stream);
    if (!emu::is_stream(s)) return fail(INVALID_HANDLE, "cuStreamDestroy_v2", "unknown stream");
    emu::drain(s);  // queued work still completes
    emu::destroy_stream(s);
    return SUCCESS;
}

int cuEventCreate(void** event, unsigned int flags) {
    LOCKED;
    if (int r = need_context("cuEventCreate")) return r;
    if (event == nullptr) return INVALID_VALUE;
    auto* e = new Event();
    events.insert(e);
    *event = e;
    return SUCCESS;
}

int cuEventRecord(void* event, void* stream) {
    LOCKED;
    if (int r = need_context("cuEventRecord")) return r;
    auto* e = static_cast<Event*>(event);
    if (events.count(e) == 0) return fail(INVALID_HANDLE, "cuEventRecord", "unknown event");
    e->stream = static_cast<emu::Stream*>(stream);
    e->time = std::make_shared<EventTime>();  // a new record: the previous one's result no longer counts
    emu::enqueue(e->stream, [time = e->time]() -> const char* {
        time->at = std::chrono::steady_clock::now();
        time->recorded = true;
        return nullptr;
    });
    e->ticket = emu::ticket(e->stream);
    return SUCCESS;
}

int cuEventSynchronize(void* event) {
    LOCKED;
    auto* e = static_cast<Event*>(event);
    if (events.count(e) == 0) return fail(INVALID_HANDLE, "cuEventSynchronize", "unknown event");
    return emu::drain_until(e->stream, e->ticket);  // the work queued after the event stays queued
}

int cuEventElapsedTime_v2(float* milliseconds, void* start, void* end) {
    LOCKED;
    auto* a = static_cast<Event*>(start);
    auto* b = static_cast<Event*>(end);
    if (milliseconds == nullptr || events.count(a) == 0 || events.count(b) == 0) return INVALID_HANDLE;
    if (!a->time->recorded || !b->time->recorded) return fail(600, "cuEventElapsedTime_v2", "an event has not completed");
    *milliseconds = std::chrono::duration<float, std::milli>(b->time->at - a->time->at).count();
    return SUCCESS;
}

int cuEventDestroy_v2(void* event) {
    LOCKED;
    auto* e = static_cast<Event*>(event);
    if (events.erase(e) == 0) return fail(INVALID_HANDLE, "cuEventDestroy_v2", "unknown event");
    delete e;
    return SUCCESS;
}

int cuLaunchKernel(void* function, unsigned int grid_x, unsigned int grid_y, unsigned int grid_z, unsigned int block_x,
                   unsigned int block_y, unsigned int block_z, unsigned int shared_bytes, void* stream, void** params, void** extra) {
    LOCKED;
    if (int r = need_context("cuLaunchKernel")) return r;
    auto* f = static_cast<Function*>(function);
    if (functions.count(f) == 0) return fail(INVALID_HANDLE, "cuLaunchKernel", "unknown function");
    if (extra != nullptr || params == nullptr) return fail(INVALID_VALUE, "cuLaunchKernel", "arguments must come as kernelParams");
    const emu::Dim3 grid{grid_x, grid_y, grid_z}, block{block_x, block_y, block_z};
    if (const char* why = emu::launch_shape_error(grid, block, shared_bytes)) {
        return fail(INVALID_VALUE, "cuLaunchKernel", why);
    }
    emu::enqueue(static_cast<emu::Stream*>(stream), emu::prepare_launch(f->name.c_str(), grid, block, shared_bytes, params));
    return SUCCESS;
}

int cuGetErrorName(int error, const char** text) {
    if (text == nullptr) return INVALID_VALUE;
    switch (error) {
        case SUCCESS: *text = "CUDA_SUCCESS"; return SUCCESS;
        case INVALID_VALUE: *text = "CUDA_ERROR_INVALID_VALUE"; return SUCCESS;
        case OUT_OF_MEMORY: *text = "CUDA_ERROR_OUT_OF_MEMORY"; return SUCCESS;
        case NOT_INITIALIZED: *text = "CUDA_ERROR_NOT_INITIALIZED"; return SUCCESS;
        case INVALID_DEVICE: *text = "CUDA_ERROR_INVALID_DEVICE"; return SUCCESS;
        case INVALID_IMAGE: *text = "CUDA_ERROR_INVALID_IMAGE"; return SUCCESS;
        case INVALID_CONTEXT: *text = "CUDA_ERROR_INVALID_CONTEXT"; return SUCCESS;
        case INVALID_HANDLE: *text = "CUDA_ERROR_INVALID_HANDLE"; return SUCCESS;
        case NOT_FOUND: *text = "CUDA_ERROR_NOT_FOUND"; return SUCCESS;
        case 600: *text = "CUDA_ERROR_NOT_READY"; return SUCCESS;
        case emu::kIllegalAddress: *text = "CUDA_ERROR_ILLEGAL_ADDRESS"; return SUCCESS;
        default: *text = nullptr; return INVALID_VALUE;
    }
}

int cuGetErrorString(int error, const char** text) {
    if (text == nullptr) return INVALID_VALUE;
    const char* description;
    switch (error) {  // the driver's own texts
        case SUCCESS: description = "no error"; break;
        case INVALID_VALUE: description = "invalid argument"; break;
        case OUT_OF_MEMORY: description = "out of memory"; break;
        case NOT_INITIALIZED: description = "initialization error"; break;
        case INVALID_DEVICE: description = "invalid device ordinal"; break;
        case INVALID_IMAGE: description = "device kernel image is invalid"; break;
        case INVALID_CONTEXT: description = "invalid device context"; break;
        case INVALID_HANDLE: description = "invalid resource handle"; break;
        case NOT_FOUND: description = "named symbol not found"; break;
        case 600: description = "device not ready"; break;
        case emu::kIllegalAddress: description = "an illegal memory access was encountered"; break;
        default: *text = nullptr; return INVALID_VALUE;
    }
    *text = emu::describe(emu::Library::DRIVER, error, description);
    return SUCCESS;
}

}  // extern "C"
