#!/usr/bin/env bash
# setup.sh — install what sinter needs to build and test (Debian bookworm), then configure.
# Idempotent: when everything is present it prints one line and installs nothing.
set -euo pipefail

packages=(build-essential cmake ninja-build llvm-16-dev libyaml-cpp-dev libdnnl-dev ocl-icd-opencl-dev libeigen3-dev catch2 libzstd-dev zlib1g-dev pkg-config libcairo2-dev fonts-dejavu-core)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies present"
else
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: done"
fi
