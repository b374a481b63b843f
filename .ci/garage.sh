# Sourced by .ci/run: a single-node Garage (an S3-compatible object store written in Rust) on
# loopback, with a bucket and a key, for the media suites. The binary is built once with
# `cargo install garage` (about 13 minutes on 2 cores) into a folder that outlives the clone,
# and reused when it is there. Exports LATIH_TEST_S3_* and AWS_* for the tests.

GARAGE_ROOT="${GARAGE_ROOT:-/var/cache/latih/garage}"
GARAGE="$GARAGE_ROOT/bin/garage"
garage_started=$SECONDS

if ! "$GARAGE" --version >/dev/null 2>&1; then
  if command -v garage >/dev/null 2>&1; then
    GARAGE=$(command -v garage)
  else
    echo "building Garage (once per machine)"
    CARGO_TARGET_DIR="${GARAGE_ROOT}-build" cargo install garage --locked --root "$GARAGE_ROOT" --quiet
  fi
fi
"$GARAGE" --version

GARAGE_DIR=$(mktemp -d)
cat > "$GARAGE_DIR/garage.toml" <<TOML
metadata_dir = "$GARAGE_DIR/meta"
data_dir = "$GARAGE_DIR/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:3901"
rpc_public_addr = "127.0.0.1:3901"
rpc_secret = "$(openssl rand -hex 32 2>/dev/null || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:3900"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:3903"
admin_token = "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TOML

# A Garage left over from an interrupted run would hold the ports.
pkill -f "garage -c .*/garage.toml server" 2>/dev/null || true
g() { "$GARAGE" -c "$GARAGE_DIR/garage.toml" "$@"; }
g server > "$GARAGE_DIR/server.log" 2>&1 &
GARAGE_PID=$!
for _ in $(seq 1 100); do
  g status >/dev/null 2>&1 && break
  sleep 0.2
done
NODE_ID=$(g node id -q | cut -d@ -f1)
g layout assign -z dc1 -c 1G "$NODE_ID" >/dev/null
g layout apply --version 1 >/dev/null
g bucket create latih >/dev/null
KEY_INFO=$(g key create latih-key)
AWS_ACCESS_KEY_ID=$(printf '%s\n' "$KEY_INFO" | awk -F': *' '/Key ID/ {print $2; exit}')
AWS_SECRET_ACCESS_KEY=$(printf '%s\n' "$KEY_INFO" | awk -F': *' '/Secret key/ {print $2; exit}')
if [ -z "$AWS_SECRET_ACCESS_KEY" ]; then
  AWS_SECRET_ACCESS_KEY=$(g key info latih-key --show-secret | awk -F': *' '/Secret key/ {print $2; exit}')
fi
g bucket allow --read --write --owner latih --key latih-key >/dev/null
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
export AWS_REGION=garage
export LATIH_TEST_S3_ENDPOINT=http://127.0.0.1:3900
export LATIH_TEST_S3_BUCKET=latih
export LATIH_TEST_S3_REGION=garage
echo "Garage ready on 127.0.0.1:3900 in $((SECONDS - garage_started))s (key $AWS_ACCESS_KEY_ID)"
