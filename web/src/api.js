// The REST APIs behind the gateway: bearer token, problem bodies (RFC 9457) as sentences.
import { session, renew } from './auth.js';
import { t } from './i18n.js';

/** A refused or failed call: status, the problem's detail as a sentence, Retry-After in seconds. */
export class ApiError extends Error {
  constructor(status, detail, retryAfter = null, type = null) {
    super(detail);
    this.status = status;
    this.retryAfter = retryAfter;
    this.type = type;
  }
}

function retryAfterSeconds(response) {
  const value = response.headers.get('Retry-After');
  if (!value) return null;
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) ? Math.max(seconds, 1) : null;
}

async function send(method, path, body, headers) {
  const h = { Accept: 'application/json', ...headers };
  if (session.token) h.Authorization = 'Bearer ' + session.token;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * Calls an API through the gateway. A 401 renews the token once and repeats the call (nothing
 * was done at a 401); a second 401 marks the session expired.
 * @param {string} method HTTP method
 * @param {string} path path and query, e.g. /orders?page=0
 * @param {object} [body] JSON body
 * @param {object} [headers] extra headers, e.g. Idempotency-Key
 * @returns {Promise<any>} the JSON answer
 * @throws {ApiError} with the problem's detail, or a sentence of ours when there is none
 */
export async function api(method, path, body, headers = {}) {
  let response;
  try {
    response = await send(method, path, body, headers);
    if (response.status === 401 && session.token && await renew()) {
      response = await send(method, path, body, headers);
    }
  } catch {
    throw new ApiError(0, t('network'));
  }
  if (response.ok) {
    return response.status === 204 ? null : response.json();
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch { /* no body */ }
  const retryAfter = retryAfterSeconds(response);
  let detail = problem.detail || problem.title || response.statusText;
  if (Array.isArray(problem.errors) && problem.errors.length) {
    detail += ' ' + problem.errors.map((e) => [e.field, e.message].filter(Boolean).join(': ')).join('; ');
  }
  if (response.status === 401) {
    session.expired = true;
  }
  if (response.status === 403 && !problem.detail) detail = t('forbidden');
  throw new ApiError(response.status, detail, retryAfter, problem.type);
}

/** @returns {string} a query string of the given non-empty values */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  return q.toString();
}
