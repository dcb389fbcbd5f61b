#!/bin/bash
# The device tier on a machine with an NVIDIA driver, from the kit build-kit.sh made (unpacked in this script's
# folder): the JNA binding against the real libnvidia-ml.so.1 (RealNvmlDeviceTest) and the packaged gpu-agent
# against it with a fake kubelet (RealGpuAgentDeviceTest), first with the GPUs idle, then while a PyTorch program
# keeps them computing. Prints what nvidia-smi and our code read; exits non-zero when a test failed.
set -u
kit=$(cd "$(dirname "$0")" && pwd)
cd "$kit"
nvidia-smi || { echo "no NVIDIA driver here"; exit 2; }
nvidia-smi -q -d MEMORY,UTILIZATION | sed -n '/^GPU /,$p' | head -40

if ! ldconfig -p | grep -q 'libnvidia-ml.so.1 '; then
  found=$(find / -name 'libnvidia-ml.so.1' -not -path '/proc/*' 2>/dev/null | head -1)
  echo "libnvidia-ml.so.1 is not in the loader's cache; found: ${found:-nothing}"
  [ -n "$found" ] && export LD_LIBRARY_PATH="$(dirname "$found")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

export FUSION_DEVICE_RUNNER="$kit/runner"
tests() {
  echo "=== device tests, GPUs $1"
  FUSION_DEVICE_GPU_LOAD=$1 "$kit/jre/bin/java" -cp "$kit/test-classes:$kit/classes:$kit/lib/*" \
    org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=tree \
    --select-class io.fusionscaler.gpuagent.device.RealNvmlDeviceTest \
    --select-class io.fusionscaler.gpuagent.device.RealGpuAgentDeviceTest
}
status=0
tests idle || status=1

if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  # bf16 matrix products back to back on every GPU, 4 GiB held on each, until killed
  python3 -c '
import torch
gpus = range(torch.cuda.device_count())
held = [torch.empty(4 << 30, dtype=torch.uint8, device=f"cuda:{g}") for g in gpus]
pairs = [(torch.randn(8192, 8192, device=f"cuda:{g}", dtype=torch.bfloat16),) * 2 for g in gpus]
while True:
    for a, b in pairs:
        a @ b
' &
  load=$!
  for _ in $(seq 60); do
    busy=$(nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader,nounits | sort -n | head -1)
    [ "${busy:-0}" -ge 90 ] && break
    sleep 1
  done
  echo "load running (pid $load), lowest GPU utilization ${busy:-?} %"
  tests busy || status=1
  kill $load; wait $load 2>/dev/null
else
  echo "busy phase not run: no PyTorch with CUDA here"
  status=1
fi
exit $status
