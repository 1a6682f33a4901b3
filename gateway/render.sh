#!/bin/sh
# Renders gateway/nginx.conf.template from the environment into $GATEWAY_PREFIX/nginx.conf. The one
# renderer of the gateway's configuration: the image's entrypoint runs it before nginx starts (with
# its defaults: all interfaces, logs to stdout and stderr), ./twd up and the testkit's Gateway run it
# with the local settings. Environment:
#   GATEWAY_PORT             the port nginx listens on (required)
#   GATEWAY_LISTEN_HOST      the address it listens on; empty (the default): every interface
#   WEB_ROOT                 the built web front end (web/target/dist), served at /
#   OIDC_ISSUER              the identity provider's issuer the page signs in with
#   SHOP_SERVERS ... MYPAGE_SERVERS
#                            each service's upstream servers, e.g. "server shop:8081;"
#   GATEWAY_SERVICE_HOSTS    the Host header each upstream gets, as nginx map entries, e.g.
#                            "shop 127.0.0.1:8081; order 127.0.0.1:8082;" (the one server of ./twd
#                            up chooses a service by it); empty (the default): the upstream's name
#   GATEWAY_WRITE_RATE, GATEWAY_WRITE_BURST, GATEWAY_STREAMS_PER_CLIENT
#                            the limits per client; each defaults to $GATEWAY_LIMITS' value
#   GATEWAY_TRUSTED_PROXIES  addresses or CIDRs (space separated) of the proxies in front whose
#                            X-Forwarded-For names the client; none by default
#   GATEWAY_USER             the user (and group) nginx's workers run as, e.g. "nobody nogroup";
#                            empty (the default): nginx's own choice
#   GATEWAY_LOGS             "stdio" (the default: access log to stdout, errors to stderr) or
#                            "files" ($GATEWAY_PREFIX/logs/access.log and error.log)
#   GATEWAY_PREFIX           nginx's folder: configuration, pid, logs, temporary files (default
#                            /tmp/twd, the only place the image writes to)
#   GATEWAY_TEMPLATE, GATEWAY_LIMITS
#                            the template and the limits' defaults (default: where the image has
#                            them, /etc/twd/nginx.conf.template and /etc/twd/limits.env)
set -eu
prefix=${GATEWAY_PREFIX:-/tmp/twd}
template=${GATEWAY_TEMPLATE:-/etc/twd/nginx.conf.template}
limits=${GATEWAY_LIMITS:-/etc/twd/limits.env}
mkdir -p "$prefix/logs" "$prefix/tmp"

write_rate=${GATEWAY_WRITE_RATE:-} write_burst=${GATEWAY_WRITE_BURST:-} streams=${GATEWAY_STREAMS_PER_CLIENT:-}
. "$limits"
GATEWAY_WRITE_RATE=${write_rate:-$GATEWAY_WRITE_RATE}
GATEWAY_WRITE_BURST=${write_burst:-$GATEWAY_WRITE_BURST}
GATEWAY_STREAMS_PER_CLIENT=${streams:-$GATEWAY_STREAMS_PER_CLIENT}

real_ip=""
for proxy in ${GATEWAY_TRUSTED_PROXIES:-}; do real_ip="${real_ip}set_real_ip_from $proxy; "; done
[ -n "$real_ip" ] && real_ip="${real_ip}real_ip_header X-Forwarded-For; real_ip_recursive on;"
listen=$GATEWAY_PORT
[ -n "${GATEWAY_LISTEN_HOST:-}" ] && listen="$GATEWAY_LISTEN_HOST:$GATEWAY_PORT"
user=""
[ -n "${GATEWAY_USER:-}" ] && user="user $GATEWAY_USER;"
origin=$(printf '%s' "$OIDC_ISSUER" | sed -E 's#^(https?://[^/]+).*#\1#')

sed -e "s#@PREFIX@#$prefix#g" -e "s#@USER_DIRECTIVE@#$user#" -e "s#@GATEWAY_LISTEN@#$listen#" \
    -e "s#@WEB_ROOT@#$WEB_ROOT#g" -e "s#@OIDC_ISSUER@#$OIDC_ISSUER#g" -e "s#@OIDC_ORIGIN@#$origin#g" \
    -e "s#@GATEWAY_WRITE_RATE@#$GATEWAY_WRITE_RATE#" -e "s#@GATEWAY_WRITE_BURST@#$GATEWAY_WRITE_BURST#" \
    -e "s#@GATEWAY_STREAMS_PER_CLIENT@#$GATEWAY_STREAMS_PER_CLIENT#" -e "s#@REAL_IP@#$real_ip#" \
    -e "s#@SERVICE_HOSTS@#${GATEWAY_SERVICE_HOSTS:-}#" \
    -e "s#@SHOP_SERVERS@#$SHOP_SERVERS#" -e "s#@ORDER_SERVERS@#$ORDER_SERVERS#" \
    -e "s#@DELIVERY_SERVERS@#$DELIVERY_SERVERS#" -e "s#@MESSAGE_SERVERS@#$MESSAGE_SERVERS#" \
    -e "s#@MYPAGE_SERVERS@#$MYPAGE_SERVERS#" \
    "$template" >"$prefix/nginx.conf.new"
if [ "${GATEWAY_LOGS:-stdio}" != files ]; then
  sed -i -e "s#access_log $prefix/logs/access.log;#access_log /dev/stdout;#" \
      -e "s#error_log $prefix/logs/error.log warn;#error_log stderr warn;#" "$prefix/nginx.conf.new"
fi
mv "$prefix/nginx.conf.new" "$prefix/nginx.conf"
