// Session: login, logout, the current user, own password.
import { request } from './client';
import type { ChangePasswordRequest, LoginRequest, SessionInfo } from './types';

export function login(credentials: LoginRequest): Promise<SessionInfo> {
  return request<SessionInfo>('POST', '/session', { body: credentials, quiet401: true });
}

export function logout(): Promise<void> {
  return request<void>('DELETE', '/session', { quiet401: true });
}

/** The logged-in user and a CSRF token; rejects with code `auth.unauthenticated` when logged out. */
export function fetchMe(): Promise<SessionInfo> {
  return request<SessionInfo>('GET', '/me', { quiet401: true });
}

export function changeOwnPassword(body: ChangePasswordRequest): Promise<void> {
  return request<void>('PUT', '/me/password', { body });
}
