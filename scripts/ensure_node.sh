#!/usr/bin/env bash
# Ставит Node.js и npm из пакетов Debian, если их нет: неразрывные пробелы (typograf, make node-tools)
# и готовый индекс поиска при сборке (scripts/kb/search_prebuild.js), инструменты тестов.
set -euo pipefail
PACKAGES=()
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
if [ ${#PACKAGES[@]} -eq 0 ]; then
  exit 0
fi
source "$(dirname "$0")/apt_install.sh"
apt_install "${PACKAGES[@]}"
node --version
