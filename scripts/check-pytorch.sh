#!/usr/bin/env bash
# PyTorch itself against our checkpoints, both ways (not in CI: PyTorch's wheel on PyPI
# is the CUDA build, several GB with its dependencies):
#   1. lesson 07 trains one epoch and saves its classifier; PyTorch loads the file into the
#      seed notebook's Classifier with load_state_dict(strict=True) and gets the same mean
#      test accuracy as the lesson printed;
#   2. PyTorch trains the same Classifier one epoch and saves its state_dict as safetensors;
#      `lesson-07-fashion-mnist --evaluate` reads it and prints the same accuracy.
# Makes its own virtual environment (.venv-pytorch, or $PYTORCH_VENV) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${PYTORCH_VENV:-$PWD/.venv-pytorch}
DATA=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
[ -f "$DATA/t10k-images-idx3-ubyte.gz" ] || DATA=$PWD/data/fashion-mnist
[ -f "$DATA/t10k-images-idx3-ubyte.gz" ] || { echo "error: no Fashion-MNIST; run make deps (or set FASHION_MNIST_DIR)"; exit 1; }

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import torch, safetensors, numpy" 2>/dev/null; then
    echo "Creating $VENV with PyTorch (a large download, once) ..."
    python3 -m venv "$VENV" || { echo "error: cannot create $VENV; install python3-venv (make deps)"; exit 1; }
    # A CPU-only wheel that pip's find-links offer on this machine comes first (PyPI's is the CUDA build).
    "$VENV/bin/python" -m pip install --quiet --no-index --no-deps torch 2>/dev/null || true
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check torch safetensors numpy
fi
PY="$VENV/bin/python"
swift build --product lesson-07-fashion-mnist
LESSON=$(swift build --show-bin-path)/lesson-07-fashion-mnist
WORK=$(mktemp -d -t check-pytorch.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# Runs lesson 07 with its output into $1, its progress bars and errors shown only if it fails.
lesson() {
    local out=$1; shift
    "$LESSON" --lang en --no-figures --data-dir "$DATA" "$@" > "$out" 2> "$WORK/stderr.txt" \
        || { cat "$WORK/stderr.txt"; echo "error: lesson-07-fashion-mnist $* failed"; exit 1; }
}
accuracy() { sed -n 's/^.*mean_accuracy: \([0-9.]*\) %.*$/\1/p' "$1" | head -1; }

echo "1. lesson 07's checkpoint in PyTorch"
lesson "$WORK/lesson.txt" --epochs 1 --logdir "$WORK/runs"
"$PY" scripts/check_pytorch.py load "$WORK/runs/loop/version_0/classifier.safetensors" "$DATA" "$(accuracy "$WORK/lesson.txt")"

echo "2. PyTorch's checkpoint in lesson 07"
expected=$("$PY" scripts/check_pytorch.py save "$WORK/torch.safetensors" "$DATA")
lesson "$WORK/evaluate.txt" --evaluate "$WORK/torch.safetensors"
got=$(accuracy "$WORK/evaluate.txt")
echo "lesson 07: mean_accuracy $got % (PyTorch computed $expected %)"
awk -v a="$got" -v b="$expected" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.011) }' \
    || { echo "error: the accuracies differ"; exit 1; }
echo "PyTorch and lesson 07 agree both ways."
