#include "fb/signals.h"

#include <signal.h>

#include <atomic>

namespace fb {

namespace {
std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }
}  // namespace

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
