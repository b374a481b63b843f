#!/usr/bin/env bash
# Peak resident memory of the server while a large file goes up to and comes back from the
# local backend. Usage: benches/media-memory.sh [size in MiB, default 1024]
# Prints VmHWM (the high-water mark of resident memory) before and after the transfer.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-1024}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/latih/target}"
cargo build -q -p latih-server
bin="$CARGO_TARGET_DIR/debug/latih"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
port=$((20000 + RANDOM % 20000))
export LATIH_LISTEN="127.0.0.1:$port" LATIH_LOG=warn
"$bin" seed --demo >/dev/null
"$bin" serve &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://$LATIH_LISTEN/healthz" >/dev/null && break; sleep 0.1; done
hwm() { awk '/VmHWM/ {print $2 " " $3}' "/proc/$pid/status"; }
echo "idle:                $(hwm)"

file="$work/video.mp4"
{ printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom'; head -c $((size_mib * 1024 * 1024 - 24)) /dev/urandom; } > "$file"
sha=$(sha256sum "$file" | cut -d' ' -f1)
bytes=$(stat -c %s "$file")
api="http://$LATIH_LISTEN/api/v1"
token=$(curl -sf "$api/auth/login" -H 'content-type: application/json' \
  -d '{"login": "instruktur@kupang.demo.latih.id", "password": "Demo-Latih-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
ticket=$(curl -sf "$api/media/uploads" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"filename\": \"video.mp4\", \"content_type\": \"video/mp4\", \"size\": $bytes, \"sha256\": \"$sha\", \"purpose\": \"lesson\"}")
id=$(printf '%s' "$ticket" | python3 -c 'import json,sys; print(json.load(sys.stdin)["media_id"])')
url=$(printf '%s' "$ticket" | python3 -c 'import json,sys; print(json.load(sys.stdin)["upload"]["url"])')
start=$(date +%s.%N)
curl -sf -X PUT -T "$file" -H 'content-type: video/mp4' "$url" >/dev/null
echo "after upload:        $(hwm)   ($(echo "$(date +%s.%N) - $start" | bc) s)"
start=$(date +%s.%N)
curl -sf -X POST "$api/media/$id/complete" -H "authorization: Bearer $token" -H 'content-type: application/json' -d '{}' >/dev/null
echo "after complete:      $(hwm)   ($(echo "$(date +%s.%N) - $start" | bc) s, SHA-256 and type check)"
location=$(curl -s -o /dev/null -w '%{redirect_url}' "$api/media/$id/download" -H "authorization: Bearer $token")
start=$(date +%s.%N)
curl -sf "$location" -o "$work/back.mp4"
echo "after download:      $(hwm)   ($(echo "$(date +%s.%N) - $start" | bc) s)"
cmp -s "$file" "$work/back.mp4" && echo "the downloaded file is identical (${size_mib} MiB)"
