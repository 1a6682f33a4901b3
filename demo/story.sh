#!/usr/bin/env bash
# The spec's story, run against the running system through the gateway (./twd demo):
# register phones, order one, read the mypage, ship it, order and cancel another, see that
# phone back to OrderAvailable, and list the notifications sent. Prints every request and
# response in order, then PASS/FAIL per step; exits 1 if any step failed.
#
# Needs curl and jq. GATEWAY (default http://127.0.0.1:8088) says where the system is.
set -uo pipefail

GATEWAY="${GATEWAY:-http://127.0.0.1:8088}"
RUN="$(date +%s)-$$"
WAIT_SECONDS="${WAIT_SECONDS:-30}"
declare -a RESULTS=()
FAILED=0
BODY=""
STATUS=""

bold() { printf '\033[1m%s\033[0m\n' "$*"; }

# call METHOD PATH [JSON]: prints the request and the response; sets STATUS and BODY.
call() {
  local method=$1 path=$2 data=${3:-}
  printf '\n> %s %s%s\n' "$method" "$GATEWAY" "$path"
  [[ -n "$data" ]] && printf '> %s\n' "$data"
  local out
  if [[ -n "$data" ]]; then
    out=$(curl -s -m 20 -X "$method" -H 'Content-Type: application/json' -H 'Accept: application/json' \
      -d "$data" -w '\n%{http_code}' "$GATEWAY$path")
  else
    out=$(curl -s -m 20 -X "$method" -H 'Accept: application/json' -w '\n%{http_code}' "$GATEWAY$path")
  fi
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
  printf '< %s\n< %s\n' "$STATUS" "$BODY"
}

# quiet_call METHOD PATH: like call, without printing (for polling).
quiet_call() {
  local out
  out=$(curl -s -m 20 -X "$1" -H 'Accept: application/json' -w '\n%{http_code}' "$GATEWAY$2")
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
}

# json EXPR: evaluates a jq expression on the last response body.
json() { jq -r "$1" <<<"$BODY" 2>/dev/null; }

# eventually DESCRIPTION METHOD PATH JQ-CONDITION: polls until the condition holds.
eventually() {
  local what=$1 method=$2 path=$3 condition=$4 deadline=$((SECONDS + WAIT_SECONDS))
  printf '\n… waiting until %s (GET %s)\n' "$what" "$path"
  while ((SECONDS < deadline)); do
    quiet_call "$method" "$path"
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

bold "1. A manager registers two phones at shop 1"
call POST /shops "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-a\"}"
expect_status 201 && [[ "$(json .eqpStatus)" == OrderAvailable ]]; step "register phone A: 201, OrderAvailable" $?
PHONE_A=$(json .id)
call POST /shops "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-b\"}"
expect_status 201 && [[ "$(json .eqpStatus)" == OrderAvailable ]]; step "register phone B: 201, OrderAvailable" $?
PHONE_B=$(json .id)

bold "2. A customer orders phone A (the order service learns of new phones from events)"
ORDER_JSON="{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-a\",\"customerId\":\"demo-customer\",\"customerEmail\":\"demo@example.com\"}"
deadline=$((SECONDS + WAIT_SECONDS))
call POST /orders "$ORDER_JSON"
while [[ "$STATUS" == 422 ]] && ((SECONDS < deadline)); do sleep 0.5; call POST /orders "$ORDER_JSON"; done
expect_status 201 && [[ "$(json .orderStatus)" == Ordered ]]; step "order phone A: 201, Ordered" $?
ORDER_A=$(json '.orderId // .id')
DELIVERY_A=$(json .deliveryId)

bold "3. The customer reads the mypage; the shop sees the order"
eventually "the mypage shows order $ORDER_A as Ordered" GET "/mypages/$ORDER_A" '.orderStatus == "Ordered"'
step "mypage shows the order" $?
eventually "shop 1 lists phone A as Ordered" GET "/shops/$PHONE_A" '.eqpStatus == "Ordered"'
step "phone A is Ordered at the shop" $?

bold "4. Shop staff ship phone A"
deadline=$((SECONDS + WAIT_SECONDS))
call POST "/deliveries/$DELIVERY_A/start"
while [[ "$STATUS" == 409 ]] && ((SECONDS < deadline)); do sleep 0.5; call POST "/deliveries/$DELIVERY_A/start"; done
expect_status 200 && [[ "$(json .deliveryStatus)" == DeliveryStarted ]]; step "start delivery: DeliveryStarted" $?
eventually "the mypage shows the delivery started" GET "/mypages/$ORDER_A" '.deliveryStatus == "DeliveryStarted"'
step "mypage shows the delivery" $?
eventually "the order is DeliveryStarted" GET "/orders/$ORDER_A" '.orderStatus == "DeliveryStarted"'
call POST "/orders/$ORDER_A/cancel"
expect_status 409; step "a shipped order cannot be cancelled: 409" $?

bold "5. The customer orders phone B, then cancels it"
ORDER_JSON="{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"demo-$RUN-b\",\"customerId\":\"demo-customer\",\"customerEmail\":\"demo@example.com\"}"
deadline=$((SECONDS + WAIT_SECONDS))
call POST /orders "$ORDER_JSON"
while [[ "$STATUS" == 422 ]] && ((SECONDS < deadline)); do sleep 0.5; call POST /orders "$ORDER_JSON"; done
expect_status 201; step "order phone B: 201" $?
ORDER_B=$(json '.orderId // .id')
call POST "/orders/$ORDER_B/cancel"
expect_status 200 && [[ "$(json .orderStatus)" == OrderCancelled ]]; step "cancel order B: OrderCancelled" $?
eventually "phone B is OrderAvailable again" GET "/shops/$PHONE_B" '.eqpStatus == "OrderAvailable"'
step "phone B back to OrderAvailable" $?
eventually "the mypage shows order B cancelled" GET "/mypages/$ORDER_B" '.orderStatus == "OrderCancelled"'
step "mypage shows the cancellation" $?

bold "6. The notifications sent"
eventually "order A has 2 notifications sent (Ordered, DeliveryStarted)" GET "/messages?orderId=$ORDER_A" \
  '([.items[] | select(.status == "SENT")] | length) == 2'
step "order A: one e-mail per status change" $?
eventually "order B has 3 notifications sent (Ordered, OrderCancelled, DeliveryCancelled)" \
  GET "/messages?orderId=$ORDER_B" '([.items[] | select(.status == "SENT")] | length) == 3'
step "order B: one e-mail per status change" $?
call GET "/mypages?customerId=demo-customer"

printf '\n'
bold "Result"
printf '%s\n' "${RESULTS[@]}"
if ((FAILED)); then bold "FAIL"; exit 1; fi
bold "PASS"
