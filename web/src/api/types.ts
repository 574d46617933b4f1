// Names for the schema types used across the app, taken from the generated OpenAPI types.
import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type Role = Schemas['Role'];
export type RoleGrant = Schemas['RoleGrant'];
export type SessionInfo = Schemas['SessionInfo'];
export type LoginRequest = Schemas['LoginRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];
export type ResetPasswordRequest = Schemas['ResetPasswordRequest'];
export type UserPage = Schemas['UserPage'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditHead = Schemas['AuditHead'];
export type AuditPage = Schemas['AuditPage'];
export type Health = Schemas['Health'];

export const ROLES: readonly Role[] = ['admin', 'organizer', 'reviewer', 'group_leader', 'deputy'];
