#!/usr/bin/env bash
# Runs Keycloak's build step (Quarkus augmentation) once for the options every local start
# uses, so that `kc.sh start --optimized` starts in seconds instead of re-building (~40 s on
# 2 cores). Skipped when the distribution was already built with the same options.
#
#   keycloak-build.sh KEYCLOAK_HOME
set -euo pipefail
home=$1
options=(--db=dev-file --health-enabled=true --features-disabled=kerberos)
marker="$home/lib/quarkus/twd-build-options"
if [[ -f "$marker" && "$(cat "$marker")" == "${options[*]}" ]]; then
  echo "Keycloak already built with: ${options[*]}"
  exit 0
fi
echo "Keycloak build step: ${options[*]}"
JAVA_OPTS="-Xms64m -Xmx384m -XX:+UseSerialGC" bash "$home/bin/kc.sh" build "${options[@]}"
printf '%s' "${options[*]}" >"$marker"
