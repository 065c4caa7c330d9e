// Why the emulator refused a call, kept per status so that the error strings the bindings put into their
// exceptions name it (emulated_device.h).
#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "emulated_device.h"

namespace emu {

namespace {
std::map<std::pair<Library, int>, std::string> reasons;
std::map<std::pair<Library, int>, std::string> descriptions;
}  // namespace

int refuse(Library library, int code, const char* call, const char* why) {
    std::lock_guard<std::recursive_mutex> guard(driver_lock());
    std::fprintf(stderr, "privtune emulator: %s: %s\n", call, why);
    reasons[{library, code}] = std::string(call) + ": " + why;
    return code;
}

const char* describe(Library library, int code, const char* description) {
    std::lock_guard<std::recursive_mutex> guard(driver_lock());
    auto reason = reasons.find({library, code});
    std::string& text = descriptions[{library, code}];
    text = description;
    if (reason != reasons.end()) {
        text += " [PrivTune CUDA emulator: " + reason->second + "]";
    }
    return text.c_str();
}

}  // namespace emu
