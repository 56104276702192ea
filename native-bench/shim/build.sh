#!/usr/bin/env bash
# Builds native-bench/build/libxks-shim.so from native-bench/shim/shim.c.
# Idempotent: does nothing when the .so is newer than shim.c and this script.
# Installs libp11-kit-dev (for <p11-kit/pkcs11.h>) with apt-get when the header is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
src="$here/shim.c"
outdir="$root/native-bench/build"
out="$outdir/libxks-shim.so"
header=/usr/include/p11-kit-1/p11-kit/pkcs11.h

if [[ -f "$out" && "$out" -nt "$src" && "$out" -nt "${BASH_SOURCE[0]}" ]]; then
  echo "$out"
  exit 0
fi

if [[ ! -f "$header" ]]; then
  echo "[xks-shim] $header missing: apt-get install -y libp11-kit-dev" >&2
  sudo_cmd=()
  if [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libp11-kit-dev >&2
  [[ -f "$header" ]] || { echo "[xks-shim] libp11-kit-dev installed but $header not found" >&2; exit 1; }
fi

mkdir -p "$outdir"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
cc -O2 -fPIC -shared -Wall -Wextra -I/usr/include/p11-kit-1 -o "$tmp" "$src" -ldl -lpthread >&2
mv -f "$tmp" "$out"
echo "$out"
