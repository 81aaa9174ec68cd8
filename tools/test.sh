#!/usr/bin/env bash
# The test command: installs what the suites need when it is missing, starts PostgreSQL, and runs every suite on
# SQLite and PostgreSQL. Safe to run again: whatever is already installed or running is left as it is.
#   - poppler-utils (pdftotext, pdffonts, pdfinfo, pdfsig, pdftoppm): the document tests judge produced PDFs with them
#   - zbar-tools (zbarimg): the QR code printed on documents is decoded back
#   - libnss3-tools (certutil): pdfsig gets a certificate database that trusts the local CA
#   - chromium and fonts-arphic-ukai: the browser tests drive Debian's Chromium (Playwright) and screenshot Chinese pages
#   - postgresql: engine and program tests run against a real server as well as SQLite
# Installing needs root (or sudo) and Debian's apt. Without arguments it first checks the layout against .editorconfig
# (dotnet format whitespace); arguments are passed to `dotnet test` (e.g. --filter Journal) and skip that check.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -E "$@"
  else echo "tools/test.sh: installing $* needs root or sudo" >&2; exit 1
  fi
}

missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-arphic-ukai)
command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "tools/test.sh: installing ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

read -r pg_version pg_cluster _ < <(pg_lsclusters -h | head -n 1)
as_root pg_ctlcluster "$pg_version" "$pg_cluster" start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h localhost && break; sleep 1; done
as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres';\""
export PAIRING_TEST_PG="${PAIRING_TEST_PG:-Host=localhost;Username=postgres;Password=postgres}"
export PAIRING_REQUIRE_PG=1

# A full run also holds the code to .editorconfig's layout (a few seconds); a filtered run skips it.
if [ $# -eq 0 ]; then
  dotnet format whitespace Pairing.sln --verify-no-changes || { echo "tools/test.sh: run 'dotnet format whitespace Pairing.sln' to fix the layout" >&2; exit 1; }
fi

log=$(mktemp)
set +e
dotnet test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit "$status"
