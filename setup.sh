#!/usr/bin/env bash
# One-command set-up from a fresh clone: a virtualenv with the harness, its agent built and the
# simulated device's framework compiled. Needs Python 3.10+, Node.js 18+ with npm, and JDK 17.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
# Builds the Frida agent (npm ci with the committed lockfile + frida's compiler) and the
# simulated device's framework jar, both cached by content hash; then checks the machine.
.venv/bin/harness setup
echo
echo "Ready. Activate with: source .venv/bin/activate"
