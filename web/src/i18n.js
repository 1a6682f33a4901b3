// Korean and English: the page follows the browser's language until the visitor picks one.
import { ref } from 'vue';

const STORE = 'twd.lang';

const messages = {
  en: {
    title: 'Tword-Direct shop', pages: 'Pages',
    signIn: 'Sign in', signOut: 'Sign out', signedInAs: 'Signed in as {user} ({role})',
    notSignedIn: 'Not signed in', language: 'Language',
    role: { customer: 'customer', manager: 'manager', staff: 'shop staff', none: 'no role' },
    nav: { phones: 'Phones', orders: 'My orders', manage: 'Register phones', deliveries: 'Deliveries' },
    welcome: 'Sign in to order phones, follow your orders, register phones or ship them.',
    demoUsers: 'Demo users: kim / kim-pass and lee / lee-pass (customers), manager / manager-pass, staff / staff-pass.',
    loading: 'Loading…', empty: 'Nothing here yet.', retry: 'Try again', refresh: 'Refresh',
    prev: 'Previous page', next: 'Next page', pageOf: 'Page {page} of {pages} ({total} in all)',
    shopId: 'Shop', model: 'Model (eqpNm)', serial: 'Serial number (eqpSernum)', status: 'Status',
    onlyOrderable: 'Only phones that can be ordered', search: 'Search',
    order: 'Order', ordering: 'Ordering…', ordered: 'Ordered: order {id}. Follow it under My orders.',
    phonesHeading: 'Phones at the shops', ordersHeading: 'My orders', updatedLive: 'Updated live while this page is open.',
    orderNo: 'Order {id}', history: 'History', cancel: 'Cancel order', cancelling: 'Cancelling…',
    cancelled: 'Order {id} is cancelled.', notifications: 'Notifications', hideNotifications: 'Hide notifications',
    noNotifications: 'No notification yet.', live: 'live', waitingForOrder: 'Order {id} placed; waiting for its page…',
    manageHeading: 'Register phones at a shop', quantity: 'How many phones (sales quantity)',
    serialN: 'Serial number {n}', register: 'Register', registering: 'Registering…',
    registered: 'Registered {sernum}.', shopPhones: 'Phones at shop {shop}',
    deliveriesHeading: 'Deliveries', orderFilter: 'Order number', tabWaiting: 'Waiting to ship', tabShipped: 'Shipped', tabCancelled: 'Cancelled',
    ship: 'Ship', shipping: 'Shipping…', shipped: 'Delivery {id} (order {order}) is shipped.',
    customer: 'Customer', delivery: 'Delivery {id}', requestedAt: 'Requested', updatedAt: 'Updated',
    sessionExpired: 'Your session has expired. Sign in again to come back to this page.',
    retryAfter: 'Try again in {s} seconds.', network: 'The server could not be reached. Nothing was changed; try again.',
    forbidden: 'Your role may not do this.', notForRole: 'This page is not for your role.',
    required: 'Fill in this field.',
  },
  ko: {
    title: '트워드 다이렉트 샵', pages: '페이지',
    signIn: '로그인', signOut: '로그아웃', signedInAs: '{user} ({role}) 님으로 로그인됨',
    notSignedIn: '로그인하지 않음', language: '언어',
    role: { customer: '고객', manager: '매니저', staff: '매장 직원', none: '역할 없음' },
    nav: { phones: '휴대폰', orders: '내 주문', manage: '휴대폰 등록', deliveries: '배송' },
    welcome: '로그인하면 휴대폰을 주문하고, 주문을 확인하고, 휴대폰을 등록하거나 배송할 수 있습니다.',
    demoUsers: '데모 사용자: kim / kim-pass, lee / lee-pass (고객), manager / manager-pass, staff / staff-pass.',
    loading: '불러오는 중…', empty: '아직 없습니다.', retry: '다시 시도', refresh: '새로 고침',
    prev: '이전 페이지', next: '다음 페이지', pageOf: '{page} / {pages} 페이지 (전체 {total}개)',
    shopId: '매장', model: '모델 (eqpNm)', serial: '일련번호 (eqpSernum)', status: '상태',
    onlyOrderable: '주문 가능한 휴대폰만', search: '검색',
    order: '주문', ordering: '주문 중…', ordered: '주문 {id} 완료. 내 주문에서 확인하세요.',
    phonesHeading: '매장의 휴대폰', ordersHeading: '내 주문', updatedLive: '이 페이지가 열려 있는 동안 실시간으로 갱신됩니다.',
    orderNo: '주문 {id}', history: '이력', cancel: '주문 취소', cancelling: '취소 중…',
    cancelled: '주문 {id}이(가) 취소되었습니다.', notifications: '알림', hideNotifications: '알림 숨기기',
    noNotifications: '아직 알림이 없습니다.', live: '실시간', waitingForOrder: '주문 {id} 접수됨; 페이지를 기다리는 중…',
    manageHeading: '매장에 휴대폰 등록', quantity: '휴대폰 수 (판매 수량)',
    serialN: '일련번호 {n}', register: '등록', registering: '등록 중…',
    registered: '{sernum} 등록됨.', shopPhones: '매장 {shop}의 휴대폰',
    deliveriesHeading: '배송', orderFilter: '주문 번호', tabWaiting: '배송 대기', tabShipped: '배송 시작', tabCancelled: '취소됨',
    ship: '배송 시작', shipping: '배송 처리 중…', shipped: '배송 {id} (주문 {order}) 배송을 시작했습니다.',
    customer: '고객', delivery: '배송 {id}', requestedAt: '요청 시각', updatedAt: '갱신 시각',
    sessionExpired: '세션이 만료되었습니다. 다시 로그인하면 이 페이지로 돌아옵니다.',
    retryAfter: '{s}초 후에 다시 시도하세요.', network: '서버에 연결할 수 없습니다. 변경된 것은 없습니다. 다시 시도하세요.',
    forbidden: '이 역할로는 할 수 없습니다.', notForRole: '이 페이지는 당신의 역할용이 아닙니다.',
    required: '이 칸을 채우세요.',
  },
};

