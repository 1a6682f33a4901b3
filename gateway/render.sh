#!/bin/sh
# Renders gateway/nginx.conf.template from the environment into /tmp/twd/nginx.conf (the image's
# entrypoint runs it before nginx starts). Listens on all interfaces inside the container.
set -eu
prefix=/tmp/twd
mkdir -p "$prefix/logs" "$prefix/tmp"
origin=$(printf '%s' "$OIDC_ISSUER" | sed -E 's#^(https?://[^/]+).*#\1#')
sed -e "s#@PREFIX@#$prefix#g" -e "s#@USER_DIRECTIVE@##" \
    -e "s#listen 127.0.0.1:@GATEWAY_PORT@;#listen $GATEWAY_PORT;#" \
    -e "s#@WEB_ROOT@#$WEB_ROOT#g" -e "s#@OIDC_ISSUER@#$OIDC_ISSUER#g" -e "s#@OIDC_ORIGIN@#$origin#g" \
    -e "s#@SHOP_SERVERS@#$SHOP_SERVERS#" -e "s#@ORDER_SERVERS@#$ORDER_SERVERS#" \
    -e "s#@DELIVERY_SERVERS@#$DELIVERY_SERVERS#" -e "s#@MESSAGE_SERVERS@#$MESSAGE_SERVERS#" \
    -e "s#@MYPAGE_SERVERS@#$MYPAGE_SERVERS#" \
    -e "s#access_log $prefix/logs/access.log;#access_log /dev/stdout;#" \
    -e "s#error_log $prefix/logs/error.log warn;#error_log stderr warn;#" \
    /etc/twd/nginx.conf.template >"$prefix/nginx.conf"
