#include "fb/signals.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include <atomic>

namespace fb {

namespace {
std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

extern "C" void on_sigbus(int) {
    // Only async-signal-safe calls here.
    const char* tool = program_invocation_short_name;
    static const char what[] = ": an input file shrank while it was being read (SIGBUS); stopping\n";
    (void)!::write(STDERR_FILENO, tool, std::strlen(tool));
    (void)!::write(STDERR_FILENO, what, sizeof what - 1);
    ::_exit(74);
}
}  // namespace

void exit_on_sigbus() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction sa {};
        sa.sa_handler = on_sigbus;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, nullptr);
    });
}

void install_signal_flag() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

int pending_signal() { return g_signal.load(std::memory_order_relaxed); }

int exit_code_for_signal(int sig) { return sig == SIGINT ? 130 : sig == SIGTERM ? 143 : 128 + sig; }

}  // namespace fb
