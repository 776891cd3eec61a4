#!/bin/sh
# Cross-check of Sesame's linear probe against scikit-learn's logistic regression (a reference implementation).
# scikit-learn is NOT a project dependency: Debian's python3-sklearn is installed here when missing (needs root/apt).
set -eu
cd "$(dirname "$0")/.."
# Debian's interpreter: that is where python3-sklearn lands (a pyenv python3 earlier on PATH would not see it).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import sklearn' 2>/dev/null; then
  echo "installing Debian's python3-sklearn (verification only)..."
  if [ "$(id -u)" = 0 ]; then APT="apt-get"; else APT="sudo apt-get"; fi
  $APT update -qq && DEBIAN_FRONTEND=noninteractive $APT install -y -qq python3-sklearn >/dev/null
fi
OUT="${1:-reports/sklearn-check}"
npx tsx scripts/verify-sklearn.ts "$OUT"
"$PY" scripts/verify-sklearn.py "$OUT"
