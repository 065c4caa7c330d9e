// The state the emulated driver and cuBLAS share: device allocations (host memory with a guard page right
// after each, so a kernel that reads past a buffer faults), and streams whose work is queued and run only
// when the host synchronises, as on a GPU: a host that reads results or reuses a staging buffer before
// synchronising sees what it would see there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>

namespace emu {

struct Stream;

// Whether [address, address + bytes) lies inside one live device allocation.
bool device_range_valid(uint64_t address, size_t bytes);

// Device work: returns nullptr, or what went wrong (the GPU's illegal address, say).
using Work = std::function<const char*()>;

// Queues `work` on `stream` (null: the legacy stream, which runs it at once after draining every queue).
void enqueue(Stream* stream, Work work);

// Runs everything queued on `stream` (null: on every stream). A failure is sticky, as on a GPU: this and
// every later synchronising call answer CUDA_ERROR_ILLEGAL_ADDRESS (700); the reason goes to stderr.
int drain(Stream* stream);

// Runs `stream`'s work up to `ticket` (what ticket() answered when that point was queued) and no further,
// as cuEventSynchronize waits for its event alone: work queued later stays queued, so a host that reads or
// reuses what that later work touches before synchronising with it sees what a GPU would show.
int drain_until(Stream* stream, uint64_t ticket);
uint64_t ticket(Stream* stream);

constexpr int kIllegalAddress = 700;

Stream* create_stream();
bool is_stream(Stream* stream);
// Runs what is queued on `stream`, then forgets it.
void destroy_stream(Stream* stream);

// Serialises the driver: one call at a time, as the emulator's globals require.
std::recursive_mutex& driver_lock();

enum class Library { DRIVER, CUBLAS };

// Returns `code` after printing why on stderr and keeping the reason for describe(): the bindings put
// the error string into their exception, so a test failure says what the emulator refused.
int refuse(Library library, int code, const char* call, const char* why);

// `description` (the real library's text for `code`) with the emulator's last reason for it appended;
// valid until the next refusal with the same code.
const char* describe(Library library, int code, const char* description);

}  // namespace emu
