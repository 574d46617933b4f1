// How a refused user form reads: the refused fields in words (角色 2 · 人大：必填, not
// `roles[1].congress_id: required`), as one summary line and as marks on the form's fields; and the
// rules both user dialogs share (which roles may be granted, each grant's scope filled in).
import { computed, reactive, ref } from 'vue';
import type { FormItemRule } from 'element-plus';
import { i18n } from '@/locales';
import { ApiError } from '@/api/client';
import { errorMessage } from '@/utils/errors';
import { fieldKey } from '@/utils/fieldErrors';
import { useSubmit } from '@/utils/useSubmit';
import type { Role } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { ALL_ROLES } from '@/utils/roles';
import { missingScope, type GrantDraft, type ScopeField } from './grants';

export const SCOPE_LABEL_KEYS: Record<ScopeField, string> = {
  congress_id: 'roleEditor.congress',
  group_id: 'roleEditor.group',
  deputy_id: 'roleEditor.deputy',
};

const FIELD_LABEL_KEYS: Record<string, string> = { username: 'users.username', display_name: 'users.displayName', password: 'users.password' };

/** One refused field in words: its label (角色 2 · 人大, not `roles[1].congress_id`) and what is wrong. */
function detailWords(detail: { field: string; code: string }): { field: string; what: string } {
  const { t, te } = i18n.global;
  // The rule itself, where the form has words for it (a name over 128 bytes is "invalid").
  if (detail.code === 'invalid' && te(`users.fieldRules.${detail.field}`)) {
    return { field: t(FIELD_LABEL_KEYS[detail.field] ?? detail.field), what: t(`users.fieldRules.${detail.field}`) };
  }
  const role = /^roles\[(\d+)\](?:\.(\w+))?$/.exec(detail.field);
  let label = detail.field;
  if (role) {
    const scope = role[2] as ScopeField | undefined;
    label = `${t('users.role')} ${Number(role[1]) + 1}${scope && SCOPE_LABEL_KEYS[scope] ? ` · ${t(SCOPE_LABEL_KEYS[scope])}` : ''}`;
  } else if (FIELD_LABEL_KEYS[detail.field]) {
    label = t(FIELD_LABEL_KEYS[detail.field]);
  }
  const what = te(`errors.field.${detail.code}`) ? t(`errors.field.${detail.code}`) : detail.code;
  return { field: label, what };
}

/**
 * The translated message plus what is wrong with which field, in words: 用户名：必填；角色 2 · 人大：必填
 * (not `roles[1].congress_id: required`).
 */
export function describe(error: unknown): string {
  const message = errorMessage(error);
  if (!(error instanceof ApiError) || error.details.length === 0) return message;
  const { t } = i18n.global;
  const parts = error.details.map((detail) => t('errors.fieldDetail', detailWords(detail)));
  return t('errors.withDetails', { message, details: parts.join(t('errors.detailSeparator')) });
}

/**
 * The marks a refusal puts on the user form's fields: the field's own words (必填), and on 角色 which
 * role and scope (角色 2 · 代表：不存在).
 */
export function fieldMarks(error: unknown, marks: Record<string, string>): void {
  for (const key of Object.keys(marks)) delete marks[key];
  if (!(error instanceof ApiError)) return;
  const { t } = i18n.global;
  for (const detail of error.details) {
    const key = fieldKey(detail.field);
    const words = detailWords(detail);
    const mark = key === 'roles' ? t('errors.fieldDetail', words) : words.what;
    marks[key] = marks[key] ? `${marks[key]}${t('errors.detailSeparator')}${mark}` : mark;
  }
}

/**
 * The save of a user dialog: the busy flag, and a refusal as the summary line (`error`) and the
 * marks on the fields (`marks`). `clear()` on open and before each save.
 */
export function useUserFormSubmit() {
  const error = ref('');
  const marks = reactive<Record<string, string>>({});
  const { busy, run } = useSubmit((refusal) => {
    error.value = describe(refusal);
    fieldMarks(refusal, marks);
  });

  function clear(): void {
    error.value = '';
    fieldMarks(null, marks);
  }

  return { error, marks, busy, run, clear };
}

/**
 * The roles the user may grant, and the rule that each grant names the scope its role needs.
 * Only admins grant `admin` and `organizer` (admins create organizers); the server enforces the
 * same (core::MayGrant).
 */
export function useGrantRules() {
  const { t } = i18n.global;
  const session = useSessionStore();
  const allowedRoles = computed<readonly Role[]>(() =>
    session.hasAnyRole(['admin']) ? ALL_ROLES : ALL_ROLES.filter((role) => role !== 'admin' && role !== 'organizer'),
  );

  const rolesValidator: FormItemRule['validator'] = (_rule, value: GrantDraft[], callback) => {
    for (const draft of value) {
      const missing = missingScope(draft);
      if (missing) {
        callback(new Error(t('roleEditor.scopeRequired', { field: t(SCOPE_LABEL_KEYS[missing]) })));
        return;
      }
    }
    callback();
  };

  return { allowedRoles, rolesValidator };
}
