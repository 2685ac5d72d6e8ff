#!/usr/bin/env bash
# Ставит hunspell и русский словарь из пакетов Debian, если их нет: орфография для `make lint`.
set -euo pipefail
DICT="${HUNSPELL_RU_DIC:-/usr/share/hunspell/ru_RU.dic}"
PACKAGES=()
command -v hunspell >/dev/null 2>&1 || PACKAGES+=(hunspell)
[ -f "$DICT" ] || PACKAGES+=(hunspell-ru)
if [ ${#PACKAGES[@]} -eq 0 ]; then
  exit 0
fi
source "$(dirname "$0")/apt_install.sh"
apt_install "${PACKAGES[@]}"
version="$(hunspell -v 2>&1 || true)"
echo "${version%%$'\n'*}"
