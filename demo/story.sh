#!/usr/bin/env bash
# The spec's story, run against the running system through the gateway (./twd demo), each
# step signed in as the role the spec gives it: the manager registers phones, the customer kim
# orders one and reads her mypage, staff ship it, kim orders and cancels another, sees that
# phone back to OrderAvailable, and lists her notifications. Also checks the refusals: no
# token, the wrong role, another customer's order. Prints every request and response in order,
# then PASS/FAIL per step; exits 1 if any step failed.
#
# Needs curl and jq. GATEWAY (default http://127.0.0.1:8088) says where the system is, ISSUER
# (default http://localhost:8180/realms/twd) where the demo users get their tokens.
set -uo pipefail

GATEWAY="${GATEWAY:-http://127.0.0.1:8088}"
ISSUER="${ISSUER:-http://localhost:8180/realms/twd}"
RUN="$(date +%s)-$$"
WAIT_SECONDS="${WAIT_SECONDS:-30}"
declare -a RESULTS=()
FAILED=0
BODY=""
STATUS=""
RETRY_AFTER=""
HEADERS=$(mktemp)
trap 'rm -f "$HEADERS"' EXIT

bold() { printf '\033[1m%s\033[0m\n' "$*"; }

# An access token for each demo user (password grant of the client twd-cli; the passwords
# exist only in the local realm, see the README).
declare -A TOKEN=()
for user in manager staff kim lee; do
  TOKEN[$user]=$(curl -s -m 20 -d grant_type=password -d client_id=twd-cli -d "username=$user" \
    -d "password=$user-pass" "$ISSUER/protocol/openid-connect/token" | jq -r '.access_token // empty')
  [[ -n "${TOKEN[$user]}" ]] || { echo "cannot sign in as $user at $ISSUER"; exit 1; }
done

# auth USER: the curl arguments that sign a request in as USER ("-": none, anonymous).
auth() { [[ "$1" == - ]] || printf '%s\n' -H "Authorization: Bearer ${TOKEN[$1]}"; }

# call USER METHOD PATH [JSON]: prints the request and the response; sets STATUS, BODY and
# RETRY_AFTER (the Retry-After header's seconds, or empty).
call() {
  local user=$1 method=$2 path=$3 data=${4:-} out
  local -a signed
  mapfile -t signed < <(auth "$user")
  printf '\n> %s %s%s   (as %s)\n' "$method" "$GATEWAY" "$path" "$([[ $user == - ]] && echo anonymous || echo "$user")"
  [[ -n "$data" ]] && printf '> %s\n' "$data"
  if [[ -n "$data" ]]; then
    out=$(curl -s -m 20 -X "$method" "${signed[@]}" -H 'Content-Type: application/json' -H 'Accept: application/json' \
      -D "$HEADERS" -d "$data" -w '\n%{http_code}' "$GATEWAY$path")
  else
    out=$(curl -s -m 20 -X "$method" "${signed[@]}" -H 'Accept: application/json' -D "$HEADERS" \
      -w '\n%{http_code}' "$GATEWAY$path")
  fi
  RETRY_AFTER=$(tr -d '\r' <"$HEADERS" | awk -F': *' 'tolower($1) == "retry-after" {print $2}' | tail -n 1)
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
  printf '< %s\n< %s\n' "$STATUS" "$BODY"
}

# quiet_call USER METHOD PATH: like call, without printing (for polling).
quiet_call() {
  local out
  local -a signed
  mapfile -t signed < <(auth "$1")
  out=$(curl -s -m 20 -X "$2" "${signed[@]}" -H 'Accept: application/json' -w '\n%{http_code}' "$GATEWAY$3")
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
}

# place_order JSON: kim orders as a well-behaved client does: while delivery cannot take the
# order (503) she waits the Retry-After the answer gives (nothing was changed), up to
# WAIT_SECONDS. A phone registered a moment ago is orderable at once (the order service asks
# the shop about a phone it has not heard of yet), so a 422 is an answer, not a reason to wait.
place_order() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  call kim POST /orders "$1"
  while [[ "$STATUS" == 503 ]] && ((SECONDS < deadline)); do
    [[ "$RETRY_AFTER" =~ ^[0-9]+$ ]] || RETRY_AFTER=1
    printf '… delivery is busy: trying again after %s s (Retry-After)\n' "$RETRY_AFTER"
    sleep "$RETRY_AFTER"
    call kim POST /orders "$1"
  done
}

# json EXPR: evaluates a jq expression on the last response body.
json() { jq -r "$1" <<<"$BODY" 2>/dev/null; }

# eventually USER DESCRIPTION METHOD PATH JQ-CONDITION: polls until the condition holds.
eventually() {
  local user=$1 what=$2 method=$3 path=$4 condition=$5 deadline=$((SECONDS + WAIT_SECONDS))
  printf '\n… waiting until %s (GET %s as %s)\n' "$what" "$path" "$user"
  while ((SECONDS < deadline)); do
    quiet_call "$user" "$method" "$path"
    if [[ "$STATUS" == 200 ]] && [[ "$(json "$condition")" == true ]]; then
      printf '< %s\n< %s\n' "$STATUS" "$BODY"
      return 0
    fi
    sleep 0.5
  done
  printf '< %s (condition %s never held)\n< %s\n' "$STATUS" "$condition" "$BODY"
  return 1
}

