#!/bin/sh
# changeboard-gate.sh — ask Changeboard's pipeline gate whether a deployment may
# run now, and wait while the answer is PENDING.
#
#   changeboard-gate.sh [-u BASE_URL] -s SERVICE [-s SERVICE…] [-d DURATION] [-c CHANGE] [-a AT] [-w WAIT_SECONDS]
#
# Every option has an environment variable (options win):
#   CHANGEBOARD_URL           base URL of Changeboard, e.g. https://cab.example.org
#   CHANGEBOARD_SERVICES      services, comma-separated (ids or exact names)
#   CHANGEBOARD_DURATION      how long the deployment runs: ISO 8601 (PT45M, PT2H) or minutes; default 30
#   CHANGEBOARD_CHANGE        the change that authorises it: CHG-000123 or its id (optional)
#   CHANGEBOARD_AT            ISO time the deployment starts (optional; default: now, asked afresh on each retry)
#   CHANGEBOARD_WAIT_SECONDS  how long to keep waiting while PENDING; default 900, 0 = do not wait
#   CHANGEBOARD_TOKEN         API token, sent as "Authorization: Bearer …" (never on the command line)
#   CHANGEBOARD_COOKIE        alternatively a browser session cookie header value ("name=value; …")
#
# Exit status: 0 ALLOW · 2 DENY, or no usable answer (fail closed) · 75 still PENDING after the wait
# (EX_TEMPFAIL: try again later) · 64 usage error. Needs curl and jq.
set -u

usage() {
  sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

url=${CHANGEBOARD_URL:-}
services=$(printf '%s' "${CHANGEBOARD_SERVICES:-}" | tr ',' '\n')
duration=${CHANGEBOARD_DURATION:-}
change=${CHANGEBOARD_CHANGE:-}
at=${CHANGEBOARD_AT:-}
wait_seconds=${CHANGEBOARD_WAIT_SECONDS:-900}
from_options=''

while getopts 'u:s:d:c:a:w:h' option; do
  case $option in
    u) url=$OPTARG ;;
    s) from_options="$from_options$OPTARG
" ;;
    d) duration=$OPTARG ;;
    c) change=$OPTARG ;;
    a) at=$OPTARG ;;
    w) wait_seconds=$OPTARG ;;
    *) usage ;;
  esac
done
[ -n "$from_options" ] && services=$from_options

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "changeboard-gate: $tool is required" >&2; exit 64; }
done
[ -n "$url" ] || { echo 'changeboard-gate: set CHANGEBOARD_URL or pass -u' >&2; usage; }
[ -n "$(printf '%s' "$services" | tr -d '[:space:]')" ] || { echo 'changeboard-gate: name at least one service (-s or CHANGEBOARD_SERVICES)' >&2; usage; }
case $wait_seconds in '' | *[!0-9]*) echo 'changeboard-gate: the wait must be whole seconds' >&2; exit 64 ;; esac

body=$(mktemp) || exit 2
trap 'rm -f "$body"' EXIT INT TERM

# One question: prints the HTTP status; the answer goes to $body. Credentials are
# passed to curl on stdin (-H @-), so they never appear in the process list.
ask() {
  set -- -sS -G --max-time 30 -o "$body" -w '%{http_code}' -H @- -H 'Accept: application/json'
  old_ifs=$IFS
  IFS='
'
  for service in $services; do
    [ -n "$service" ] && set -- "$@" --data-urlencode "service=$service"
  done
  IFS=$old_ifs
  [ -n "$duration" ] && set -- "$@" --data-urlencode "duration=$duration"
  [ -n "$change" ] && set -- "$@" --data-urlencode "change=$change"
  [ -n "$at" ] && set -- "$@" --data-urlencode "at=$at"
  {
    [ -n "${CHANGEBOARD_TOKEN:-}" ] && printf 'Authorization: Bearer %s\n' "$CHANGEBOARD_TOKEN"
    [ -n "${CHANGEBOARD_COOKIE:-}" ] && printf 'Cookie: %s\n' "$CHANGEBOARD_COOKIE"
    true
  } | curl "$@" "${url%/}/api/v1/gate"
}

reasons() {
  jq -r '.reasons[]? | "  - \(.code): \(.message)"' "$body" 2>/dev/null
}

deadline=$(( $(date +%s) + wait_seconds ))
while :; do
  status=$(ask) || status=000
  if [ "$status" != 200 ]; then
    message=$(jq -r '.error.message // empty' "$body" 2>/dev/null)
    echo "changeboard-gate: DENY — no usable answer from $url (HTTP $status)${message:+: $message}" >&2
    exit 2
  fi
  decision=$(jq -r '.decision // "DENY"' "$body" 2>/dev/null) || decision=DENY
  change_ref=$(jq -r 'if .change then "\(.change.number) (\(.change.status), revision \(.change.revision))" else "no change" end' "$body" 2>/dev/null)
  case $decision in
    ALLOW)
      echo "changeboard-gate: ALLOW — $change_ref, valid until $(jq -r '.validUntil' "$body")"
      exit 0
      ;;
    PENDING)
      retry=$(jq -r '.retryAfterSeconds // 60' "$body")
      remaining=$(( deadline - $(date +%s) ))
      if [ "$remaining" -le 0 ]; then
        echo "changeboard-gate: PENDING — $change_ref; gave up waiting (retry after ${retry}s):" >&2
        reasons >&2
        exit 75
      fi
      [ "$retry" -gt "$remaining" ] && retry=$remaining
      echo "changeboard-gate: PENDING — $change_ref; asking again in ${retry}s:" >&2
      reasons >&2
      sleep "$retry"
      ;;
    *)
      echo "changeboard-gate: DENY — $change_ref:" >&2
      reasons >&2
      exit 2
      ;;
  esac
done
