#pragma once

// The code that needs Linux or POSIX asks `#if CHATROOM_HAS(linux_api)` (sendmsg with
// MSG_NOSIGNAL, accept4) or `#if CHATROOM_HAS(unix_api)` (signals, fcntl and poll on a
// descriptor, rlimits) instead of Q_OS_LINUX or Q_OS_UNIX, and keeps a portable fallback
// beside. The top-level CMakeLists.txt defines both, from the target system, so that
// sources, tests and code agree; -DCHATROOM_FORCE_PORTABLE=ON turns them off on Linux to
// build and test the fallbacks here.
//
// The values are 1 or -1 and the test divides by them, as QT_CONFIG() does: a misspelt
// feature fails to compile instead of quietly taking the fallback, and so does a file
// that forgot this header.
#define CHATROOM_HAS(feature) (1 / CHATROOM_HAS_##feature == 1)
