// The only code of the phone page that talks to the server. The carrier's code and receipts travel
// in JSON request bodies only (DESIGN.md §5): never in a path or query string. No cookie is sent;
// these endpoints are public. Types come from the OpenAPI document (type-only import: no runtime).

import type { components } from '../src/api/schema';
import type { Lang } from './messages';

export type BallotLookup = components['schemas']['BallotLookup'];
export type LookupPoll = BallotLookup['polls'][number];
export interface Choice {
  deputy_id: number;
  option: string;
}

/**
 * A refusal from the server (its message is already in the page's language) or a network failure.
 * Fields are `declare`d and assigned by hand: a class field or parameter property would pull a
 * helper from node_modules, and with it the admin app's vendor chunk, into this page.
 */
export class ApiError extends Error {
  declare readonly code: string;
  declare readonly status: number;
  /** Seconds from Retry-After (429), else 0. */
  declare readonly retryAfter: number;
  constructor(message: string, code: string, status: number, retryAfter: number) {
    super(message);
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }
  get network(): boolean {
    return this.status === 0;
  }
}

const TIMEOUT_MS = 15000;

async function post<T>(path: string, body: unknown, lang: Lang): Promise<T> {
  let response: Response;
  try {
    // No AbortSignal.timeout on the older phones: a plain race, the late answer is ignored.
    response = await Promise.race([
      fetch('/api/v1' + path, {
        method: 'POST',
        credentials: 'omit',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': lang },
        body: JSON.stringify(body),
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)),
    ]);
  } catch {
    throw new ApiError('network', 'network', 0, 0);
  }
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    // An empty or non-JSON body (a proxy's error page): handled below.
  }
  if (response.ok && data !== null) return data as T;
  const envelope = data as components['schemas']['ErrorEnvelope'] | null;
  const error = envelope && envelope.error;
  if (!error) throw new ApiError('network', 'network', response.ok ? 0 : response.status, 0);
  const retryAfter = parseInt(response.headers.get('Retry-After') || '', 10);
  throw new ApiError(error.message, error.code, response.status, retryAfter > 0 ? retryAfter : 0);
}

export const lookup = (code: string, lang: Lang) => post<BallotLookup>('/public/ballot/lookup', { code }, lang);

export const cast = (code: string, pollId: number, choices: Choice[], lang: Lang) =>
  post<{ receipt: string }>('/public/ballot/cast', { code, poll_id: pollId, choices }, lang);

export const checkReceipt = (pollId: number, receipt: string, lang: Lang) =>
  post<{ included: boolean }>('/public/receipts/check', { poll_id: pollId, receipt }, lang);
