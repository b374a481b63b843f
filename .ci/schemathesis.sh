#!/usr/bin/env bash
# The OpenAPI document against the running server, with Schemathesis: a debug `latih` on a free
# loopback port, a temp data folder on SQLite seeded with the demo organization, the demo org
# admin's token, every phase (examples, coverage, fuzzing, stateful) from a fixed seed within a
# time budget. Any failure (a 500, a status, header, content type or body the document does not
# describe, an operation that works without its token, a deleted resource still there) fails the
# run. Two checks are left out until the code meets them: `positive_data_acceptance` (the schemas
# do not yet carry every validation rule, such as NIP and length limits, so valid-looking data is
# refused) and `unsupported_method` (a documented path asked with another method answers 404, not
# 405). Called by .ci/run after the tests; runs on its own too.
#
#   LATIH_SCHEMATHESIS_SECONDS  time budget of the run (default 330)
#   LATIH_SCHEMATHESIS_SEED     generation seed (default 1)
#   LATIH_CI_CACHE              where the Schemathesis virtualenv is kept (default /var/cache/latih)
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
budget="${LATIH_SCHEMATHESIS_SECONDS:-330}"
seed="${LATIH_SCHEMATHESIS_SEED:-1}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/latih/target}"

venv="${LATIH_CI_CACHE:-/var/cache/latih}/schemathesis-$version"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$version"; then
  echo "installing schemathesis $version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

cargo build --quiet -p latih-server
latih="$CARGO_TARGET_DIR/debug/latih"

work="$(mktemp -d)"
server=""
finish() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap finish EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
unset LATIH_DATABASE_URL LATIH_STORAGE LATIH_CONFIG
export LATIH_DATA_DIR="$work/data" LATIH_LISTEN="127.0.0.1:$port" LATIH_PUBLIC_URL="$base"
export LATIH_ACCESS_TOKEN_TTL_SECS=3600 LATIH_LOG="${LATIH_LOG:-warn}"

"$latih" seed --demo
"$latih" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

login='{"login": "admin@kupang.demo.latih.id", "password": "Demo-Latih-2026"}'
token="$(curl -fsS -H 'content-type: application/json' -d "$login" "$base/api/v1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

# Schemathesis keeps replay data in the folder it runs in: the temp folder, not the clone.
config="$PWD/.ci/schemathesis.toml"
cd "$work"
status=0
"$venv/bin/schemathesis" --config-file "$config" run "$base/openapi.json" \
  --seed "$seed" \
  --phases examples,coverage,fuzzing,stateful \
  --checks all --exclude-checks positive_data_acceptance,unsupported_method \
  --header "Authorization: Bearer $token" \
  --max-time "$budget" \
  --request-timeout 30 \
  --generation-database none \
  --no-color || status=$?

if [[ $status -ne 0 ]]; then
  echo "schemathesis found failures; the server's warnings and errors:" >&2
  tail -n 50 "$work/server.log" >&2
fi
exit "$status"
