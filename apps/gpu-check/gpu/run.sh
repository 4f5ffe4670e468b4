#!/usr/bin/env bash
# promptjam GPU check: the whole engine on onnxruntime-node's WebGPU execution provider, on real-architecture
# SDXL-Turbo and SD-Turbo pipelines (published configs, random weights, fp16), with per-stage times.
#
#   bash run.sh            (from the unpacked bundle that `pnpm gpu-check:pack` made; no network, no node needed)
#
# Needs on the host: bash, Python 3 with torch (CUDA) + transformers + onnx, dpkg (only if libvulkan.so.1 is
# missing), the GPU driver. Node, onnxruntime-node (Linux x64), diffusers' source and Debian's libvulkan1 travel in
# carry/. Writes everything under $OUT (default ./gpu-check-results): log.txt, summary.txt, doctor.json,
# generate-*.txt, bench-*/.
# Knobs: GPU_CHECK_DEVICE (webgpu; `cpu` runs the same flow without a GPU), GPU_CHECK_MODELS ("sdxl sd"),
# GPU_CHECK_TINY=1 (shrunken models: a quick smoke test of the flow), GPU_CHECK_WORK (/tmp/promptjam-gpu-check).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CARRY=$HERE/carry
OUT=${OUT:-$PWD/gpu-check-results}
WORK=${GPU_CHECK_WORK:-/tmp/promptjam-gpu-check}
DEVICE=${GPU_CHECK_DEVICE:-webgpu}
MODELS=${GPU_CHECK_MODELS:-sdxl sd}
TINY=${GPU_CHECK_TINY:+--tiny}
mkdir -p "$OUT" "$WORK"
exec > >(tee "$OUT/log.txt") 2>&1
T0=$(date +%s)
say() { echo "[$(date +%T) +$(($(date +%s) - T0))s] $*"; }
fail() { say "FAILED: $*"; exit 1; }

say "== 0. bundle integrity"
if command -v sha256sum >/dev/null; then (cd "$HERE" && sha256sum --quiet -c MANIFEST.sha256) || fail "carried files do not match MANIFEST.sha256 (re-copy the bundle)"; fi
cat "$HERE/manifest.json" 2>/dev/null | head -c 2000; echo

say "== 1. unpack node, promptjam, diffusers (Python's lzma, no xz needed)"
python3 "$HERE/unpack.py" "$CARRY/node.xz" "$WORK/node" && chmod +x "$WORK/node" || fail "unpacking node"
rm -rf "$WORK/promptjam" && python3 "$HERE/unpack.py" "$CARRY/promptjam.tar.xz" "$WORK" || fail "unpacking promptjam"
mkdir -p "$WORK/diffusers" && python3 "$HERE/unpack.py" "$CARRY/diffusers-src.tar.xz" "$WORK/diffusers" || fail "unpacking diffusers"
export PYTHONPATH=$WORK/diffusers/src${PYTHONPATH:+:$PYTHONPATH} PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
PJ() { "$WORK/node" "$WORK/promptjam/dist/main.js" "$@"; }
"$WORK/node" --version
python3 -c "import torch, transformers, onnx, diffusers; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'transformers', transformers.__version__, 'onnx', onnx.__version__, 'diffusers', diffusers.__version__)" || fail "Python needs torch, transformers and onnx"

say "== 2. Vulkan loader (Dawn drives the GPU through it on Linux)"
if ! ldconfig -p | grep -q 'libvulkan\.so\.1 '; then
  deb=$(ls "$CARRY"/debs/libvulkan1_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || fail "no libvulkan.so.1 on this host and none carried"
  # Unpacked beside the work dir, not installed: no root needed, nothing on the host changes.
  dpkg -x "$deb" "$WORK/vulkan" || fail "dpkg -x $deb"
  export LD_LIBRARY_PATH=$(dirname "$(find "$WORK/vulkan" -name 'libvulkan.so.1' | head -1)")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  say "using the carried loader: LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
fi
# GPU containers often mount NVIDIA's ICD outside the loader's search path.
if [ -z "${VK_DRIVER_FILES:-}" ] && ! ls /etc/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/*.json >/dev/null 2>&1; then
  icd=$(ls /usr/local/nvidia/share/vulkan/icd.d/*.json /usr/local/share/vulkan/icd.d/*.json 2>/dev/null | head -1)
  [ -n "$icd" ] && export VK_DRIVER_FILES=$icd && say "VK_DRIVER_FILES=$icd"
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

say "== 3. promptjam doctor --device $DEVICE"
PJ doctor --device "$DEVICE" --skip-ports --json >"$OUT/doctor.json"
grep -A3 '"provider webgpu"' "$OUT/doctor.json" || true

summary() { echo "$*" | tee -a "$OUT/summary.txt"; }
: >"$OUT/summary.txt"
summary "promptjam GPU check $(date -Is), device $DEVICE, models: $MODELS${TINY:+ (tiny)}"
for model in $MODELS; do
  dir=$WORK/models/$model
  say "== 4. build and export the $model pipeline (real architecture, random weights)"
  rm -rf "$dir"
  python3 "$HERE/build_models.py" --model "$model" --out "$dir" --tokenizer "$CARRY/clip-tokenizer" $TINY 2>&1 | grep -v -E 'TracerWarning|^\s+(if|assert|return) ' || fail "building $model"
  [ -f "$dir/model_index.json" ] || fail "building $model wrote no model_index.json"

  say "== 5. promptjam generate on $DEVICE ($model): new prompt each run, full VAE and preview decoder, 1 and 4 steps"
  for variant in "full 1" "full 4" "preview 1"; do
    set -- $variant
    extra=()
    [ "$1" = preview ] && extra=(--preview-decoder "$dir/preview_decoder")
    for i in 1 2 3; do
      PJ generate --device "$DEVICE" --model "$dir" --prompt "a lighthouse in a storm, take $i" --seed "$i" --steps "$2" "${extra[@]}" --out "$OUT/$model-$1-$2-$i.jpg" 2>&1 | tee -a "$OUT/generate-$model.txt" | grep -E '^wrote|loaded in|error' || true
    done
    summary "$model $1 decoder, $2 step(s): $(grep '^wrote' "$OUT/generate-$model.txt" | tail -1 | sed 's/.* in //')"
  done

  say "== 6. provider options (defaults are to be decided by these numbers): NHWC layout, validation off"
  for option in "--webgpu-layout NHWC" "--webgpu-validation disabled"; do
    [ "$DEVICE" = webgpu ] || break
    PJ generate --device "$DEVICE" --model "$dir" --prompt "a lighthouse in a storm" --steps 1 $option --out "$OUT/$model-option.jpg" 2>&1 | tee -a "$OUT/generate-$model.txt" | grep -E '^wrote|error' || true
    summary "$model $option: $(grep -E '^wrote|rror' "$OUT/generate-$model.txt" | tail -1 | sed 's/.* in //')"
  done

  say "== 7. promptjam bench --device $DEVICE --model $model (stage breakdown, session creation and first runs)"
  PJ bench --quick --scenarios engine --device "$DEVICE" --model "$dir" --out "$OUT/bench-$model" >"$OUT/bench-$model.md" 2>"$OUT/bench-$model.log" || say "bench exited $?"
  grep -A30 -i 'GPU figures\|stage' "$OUT/bench-$model.md" | head -60
done
say "done in $(($(date +%s) - T0)) s; results in $OUT (summary.txt first)"
cat "$OUT/summary.txt"
