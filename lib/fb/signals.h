#pragma once
// SIGINT/SIGTERM turned into a flag the main loop polls: the one piece of process-wide state in
// libfb, because signals are process-wide. Handlers only record the signal; tools flush what is
// complete, write --stats and exit 130/143 (DESIGN §3).

namespace fb {

// Installs SIGINT/SIGTERM handlers that only record the signal (no SA_RESTART, so blocking reads
// return and the loop can look). pending_signal() is 0 or the signal number.
void install_signal_flag();
int pending_signal();
// Turns SIGBUS (a memory-mapped input file truncated while being read) into a one-line message
// naming the tool and exit status 74 (EX_IOERR), instead of a crash. Idempotent.
void exit_on_sigbus();
// 130 for SIGINT, 143 for SIGTERM.
int exit_code_for_signal(int sig);

}  // namespace fb
