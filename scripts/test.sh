#!/usr/bin/env bash
# Installs what is missing, builds into build/, and runs every test headless.
# Extra arguments go to ctest (e.g. -R tst_room -V).
set -euo pipefail
source "$(dirname "$0")/setup.sh"

chatroom_install_packages
chatroom_build
cd "$CHATROOM_BUILD_DIR"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)" "$@"
