#include "block_scheduler.h"

#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <csetjmp>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace emu {

Dim3 block_index, block_dim, grid_dim;

namespace {

constexpr size_t kStackBytes = 256 * 1024;

// A fiber starts through makecontext/swapcontext (the portable way onto a fresh stack); after that every
// switch is _setjmp/_longjmp, which, unlike swapcontext, makes no signal-mask system call.
// What a fiber waits for when it yields: every live thread of the block at a barrier (__syncthreads), or
// every live lane of its warp at a warp-level sync (a full-mask shuffle, ballot or __syncwarp).
enum class Wait { NONE, BLOCK, WARP };

struct Fiber {
    Wait wait = Wait::NONE;
    ucontext_t start;
    jmp_buf resume;
    Dim3 index;
    bool started = false;
    bool done = false;
    char* stack = nullptr;  // with a guard page below it: an overflow faults instead of corrupting a neighbour
};

ucontext_t scheduler_context;
jmp_buf scheduler_resume;
std::vector<Fiber> fibers;
Fiber* current = nullptr;
const std::function<void()>* current_body = nullptr;
uint64_t exchange[1024];

[[noreturn]] void fiber_main() {
    (*current_body)();
    current->done = true;
    _longjmp(scheduler_resume, 1);
}

void yield_to_scheduler() {
    if (_setjmp(current->resume) == 0) {
        _longjmp(scheduler_resume, 1);
    }
}

void resume(Fiber& f) {
    current = &f;
    if (_setjmp(scheduler_resume) == 0) {
        if (!f.started) {
            f.started = true;
            swapcontext(&scheduler_context, &f.start);
        } else {
            _longjmp(f.resume, 1);
        }
    }
}

char* allocate_stack() {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* memory = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        std::perror("privtune emulator: fiber stack");
        std::abort();
    }
    mprotect(memory, page, PROT_NONE);
    return static_cast<char*>(memory) + page;
}

void ensure_fibers(size_t count) {
    while (fibers.size() < count) {
        fibers.emplace_back();
        fibers.back().stack = allocate_stack();
    }
}

unsigned thread_count(Dim3 d) { return d.x * d.y * d.z; }

// Fisher-Yates with xorshift64: a fixed sequence from launch to launch, so a failure reproduces.
uint64_t shuffle_state = 0x9E3779B97F4A7C15ull;
unsigned order[1024];

void shuffle(unsigned* values, unsigned count) {
    for (unsigned i = 0; i < count; ++i) {
        values[i] = i;
    }
    for (unsigned i = count; i > 1; --i) {
        shuffle_state ^= shuffle_state << 13;
        shuffle_state ^= shuffle_state >> 7;
        shuffle_state ^= shuffle_state << 17;
        const unsigned j = static_cast<unsigned>(shuffle_state % i);
        const unsigned swap = values[i - 1];
        values[i - 1] = values[j];
        values[j] = swap;
    }
}

bool released[1024];

// Marks which threads go on in this round; names the deadlock when none can (a barrier or a full-mask warp
// operation reached by some threads only: undefined on a GPU, where it hangs or corrupts).
const char* release_round(unsigned threads) {
    bool block_barrier = true;
    for (unsigned t = 0; t < threads; ++t) {
        const Fiber& f = fibers[t];
        if (!f.done && (!f.started || f.wait != Wait::BLOCK)) {
            block_barrier = false;
        }
    }
    bool any = false;
    for (unsigned first = 0; first < threads; first += 32) {
        bool warp_sync = true;
        for (unsigned t = first; t < first + 32 && t < threads; ++t) {
            const Fiber& f = fibers[t];
            if (!f.done && (!f.started || f.wait != Wait::WARP)) {
                warp_sync = false;
            }
        }
        for (unsigned t = first; t < first + 32 && t < threads; ++t) {
            const Fiber& f = fibers[t];
            released[t] = !f.done && (!f.started || (f.wait == Wait::BLOCK && block_barrier) || (f.wait == Wait::WARP && warp_sync));
            any = any || released[t];
        }
    }
    return any ? nullptr
               : "threads of a block wait at different kinds of barrier (a __syncthreads or a full-mask warp operation "
                 "that only some threads reach)";
}

}  // namespace

const Dim3& thread_index() { return current->index; }

void sync_threads() {
    current->wait = Wait::BLOCK;
    yield_to_scheduler();
}

void sync_warp() {
    current->wait = Wait::WARP;
    yield_to_scheduler();
}

