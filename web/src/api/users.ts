// User accounts and their role grants (admin, organizer).
import { request } from './client';
import type { CreateUserRequest, ResetPasswordRequest, UpdateUserRequest, User, UserPage } from './types';

export interface UserQuery {
  q?: string;
  page?: number;
  page_size?: number;
}

export function listUsers(query: UserQuery = {}): Promise<UserPage> {
  return request<UserPage>('GET', '/users', { query: { q: query.q, page: query.page, page_size: query.page_size } });
}

export function getUser(id: number): Promise<User> {
  return request<User>('GET', `/users/${id}`);
}

export function createUser(body: CreateUserRequest): Promise<User> {
  return request<User>('POST', '/users', { body });
}

export function updateUser(id: number, body: UpdateUserRequest): Promise<User> {
  return request<User>('PATCH', `/users/${id}`, { body });
}

export function resetUserPassword(id: number, body: ResetPasswordRequest): Promise<void> {
  return request<void>('POST', `/users/${id}/password`, { body });
}
