#!/bin/sh
# Cross-check of Sesame's linear probe: an independent numpy/scipy fit of the same objective (checked: test and
# generalization accuracy within 2 points at every layer), and scikit-learn's per-word binary logistic regression, a
# different objective (shown). scipy/scikit-learn are NOT project dependencies: Debian's python3-sklearn (which brings
# python3-scipy) is installed here when missing (needs root/apt). Usage: sh scripts/verify-sklearn.sh [out-dir]
set -eu
cd "$(dirname "$0")/.."
# Debian's interpreter: that is where python3-sklearn lands (a pyenv python3 earlier on PATH would not see it).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import sklearn, scipy' 2>/dev/null; then
  echo "installing Debian's python3-sklearn and python3-scipy (verification only)..."
  if [ "$(id -u)" = 0 ]; then APT="apt-get"; else APT="sudo apt-get"; fi
  $APT update -qq && DEBIAN_FRONTEND=noninteractive $APT install -y -qq python3-sklearn python3-scipy >/dev/null
fi
OUT="${1:-reports/sklearn-check}"
npx tsx scripts/verify-sklearn.ts "$OUT"
"$PY" scripts/verify-sklearn.py "$OUT"