// Statuses in words, never enum names.
const statuses = {
  en: {
    OrderAvailable: 'Available', Ordered: 'Ordered', Shipped: 'Shipped', OrderCancelled: 'Cancelled',
    DeliveryRequested: 'Delivery requested', DeliveryConfirmed: 'Waiting to ship', DeliveryStarted: 'Shipped',
    DeliveryCancelled: 'Delivery cancelled', DeliveryDiscarded: 'Delivery discarded',
    PENDING: 'Waiting to be sent', SENT: 'Sent', FAILED: 'Not sent', SKIPPED: 'Not sent (no address)',
  },
  ko: {
    OrderAvailable: '주문 가능', Ordered: '주문 완료', Shipped: '배송됨', OrderCancelled: '주문 취소',
    DeliveryRequested: '배송 요청', DeliveryConfirmed: '배송 대기', DeliveryStarted: '배송 시작',
    DeliveryCancelled: '배송 취소', DeliveryDiscarded: '배송 폐기',
    PENDING: '발송 대기', SENT: '발송됨', FAILED: '발송 실패', SKIPPED: '발송 안 함 (주소 없음)',
  },
};

function initial() {
  const saved = localStorage.getItem(STORE);
  if (saved === 'en' || saved === 'ko') return saved;
  return (navigator.languages || [navigator.language]).some((l) => /^ko\b/i.test(l || '')) ? 'ko' : 'en';
}

/** The current language, 'ko' or 'en'. */
export const lang = ref(initial());
document.documentElement.lang = lang.value;

/** Switches the language and remembers the choice. */
export function setLang(value) {
  lang.value = value;
  localStorage.setItem(STORE, value);
  document.documentElement.lang = value;
}

/** A message by dotted key, with {name} placeholders filled in (as text, never markup). */
export function t(key, params = {}) {
  const value = key.split('.').reduce((m, k) => (m == null ? m : m[k]), messages[lang.value]);
  return String(value ?? key).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** A status in words; an unknown one as it came. */
export function status(name) {
  return statuses[lang.value][name] ?? name ?? '';
}

/** An instant in the viewer's time zone and language. */
export function time(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang.value === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium', timeStyle: 'medium',
  }).format(new Date(iso));
}
