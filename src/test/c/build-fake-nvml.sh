#!/bin/sh
# Builds the fake libnvidia-ml.so.1 (fake_nvml.c) for the tests, and a variant without nvmlDeviceGetMemoryInfo_v2:
#   <out>/libnvidia-ml.so.1  and  <out>/no-memory-v2/libnvidia-ml.so.1
# Called by Maven in the process-test-classes phase; rebuilds only when the source is newer than the output.
# Installs gcc with apt-get when it is missing and we are root; otherwise stops with what to install.
set -e
src=$1 out=$2
if [ -f "$out/libnvidia-ml.so.1" ] && [ "$out/libnvidia-ml.so.1" -nt "$src" ] && [ "$out/no-memory-v2/libnvidia-ml.so.1" -nt "$src" ]; then
  exit 0
fi
if ! command -v gcc >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[fake-nvml] gcc is missing: installing it with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc
  else
    echo "[fake-nvml] gcc is needed to build the fake NVML library the GPU tests load: install it (apt-get install gcc)" >&2
    exit 1
  fi
fi
mkdir -p "$out/no-memory-v2"
flags="-shared -fPIC -O2 -Wall -Wextra -Werror -fvisibility=hidden -Wl,-Bsymbolic -Wl,-soname,libnvidia-ml.so.1"
gcc $flags -o "$out/libnvidia-ml.so.1" "$src"
gcc $flags -DFAKE_NVML_NO_MEMORY_V2 -o "$out/no-memory-v2/libnvidia-ml.so.1" "$src"
echo "[fake-nvml] built $out/libnvidia-ml.so.1 and $out/no-memory-v2/libnvidia-ml.so.1"
