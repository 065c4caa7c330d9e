// Streams as queues of device work, run when the host synchronises, and the sticky error a failed piece of
// work leaves behind (emulated_device.h).
#include <deque>
#include <set>
#include <vector>

#include "emulated_device.h"

namespace emu {

struct Stream {
    std::deque<Work> queue;
    uint64_t enqueued = 0;   // pieces of work ever queued: an event's ticket is this count when it was recorded
    uint64_t completed = 0;  // pieces run, in queue order
};

namespace {

std::set<Stream*> streams;
const char* sticky_error = nullptr;

void run(Work& work) {
    if (sticky_error != nullptr) {
        return;  // a context with a sticky error runs nothing more
    }
    if (const char* error = work()) {
        sticky_error = error;
        refuse(Library::DRIVER, kIllegalAddress, "device work", error);
    }
}

}  // namespace

std::recursive_mutex& driver_lock() {
    static std::recursive_mutex lock;
    return lock;
}

Stream* create_stream() {
    auto* s = new Stream();
    streams.insert(s);
    return s;
}

bool is_stream(Stream* stream) { return streams.count(stream) != 0; }

void destroy_stream(Stream* stream) {
    drain(stream);  // queued work still completes
    streams.erase(stream);
    delete stream;
}

int drain(Stream* stream) {
    if (stream == nullptr) {
        for (Stream* s : streams) {
            drain(s);
        }
        return sticky_error == nullptr ? 0 : kIllegalAddress;
    }
    return drain_until(stream, stream->enqueued);
}

int drain_until(Stream* stream, uint64_t ticket) {
    if (stream == nullptr) {
        return drain(nullptr);
    }
    while (stream->completed < ticket && !stream->queue.empty()) {
        Work work = std::move(stream->queue.front());
        stream->queue.pop_front();
        ++stream->completed;
        run(work);
    }
    return sticky_error == nullptr ? 0 : kIllegalAddress;
}

uint64_t ticket(Stream* stream) { return stream == nullptr ? 0 : stream->enqueued; }

void enqueue(Stream* stream, Work work) {
    if (stream == nullptr) {
        drain(nullptr);
        run(work);
    } else {
        stream->queue.push_back(std::move(work));
        ++stream->enqueued;
    }
}

}  // namespace emu
