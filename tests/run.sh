#!/usr/bin/env bash
# The one test command. On a fresh machine it installs what is missing (PostgreSQL's server
# binaries from Debian's packages, buf from npm), builds with warnings as errors, lints the
# protos with buf, runs every test, prints the totals and fails if any test failed or was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# PostgreSQL: the tests start their own throwaway cluster, so only the binaries are needed.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "Installing PostgreSQL from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  # Debian starts a cluster of its own on install; the tests do not use it.
  as_root service postgresql stop >/dev/null 2>&1 || true
fi
# initdb refuses to run as root: the test fixture then runs it as 'postgres', which must exist.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi

# Chromium renders the problem-profile report in a test (headless).
if ! command -v chromium >/dev/null 2>&1; then
  say "Installing Chromium from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

# buf and the google/api protos come from npm, pinned by tools/package-lock.json.
if [ ! -x tools/node_modules/.bin/buf ]; then
  say "Installing buf and the google/api protos from npm"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi

say "Building (warnings are errors)"
dotnet build IntelHub.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

say "Linting the public API with buf"
tools/node_modules/.bin/buf lint

say "Running every test"
results=$(mktemp -d)
set +e
dotnet test IntelHub.sln -c Release --no-build --nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal"
test_exit=$?
set -e

# Totals from the TRX files (one per test project).
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  attr() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(attr total); executed=$(attr executed); p=$(attr passed); f=$(attr failed); e=$(attr error)
  passed=$((passed + p)); failed=$((failed + f + e + executed - p - f)); skipped=$((skipped + total - executed))
done
rm -rf "$results"

echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then echo "No test ran: that is a failure." >&2; exit 1; fi
if [ "$skipped" -gt 0 ]; then echo "Skipped tests prove nothing: make them run." >&2; exit 1; fi
if [ "$failed" -gt 0 ] || [ "$test_exit" -ne 0 ]; then exit 1; fi
