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
echo "Нет ${PACKAGES[*]}: ставлю из репозитория Debian…" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
hunspell -v | head -n 1
