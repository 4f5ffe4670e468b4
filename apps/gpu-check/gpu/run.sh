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
# GPU_CHECK_TINY=1 (shrunken models: a quick smoke test of the flow), GPU_CHECK_WORK (/tmp/promptjam-gpu-check),
# GPU_CHECK_REUSE=1 (keep pipeline folders already built in the work dir: a rerun skips the export),
# GPU_CHECK_VARIANTS ("default nhwc nhwc-novalidation": WebGPU provider options to bench), GPU_CHECK_DECODERS ("full preview").
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CARRY=$HERE/carry
OUT=${OUT:-$PWD/gpu-check-results}
WORK=${GPU_CHECK_WORK:-/tmp/promptjam-gpu-check}
DEVICE=${GPU_CHECK_DEVICE:-webgpu}
MODELS=${GPU_CHECK_MODELS:-sdxl sd}
TINY=${GPU_CHECK_TINY:+--tiny}
VARIANTS=${GPU_CHECK_VARIANTS:-default nhwc nhwc-novalidation}
DECODERS=${GPU_CHECK_DECODERS:-full preview}
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
# The WebGPU provider options each bench variant runs with (their defaults are what these numbers decide).
variant_flags() {
  case $1 in
    default) ;;
    nhwc) echo --webgpu-layout NHWC ;;
    nhwc-novalidation) echo --webgpu-layout NHWC --webgpu-validation disabled ;;
    *) fail "unknown variant '$1' (default, nhwc, nhwc-novalidation)" ;;
  esac
}
# bench MODEL LABEL [provider flags...]: the GPU scenario alone, its report in bench-MODEL-LABEL.md, its table in the summary.
bench() {
  local model=$1 label=$2; shift 2
  PJ bench --quick --scenarios gpu --device "$DEVICE" --model "$WORK/models/$model" "$@" --out "$OUT/bench-$model-$label" >"$OUT/bench-$model-$label.md" 2>"$OUT/bench-$model-$label.log" || say "bench $model $label exited $?"
  summary "--- $model, $label provider options:"
  sed -n '/^### GPU figures/,$p' "$OUT/bench-$model-$label.md" | grep -E '^\||^Load|^Ran|^\*\*No GPU' | tee -a "$OUT/summary.txt"
}
: >"$OUT/summary.txt"
summary "promptjam GPU check $(date -Is), device $DEVICE, models: $MODELS${TINY:+ (tiny)}"
for model in $MODELS; do
  dir=$WORK/models/$model
  if [ -n "${GPU_CHECK_REUSE:-}" ] && [ -f "$dir/model_index.json" ]; then
    say "== 4. reusing the $model pipeline already built in $dir (GPU_CHECK_REUSE)"
  else
    say "== 4. build and export the $model pipeline (real architecture, random weights)"
    rm -rf "$dir"
    python3 "$HERE/build_models.py" --model "$model" --out "$dir" --tokenizer "$WORK/promptjam/clip-tokenizer" $TINY 2>&1 | grep -v -E 'TracerWarning|^\s+(if|assert|return) ' || fail "building $model"
  fi
  [ -f "$dir/model_index.json" ] || fail "building $model wrote no model_index.json"

  # The bench first (one engine load each: ~20 s for SDXL), so a run cut short still has the figures that matter.
  for variant in $VARIANTS; do
    [ "$variant" = default ] || [ "$DEVICE" = webgpu ] || continue
    say "== 5. promptjam bench --scenarios gpu on $DEVICE ($model, $variant provider options): stage breakdown, session creation and first runs, typing rooms per turn"
    bench "$model" "$variant" $(variant_flags "$variant")
  done

  say "== 6. promptjam generate on $DEVICE ($model): the CLI's own path, one frame with each decoder"
  for decoder in $DECODERS; do
    extra=()
    [ "$decoder" = preview ] && extra=(--preview-decoder "$dir/preview_decoder")
    PJ generate --device "$DEVICE" --model "$dir" --prompt "a lighthouse in a storm, $decoder decoder" --seed 7 --steps 1 "${extra[@]}" --out "$OUT/$model-$decoder.jpg" 2>&1 | tee -a "$OUT/generate-$model.txt" | grep -E '^wrote|loaded in|rror' || true
    summary "$model generate, $decoder decoder, 1 step: $(grep -E '^wrote|rror' "$OUT/generate-$model.txt" | tail -1)"
  done
done
say "done in $(($(date +%s) - T0)) s; results in $OUT (summary.txt first)"
cat "$OUT/summary.txt"