unsigned linear_thread() { return current->index.x + block_dim.x * (current->index.y + block_dim.y * current->index.z); }

uint64_t warp_exchange(unsigned mask, uint64_t value, unsigned source_lane) {
    if (mask != 0xffffffffu) {
        std::fprintf(stderr, "privtune emulator: only full-warp shuffles and ballots are emulated (mask %08x)\n", mask);
        std::abort();
    }
    const unsigned self = linear_thread();
    exchange[self] = value;
    sync_warp();
    const uint64_t other = exchange[(self & ~31u) | (source_lane & 31u)];
    sync_warp();  // nobody overwrites a slot before every lane has read it
    return other;
}

unsigned lane_id() { return linear_thread() & 31u; }

unsigned ballot(unsigned mask, bool predicate) {
    if (mask != 0xffffffffu) {
        std::fprintf(stderr, "privtune emulator: only full-warp ballots are emulated (mask %08x)\n", mask);
        std::abort();
    }
    const unsigned self = linear_thread();
    exchange[self] = predicate ? 1 : 0;
    sync_warp();
    unsigned bits = 0;
    const unsigned first = self & ~31u, threads = thread_count(block_dim);
    for (unsigned lane = 0; lane < 32 && first + lane < threads; ++lane) {
        if (!fibers[first + lane].done && exchange[first + lane] != 0) {
            bits |= 1u << lane;
        }
    }
    sync_warp();
    return bits;
}

const char* launch_shape_error(Dim3 grid, Dim3 block, size_t shared_bytes) {
    if (grid.x == 0 || grid.y == 0 || grid.z == 0 || block.x == 0 || block.y == 0 || block.z == 0) {
        return "a grid or block dimension is 0";
    }
    if (block.x > 1024 || block.y > 1024 || block.z > 64 || thread_count(block) > 1024) {
        return "more than 1024 threads per block (or a block dimension over its limit)";
    }
    if (grid.x > 2147483647u || grid.y > 65535 || grid.z > 65535) {
        return "a grid dimension over its limit (x < 2^31, y and z <= 65535)";
    }
    if (shared_bytes > kSharedBytesLimit) {
        return "more than 48 KiB of dynamic shared memory without cuFuncSetAttribute";
    }
    return nullptr;
}

const char* run_grid(Dim3 grid, Dim3 block, const std::function<void()>& before_block, const std::function<void()>& body,
                     const std::function<const char*()>& after_block) {
    const unsigned threads = thread_count(block);
    ensure_fibers(threads);
    grid_dim = grid;
    block_dim = block;
    current_body = &body;
    for (unsigned bz = 0; bz < grid.z; ++bz) {
        for (unsigned by = 0; by < grid.y; ++by) {
            for (unsigned bx = 0; bx < grid.x; ++bx) {
                block_index = Dim3{bx, by, bz};
                before_block();
                for (unsigned t = 0; t < threads; ++t) {
                    Fiber& f = fibers[t];
                    f.index = Dim3{t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
                    f.done = false;
                    f.started = false;
                    getcontext(&f.start);
                    f.start.uc_stack.ss_sp = f.stack;
                    f.start.uc_stack.ss_size = kStackBytes;
                    f.start.uc_link = nullptr;  // fiber_main never returns
                    makecontext(&f.start, fiber_main, 0);
                }
                // Rounds: each thread that may go on runs until its next barrier, warp sync or end. A barrier
                // releases when every live thread of the block waits at one, a warp sync when every live lane of
                // the warp does, so warps may run through different numbers of warp syncs between barriers, as on
                // a GPU. The order within a round is shuffled, so a missing barrier shows whichever thread writes first.
                unsigned live = threads;
                while (live > 0) {
                    if (const char* stuck = release_round(threads)) {
                        current = nullptr;
                        current_body = nullptr;
                        return stuck;
                    }
                    live = 0;
                    shuffle(order, threads);
                    for (unsigned i = 0; i < threads; ++i) {
                        Fiber& f = fibers[order[i]];
                        if (f.done || !released[order[i]]) {
                            continue;
                        }
                        f.wait = Wait::NONE;
                        resume(f);
                    }
                    for (unsigned t = 0; t < threads; ++t) {
                        live += fibers[t].done ? 0 : 1;
                    }
                }
                if (const char* error = after_block()) {
                    current = nullptr;
                    current_body = nullptr;
                    return error;
                }
            }
        }
    }
    current = nullptr;
    current_body = nullptr;
    return nullptr;
}

}  // namespace emu
