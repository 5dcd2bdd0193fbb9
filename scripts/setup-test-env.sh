#!/usr/bin/env bash
# Makes the machine ready for the integration and browser tests:
#   1. a moto 5.2.1 server binary (the AWS stand-in), path written to .tmp/moto-server-bin
#   2. Chromium at /usr/bin/chromium (driven by Playwright)
# Idempotent and silent when everything is already present.
set -euo pipefail

MOTO_VERSION=5.2.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/.tmp"
bin_file="$root/.tmp/moto-server-bin"

# Prints the moto version importable by the interpreter that runs the given moto_server script.
moto_version_of() {
  local server="$1" interpreter
  # The console script's shebang names its interpreter; a pyenv shim has a bash shebang instead,
  # so resolve shims to the real script first.
  if command -v pyenv >/dev/null 2>&1 && [[ "$server" == */shims/* ]]; then
    server="$(pyenv which moto_server 2>/dev/null)" || return 1
  fi
  interpreter="$(head -n1 "$server" | sed -n 's/^#!//p')"
  [[ -n "$interpreter" ]] || return 1
  # shellcheck disable=SC2086 # the shebang may carry arguments (e.g. "/usr/bin/env python3")
  $interpreter -c 'import moto; print(moto.__version__)' 2>/dev/null
}

# Resolves a moto_server that really is $MOTO_VERSION, printing its absolute (shim-free) path.
find_moto() {
  local candidate real
  # A previous choice is reused when it still works: this keeps repeated runs fast.
  if [[ -s "$bin_file" ]]; then
    candidate="$(cat "$bin_file")"
    if [[ -x "$candidate" ]] && [[ "$(moto_version_of "$candidate")" == "$MOTO_VERSION" ]]; then
      echo "$candidate"
      return 0
    fi
  fi
  for candidate in "$root/.venv/bin/moto_server" "$(command -v moto_server || true)"; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    [[ "$(moto_version_of "$candidate")" == "$MOTO_VERSION" ]] || continue
    real="$candidate"
    # Skipping the pyenv shim saves a bash process and ~100 ms on every server start.
    if command -v pyenv >/dev/null 2>&1 && [[ "$candidate" == */shims/* ]]; then
      real="$(pyenv which moto_server)"
    fi
    echo "$real"
    return 0
  done
  return 1
}

if ! moto_bin="$(find_moto)"; then
  echo "setup-test-env: installing moto[server]==$MOTO_VERSION into .venv" >&2
  python3 -m venv "$root/.venv"
  "$root/.venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  moto_bin="$(find_moto)" || {
    echo "setup-test-env: moto $MOTO_VERSION still not usable after installing into .venv" >&2
    exit 1
  }
fi
# Only rewrite when it changed so the file's mtime stays meaningful.
if [[ ! -s "$bin_file" || "$(cat "$bin_file")" != "$moto_bin" ]]; then
  printf '%s\n' "$moto_bin" >"$bin_file"
fi

if [[ ! -x /usr/bin/chromium ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "setup-test-env: Chromium is missing; run: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
  echo "setup-test-env: installing Chromium (about 30 s)" >&2
  export DEBIAN_FRONTEND=noninteractive
  # apt is chatty even with -qq (debconf notices); show its output only when it fails.
  log="$root/.tmp/apt-chromium.log"
  if ! { apt-get update -qq && apt-get install -y -qq chromium; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
fi
