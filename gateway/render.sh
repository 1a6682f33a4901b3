#!/bin/sh
# Renders gateway/nginx.conf.template from the environment into /tmp/twd/nginx.conf (the image's
# entrypoint runs it before nginx starts). Listens on all interfaces inside the container. The
# limits per client default to gateway/limits.env's (/etc/twd/limits.env), each overridden by its
# environment variable; GATEWAY_TRUSTED_PROXIES (addresses or CIDRs, space separated) are the
# proxies in front whose X-Forwarded-For names the client.
set -eu
prefix=/tmp/twd
mkdir -p "$prefix/logs" "$prefix/tmp"
write_rate=${GATEWAY_WRITE_RATE:-} write_burst=${GATEWAY_WRITE_BURST:-} streams=${GATEWAY_STREAMS_PER_CLIENT:-}
. /etc/twd/limits.env
GATEWAY_WRITE_RATE=${write_rate:-$GATEWAY_WRITE_RATE}
GATEWAY_WRITE_BURST=${write_burst:-$GATEWAY_WRITE_BURST}
GATEWAY_STREAMS_PER_CLIENT=${streams:-$GATEWAY_STREAMS_PER_CLIENT}
real_ip=""
for proxy in ${GATEWAY_TRUSTED_PROXIES:-}; do real_ip="${real_ip}set_real_ip_from $proxy; "; done
[ -n "$real_ip" ] && real_ip="${real_ip}real_ip_header X-Forwarded-For; real_ip_recursive on;"
origin=$(printf '%s' "$OIDC_ISSUER" | sed -E 's#^(https?://[^/]+).*#\1#')
sed -e "s#@PREFIX@#$prefix#g" -e "s#@USER_DIRECTIVE@##" \
    -e "s#listen 127.0.0.1:@GATEWAY_PORT@;#listen $GATEWAY_PORT;#" \
    -e "s#@WEB_ROOT@#$WEB_ROOT#g" -e "s#@OIDC_ISSUER@#$OIDC_ISSUER#g" -e "s#@OIDC_ORIGIN@#$origin#g" \
    -e "s#@GATEWAY_WRITE_RATE@#$GATEWAY_WRITE_RATE#" -e "s#@GATEWAY_WRITE_BURST@#$GATEWAY_WRITE_BURST#" \
    -e "s#@GATEWAY_STREAMS_PER_CLIENT@#$GATEWAY_STREAMS_PER_CLIENT#" -e "s#@REAL_IP@#$real_ip#" \
    -e "s#@SHOP_SERVERS@#$SHOP_SERVERS#" -e "s#@ORDER_SERVERS@#$ORDER_SERVERS#" \
    -e "s#@DELIVERY_SERVERS@#$DELIVERY_SERVERS#" -e "s#@MESSAGE_SERVERS@#$MESSAGE_SERVERS#" \
    -e "s#@MYPAGE_SERVERS@#$MYPAGE_SERVERS#" \
    -e "s#access_log $prefix/logs/access.log;#access_log /dev/stdout;#" \
    -e "s#error_log $prefix/logs/error.log warn;#error_log stderr warn;#" \
    /etc/twd/nginx.conf.template >"$prefix/nginx.conf"
