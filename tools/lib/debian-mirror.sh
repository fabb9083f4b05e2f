#!/usr/bin/env bash
# Prints the Debian archive URI this machine's apt is configured with (deb822 *.sources or one-line *.list),
# so the tools use the site's own mirror and the repository names no mirror host.
# Usage: debian_mirror   (a function; source this file). Exit 1 with a message when none is configured.
debian_mirror() {
  local f uri codename
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  # deb822: the URIs of the stanza whose Suites name this release (bookworm), not a third-party or -security one.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk -v rel="$codename" 'BEGIN{RS="";FS="\n"}
      { u=""; s=""; for (i=1;i<=NF;i++) { if ($i ~ /^URIs:/) u=$i; if ($i ~ /^Suites:/) s=$i }
        if (u != "" && (" " s " ") ~ ("[ \t]" rel "[ \t]")) { sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit } }' "$f")"
    if [[ -n "$uri" ]]; then printf '%s\n' "${uri%/}"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri="$(awk -v rel="$codename" '$1=="deb" { for (i=2;i<NF;i++) if ($i ~ /:\/\// && $(i+1) == rel) { print $i; exit } }' "$f")"
    if [[ -n "$uri" ]]; then printf '%s\n' "${uri%/}"; return 0; fi
  done
  echo "error: no Debian archive found in the apt sources (/etc/apt/sources.list{,.d}); set DEBIAN_MIRROR" >&2
  return 1
}
