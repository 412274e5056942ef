#!/usr/bin/env bash
# Writes a mosquitto password file for fleetjobs: make-passwords.sh FILE USER:PASSWORD...
#   make-passwords.sh /etc/mosquitto/fleetjobs/passwd fleetjobs:"$SERVER_SECRET" sensor-1:"$S1" sensor-2:"$S2"
# USER is `fleetjobs` for the server and the thing name for a device. FILE is replaced. Needs
# mosquitto_passwd (Debian package mosquitto).
set -euo pipefail
if [ "$#" -lt 2 ]; then
  echo "usage: $0 FILE USER:PASSWORD..." >&2
  exit 2
fi
file="$1"
shift
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
for pair in "$@"; do
  user="${pair%%:*}"
  password="${pair#*:}"
  if [ -z "$user" ] || [ "$user" = "$pair" ] || [ -z "$password" ]; then
    echo "$0: '$pair' is not USER:PASSWORD" >&2
    exit 2
  fi
  case "$user" in
    *[!a-zA-Z0-9:_-]*) echo "$0: '$user' is not a valid thing name ([a-zA-Z0-9:_-]+)" >&2; exit 2 ;;
  esac
  mosquitto_passwd -b "$tmp" "$user" "$password"
done
install -m 600 "$tmp" "$file"
echo "$0: wrote $# account(s) to $file"
