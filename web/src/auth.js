// Sign-in with the identity provider: OpenID Connect authorization code with PKCE (S256),
// public client. Tokens stay in this tab's sessionStorage and in Authorization headers, never in URLs.
import { reactive } from 'vue';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

let manager;

/** Who is signed in: name, role and access token (null when signed out). */
export const session = reactive({ user: null, role: null, token: null, expired: false });

function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

function apply(user) {
  if (!user || user.expired) {
    Object.assign(session, { user: null, role: null, token: null });
    return;
  }
  const c = claims(user.access_token);
  const groups = c.groups || [];
  const role = ['manager', 'staff', 'customer'].find((r) => groups.includes(r)) || 'none';
  Object.assign(session, { user: c.upn || c.preferred_username || user.profile.preferred_username, role,
    token: user.access_token, expired: false });
}

/**
 * Reads the identity provider's settings from the gateway (/config.json), finishes a sign-in
 * that comes back with ?code=, and loads the signed-in user of this tab.
 * @returns {Promise<string|null>} the page (hash) to show after a sign-in, or null
 */
export async function startAuth() {
  const config = await (await fetch('/config.json', { cache: 'no-store' })).json();
  const base = window.location.origin + '/';
  manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: base,
    post_logout_redirect_uri: base,
    response_type: 'code',
    scope: 'openid',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    monitorSession: false,
  });
  manager.events.addUserLoaded(apply);
  manager.events.addUserUnloaded(() => apply(null));
  manager.events.addAccessTokenExpired(() => { session.expired = true; });
  const params = new URLSearchParams(window.location.search);
  let returnTo = null;
  if (params.has('code') || params.has('error')) {
    try {
      const user = await manager.signinRedirectCallback();
      returnTo = user.state?.returnTo || null;
    } catch (e) {
      console.warn('sign-in did not complete', e);
    }
    window.history.replaceState(null, '', '/' + (returnTo || window.location.hash || ''));
  }
  apply(await manager.getUser());
  return returnTo;
}

/** Goes to the identity provider's sign-in page; comes back to the current page afterwards. */
export function signIn() {
  return manager.signinRedirect({ state: { returnTo: window.location.hash || '#/' } });
}

/** Signs out at the identity provider and comes back signed out. */
export async function signOut() {
  const user = await manager.getUser();
  await manager.removeUser();
  apply(null);
  await manager.signoutRedirect({ id_token_hint: user?.id_token });
}

/**
 * Tries to renew the access token without leaving the page (refresh token).
 * @returns {Promise<boolean>} true if a fresh token is in the session
 */
export async function renew() {
  try {
    apply(await manager.signinSilent());
    return !!session.token;
  } catch {
    session.expired = true;
    return false;
  }
}
