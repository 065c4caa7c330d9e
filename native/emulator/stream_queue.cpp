// Streams as queues of device work, run when the host synchronises, and the sticky error a failed piece of
// work leaves behind (emulated_device.h).
#include <set>
#include <vector>

#include "emulated_device.h"

namespace emu {

struct Stream {
    std::vector<Work> queue;
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
    } else {
        std::vector<Work> work;
        work.swap(stream->queue);
        for (auto& item : work) {
            run(item);
        }
    }
    return sticky_error == nullptr ? 0 : kIllegalAddress;
}

void enqueue(Stream* stream, Work work) {
    if (stream == nullptr) {
        drain(nullptr);
        run(work);
    } else {
        stream->queue.push_back(std::move(work));
    }
}

}  // namespace emu
