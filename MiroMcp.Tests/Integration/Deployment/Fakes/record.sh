# Sourced by the fakes: appends one JSON line {tool, args, stdin} to $FAKE_STATE/calls.jsonl. Arguments travel to
# jq base64-encoded on stdin, so that none of them is read as a jq option.
record_call() { # tool stdin args...
  local tool="$1" stdin="$2" args
  shift 2
  args=$(for a in "$@"; do printf '%s' "$a" | base64 -w0; echo; done | jq -R '@base64d' | jq -sc '.')
  printf '%s' "$stdin" | jq -Rsc --arg tool "$tool" --argjson args "$args" '{tool: $tool, args: $args, stdin: .}' \
    >>"$FAKE_STATE/calls.jsonl"
}
