// The one HTTP client of the web app. Every request to the server goes through `request` here:
// it sends JSON with `credentials: 'same-origin'`, the current locale as `Accept-Language`, and
// the CSRF token on state-changing methods; it turns the server's error envelope
// {"error":{"code","message","details"}} into an ApiError whose message is translated
// (locale key `errors.<code>` when it exists, otherwise the server's already translated message).
import type { components } from './schema';
import { i18n } from '@/locales';

export type ErrorDetail = components['schemas']['ErrorDetail'];
type ErrorEnvelope = components['schemas']['ErrorEnvelope'];

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  /** Stable reason `area.reason`, or `network` / `unknown` for failures without an envelope. */
  readonly code: string;
  /** HTTP status, 0 when the server could not be reached. */
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(code: string, message: string, status: number, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A raw body sent as application/octet-stream instead of JSON (file uploads). */
  rawBody?: Blob;
  /** Extra request headers (e.g. X-File-Name for uploads). */
  headers?: Record<string, string>;
  /** Do not call the unauthenticated handler on 401 (used by the session bootstrap and login). */
  quiet401?: boolean;
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Set after login or GET /me; cleared on logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 (not logged in, or the session expired). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function translate(code: string, fallback: string): string {
  const key = `errors.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : fallback;
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const inner: unknown = (value as { error: unknown }).error;
  return (
    typeof inner === 'object' &&
    inner !== null &&
    typeof (inner as { code?: unknown }).code === 'string' &&
    typeof (inner as { message?: unknown }).message === 'string'
  );
}

/** The address of an API resource with its query, for plain links such as file downloads. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  return buildUrl(path, query);
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(name, String(value));
  }
  const search = params.toString();
  return API_BASE + path + (search ? `?${search}` : '');
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readJson(response: Response): Promise<unknown> {
  return parseJson(await response.text());
}

function requestHeaders(method: Method, options: RequestOptions, accept: string): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: accept,
    'Accept-Language': i18n.global.locale.value,
  };
  if (options.rawBody !== undefined) headers['Content-Type'] = 'application/octet-stream';
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  Object.assign(headers, options.headers);
  return headers;
}

async function send(method: Method, path: string, options: RequestOptions, accept: string): Promise<Response> {
  try {
    return await fetch(buildUrl(path, options.query), {
      method,
      headers: requestHeaders(method, options, accept),
      credentials: 'same-origin',
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError('network', translate('network', 'Network error'), 0);
  }
}

/** Turns a failed response (its status and decoded body) into an ApiError, calling the 401 handler. */
function failure(response: Pick<Response, 'status'>, payload: unknown, options: RequestOptions): ApiError {
  if (isErrorEnvelope(payload)) {
    const { code, message, details } = payload.error;
    // Any 401 (not logged in, or the session expired) sends the user to the login page.
    if (response.status === 401 && !options.quiet401 && onUnauthenticated) {
      onUnauthenticated();
    }
    return new ApiError(code, translate(code, message), response.status, details ?? []);
  }
  return new ApiError('unknown', i18n.global.t('errors.unknown', { status: response.status }), response.status);
}

/**
 * Sends one request and returns the decoded JSON body (undefined for 204).
 * The caller states the response type; the typed wrappers in src/api/<area>.ts take it from the
 * OpenAPI schema. Throws ApiError on any failure.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  const payload = await readJson(response);
  if (response.ok) return payload as T;
  throw failure(response, payload, options);
}

/**
 * Sends one request whose answer is a file (a PDF made on demand by a POST, say) and returns it
 * as a Blob. Same headers, CSRF token and error handling as `request`. Throws ApiError on failure.
 */
export async function requestBlob(method: Method, path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(method, path, options, '*/*');
  if (response.ok) return response.blob();
  throw failure(response, await readJson(response), options);
}

/**
 * Uploads a raw body (a file) and reports how much of it has been sent: `onProgress` gets the
 * share sent, 0–1. fetch cannot tell upload progress, so this one request goes through
 * XMLHttpRequest, with the same headers, CSRF token and error translation as `request`
 * (`options.headers` may set the Content-Type the server expects). Resolves to the decoded JSON.
 */
export function upload<T>(path: string, options: RequestOptions & { rawBody: Blob }, onProgress: (share: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path, options.query));
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(requestHeaders('POST', options, 'application/json'))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const payload = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(payload as T);
      } else {
        reject(failure({ status: xhr.status }, payload, options));
      }
    };
    // A connection dropped mid-upload (the server refusing a too large body may close it early).
    xhr.onerror = () => reject(new ApiError('network', translate('network', 'Network error'), 0));
    xhr.send(options.rawBody);
  });
}