step() {
  local name=$1 ok=$2
  if [[ "$ok" == 0 ]]; then RESULTS+=("PASS  $name"); else RESULTS+=("FAIL  $name"); FAILED=1; fi
}

expect_status() { [[ "$STATUS" == "$1" ]]; }

# ---------------------------------------------------------------------------------------------

bold "0. Nobody gets in where they do not belong"
call - POST /shops "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-x\"}"
expect_status 401 && [[ "$(json .type)" == urn:twd:problem:unauthorized ]]; step "no token: 401 with a problem body" $?
call kim POST /shops "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-x\"}"
expect_status 403; step "a customer cannot register phones: 403" $?
call - GET "/shops?shopId=1&size=1"
expect_status 200; step "the catalogue is open to anyone: 200" $?

bold "1. The manager registers two phones at shop 1"
call manager POST /shops "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-a\"}"
expect_status 201 && [[ "$(json .eqpStatus)" == OrderAvailable ]]; step "register phone A: 201, OrderAvailable" $?
PHONE_A=$(json .id)
call manager POST /shops "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-b\"}"
expect_status 201 && [[ "$(json .eqpStatus)" == OrderAvailable ]]; step "register phone B: 201, OrderAvailable" $?
PHONE_B=$(json .id)

bold "2. The customer kim orders phone A, registered a moment ago"
ORDER_JSON="{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-a\"}"
place_order "$ORDER_JSON"
expect_status 201 && [[ "$(json .orderStatus)" == Ordered && "$(json .customerId)" == kim ]]
step "order phone A: 201, Ordered, customer kim (from the token)" $?
ORDER_A=$(json '.orderId // .id')
DELIVERY_A=$(json .deliveryId)
call lee GET "/orders/$ORDER_A"
expect_status 404; step "another customer does not see kim's order: 404" $?

bold "3. kim reads her mypage; the shop sees the order"
eventually kim "the mypage shows order $ORDER_A as Ordered" GET "/mypages/$ORDER_A" '.orderStatus == "Ordered"'
step "mypage shows the order" $?
eventually - "shop 1 lists phone A as Ordered" GET "/shops/$PHONE_A" '.eqpStatus == "Ordered"'
step "phone A is Ordered at the shop" $?

bold "4. Shop staff ship phone A"
call kim POST "/deliveries/$DELIVERY_A/start"
expect_status 403; step "a customer cannot ship: 403" $?
deadline=$((SECONDS + WAIT_SECONDS))
call staff POST "/deliveries/$DELIVERY_A/start"
while [[ "$STATUS" == 409 ]] && ((SECONDS < deadline)); do sleep 0.5; call staff POST "/deliveries/$DELIVERY_A/start"; done
expect_status 200 && [[ "$(json .deliveryStatus)" == DeliveryStarted ]]; step "start delivery: DeliveryStarted" $?
eventually kim "the mypage shows the delivery started" GET "/mypages/$ORDER_A" '.deliveryStatus == "DeliveryStarted"'
step "mypage shows the delivery" $?
eventually kim "the order is DeliveryStarted" GET "/orders/$ORDER_A" '.orderStatus == "DeliveryStarted"'
call kim POST "/orders/$ORDER_A/cancel"
expect_status 409; step "a shipped order cannot be cancelled: 409" $?

bold "5. kim orders phone B, then cancels it"
ORDER_JSON="{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-b\"}"
place_order "$ORDER_JSON"
expect_status 201; step "order phone B: 201" $?
ORDER_B=$(json '.orderId // .id')
call lee DELETE "/orders/$ORDER_B"
expect_status 404; step "another customer cannot cancel it: 404" $?
call kim DELETE "/orders/$ORDER_B"
expect_status 200 && [[ "$(json .orderStatus)" == OrderCancelled ]]; step "cancel order B: OrderCancelled" $?
eventually - "phone B is OrderAvailable again" GET "/shops/$PHONE_B" '.eqpStatus == "OrderAvailable"'
step "phone B back to OrderAvailable" $?
eventually kim "the mypage shows order B cancelled" GET "/mypages/$ORDER_B" '.orderStatus == "OrderCancelled"'
step "mypage shows the cancellation" $?

bold "6. The notifications sent to kim"
eventually kim "order A has 2 notifications sent (Ordered, DeliveryStarted)" GET "/messages?orderId=$ORDER_A" \
  '([.items[] | select(.status == "SENT")] | length) == 2'
step "order A: one e-mail per change (placed, shipped)" $?
eventually kim "order B has 2 notifications sent (Ordered, OrderCancelled: one for the cancellation)" \
  GET "/messages?orderId=$ORDER_B" '([.items[] | select(.status == "SENT")] | length) == 2'
step "order B: one e-mail per change (placed, cancelled)" $?
call lee GET "/messages?orderId=$ORDER_A"
expect_status 200 && [[ "$(json .totalItems)" == 0 ]]; step "another customer sees none of them" $?
call kim GET "/mypages"

printf '\n'
bold "Result"
printf '%s\n' "${RESULTS[@]}"
if ((FAILED)); then bold "FAIL"; exit 1; fi
bold "PASS"
