// Users page: search and paging, create and edit dialogs, password reset.
import { i18n } from '@/locales';
import { computed, onMounted, reactive, ref, useTemplateRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessageBox, type FormInstance, type FormItemRule, type FormRules } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import { ApiError } from '@/api/client';
import { createUser, listUsers, resetUserPassword, updateUser } from '@/api/users';
import type { Role, User } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { useScopeNames } from '@/utils/useScopeNames';
import { ALL_ROLES, MIN_PASSWORD_LENGTH } from '@/utils/roles';
import { errorMessage, showError, showSuccess } from '@/utils/errors';
import { fieldKey } from '@/utils/fieldErrors';
import { missingScope, toDrafts, toGrants, type GrantDraft, type ScopeField } from './grants';

const SCOPE_LABEL_KEYS: Record<ScopeField, string> = {
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
function describe(error: unknown): string {
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
function fieldMarks(error: unknown, marks: Record<string, string>): void {
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

export function useUsers() {
  const { t } = useI18n();
  const session = useSessionStore();
  // Names for the scope ids of the grants (table tags and the role editor).
  const names = useScopeNames();

  // Only admins grant `admin` and `organizer` (admins create organizers);
  // the server enforces the same (core::MayGrant).
  const allowedRoles = computed<readonly Role[]>(() =>
    session.hasAnyRole(['admin'])
      ? ALL_ROLES
      : ALL_ROLES.filter((role) => role !== 'admin' && role !== 'organizer'),
  );

  // --- list ---
  const query = reactive({ q: '', page: 1, pageSize: 20 });
  const items = ref<User[]>([]);
  const total = ref(0);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const result = await listUsers({ q: query.q.trim(), page: query.page, page_size: query.pageSize });
      items.value = result.items;
      total.value = result.total;
      void names.loadDeputies(result.items.flatMap((user) => user.roles.map((grant) => grant.deputy_id)));
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  function search(): void {
    query.page = 1;
    void load();
  }

  function resetSearch(): void {
    query.q = '';
    search();
  }

  function onPageChange(page: number): void {
    query.page = page;
    void load();
  }

  function onPageSizeChange(size: number): void {
    query.pageSize = size;
    query.page = 1;
    void load();
  }

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

  // --- create ---
  const createRef = useTemplateRef<FormInstance>('createRef');
  const createOpen = ref(false);
  const createSaving = ref(false);
  const createError = ref('');
  const createForm = reactive<{ username: string; display_name: string; password: string; roles: GrantDraft[] }>({
    username: '',
    display_name: '',
    password: '',
    roles: [],
  });
  const createRules = computed<FormRules<typeof createForm>>(() => ({
    username: [{ required: true, whitespace: true, message: t('users.usernameRequired'), trigger: ['blur', 'change'] }],
    display_name: [{ required: true, whitespace: true, message: t('users.displayNameRequired'), trigger: ['blur', 'change'] }],
    password: [
      { required: true, min: MIN_PASSWORD_LENGTH, message: t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }), trigger: ['blur', 'change'] },
    ],
    roles: [{ validator: rolesValidator, trigger: 'change' }],
  }));

  /** The fields the server refused in the open dialog (create or edit). */
  const createMarks = reactive<Record<string, string>>({});
  const editMarks = reactive<Record<string, string>>({});

  function openCreate(): void {
    Object.assign(createForm, { username: '', display_name: '', password: '', roles: [] });
    createError.value = '';
    fieldMarks(null, createMarks);
    createOpen.value = true;
    createRef.value?.clearValidate();
  }

  async function submitCreate(): Promise<void> {
    createError.value = '';
    fieldMarks(null, createMarks);
    const valid = await createRef.value?.validate().catch(() => false);
    if (!valid) return;
    createSaving.value = true;
    try {
      await createUser({
        username: createForm.username.trim(),
        display_name: createForm.display_name.trim(),
        password: createForm.password,
        roles: toGrants(createForm.roles),
      });
      createOpen.value = false;
      showSuccess(t('users.created'));
      await load();
    } catch (error) {
      createError.value = describe(error);
      fieldMarks(error, createMarks);
    } finally {
      createSaving.value = false;
    }
  }

  // --- edit ---
  const editRef = useTemplateRef<FormInstance>('editRef');
  const editOpen = ref(false);
  const editSaving = ref(false);
  const editError = ref('');
  const editing = ref<User | null>(null);
  const editForm = reactive<{ display_name: string; disabled: boolean; roles: GrantDraft[] }>({
    display_name: '',
    disabled: false,
    roles: [],
  });
  const editRules = computed<FormRules<typeof editForm>>(() => ({
    display_name: [{ required: true, whitespace: true, message: t('users.displayNameRequired'), trigger: ['blur', 'change'] }],
    roles: [{ validator: rolesValidator, trigger: 'change' }],
  }));

  function openEdit(user: User): void {
    editing.value = user;
    Object.assign(editForm, { display_name: user.display_name, disabled: user.disabled, roles: toDrafts(user.roles) });
    editError.value = '';
    fieldMarks(null, editMarks);
    editOpen.value = true;
    editRef.value?.clearValidate();
  }

  async function submitEdit(): Promise<void> {
    if (!editing.value) return;
    editError.value = '';
    fieldMarks(null, editMarks);
    const valid = await editRef.value?.validate().catch(() => false);
    if (!valid) return;
    editSaving.value = true;
    try {
      await updateUser(editing.value.id, {
        display_name: editForm.display_name.trim(),
        disabled: editForm.disabled,
        roles: toGrants(editForm.roles),
      });
      editOpen.value = false;
      showSuccess(t('users.updated'));
      await load();
    } catch (error) {
      editError.value = describe(error);
      fieldMarks(error, editMarks);
    } finally {
      editSaving.value = false;
    }
  }

  // --- reset password ---
  async function resetPassword(user: User): Promise<void> {
    let password: string;
    try {
      const answer = await ElMessageBox.prompt(t('users.resetPrompt', { username: user.username }), t('users.resetTitle'), {
        inputType: 'password',
        inputValidator: (value: string) =>
          value.length >= MIN_PASSWORD_LENGTH || t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }),
        confirmButtonText: t('common.ok'),
        cancelButtonText: t('common.cancel'),
        type: 'warning',
        customClass: 'reset-password-box',
      });
      password = answer.value;
    } catch {
      return; // cancelled
    }
    try {
      await resetUserPassword(user.id, { new_password: password });
      showSuccess(t('users.resetDone'));
      await load();
    } catch (error) {
      showError(error);
    }
  }

  onMounted(() => {
    void names.loadLists();
    void load();
  });

  return {
    t,
    names,
    allowedRoles,
    query,
    items,
    total,
    loading,
    search,
    resetSearch,
    onPageChange,
    onPageSizeChange,
    createOpen,
    createSaving,
    createError,
    createMarks,
    createForm,
    createRules,
    openCreate,
    submitCreate,
    editOpen,
    editSaving,
    editError,
    editMarks,
    editing,
    editForm,
    editRules,
    openEdit,
    submitEdit,
    resetPassword,
  };
}
