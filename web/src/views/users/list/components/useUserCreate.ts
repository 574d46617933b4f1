// The new-user dialog: username, display name, first password and role grants. A refusal marks the
// fields and says what is wrong in words (userForm.ts).
import { computed, reactive, useTemplateRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance, FormRules } from 'element-plus';
import { createUser } from '@/api/users';
import { showSuccess } from '@/utils/errors';
import { MIN_PASSWORD_LENGTH } from '@/utils/roles';
import { toGrants, type GrantDraft } from '../grants';
import { useGrantRules, useUserFormSubmit } from '../userForm';

export function useUserCreate(open: Ref<boolean>, saved: () => Promise<void>) {
  const { t } = useI18n();
  const { allowedRoles, rolesValidator } = useGrantRules();
  const { error, marks, busy, run, clear } = useUserFormSubmit();
  const formRef = useTemplateRef<FormInstance>('createRef');
  const form = reactive<{ username: string; display_name: string; password: string; roles: GrantDraft[] }>({
    username: '',
    display_name: '',
    password: '',
    roles: [],
  });
  const rules = computed<FormRules<typeof form>>(() => ({
    username: [{ required: true, whitespace: true, message: t('users.usernameRequired'), trigger: ['blur', 'change'] }],
    display_name: [{ required: true, whitespace: true, message: t('users.displayNameRequired'), trigger: ['blur', 'change'] }],
    password: [
      { required: true, min: MIN_PASSWORD_LENGTH, message: t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }), trigger: ['blur', 'change'] },
    ],
    roles: [{ validator: rolesValidator, trigger: 'change' }],
  }));

  // Each opening starts from an empty form.
  watch(open, (isOpen) => {
    if (!isOpen) return;
    Object.assign(form, { username: '', display_name: '', password: '', roles: [] });
    clear();
    formRef.value?.clearValidate();
  });

  async function submit(): Promise<void> {
    clear();
    const valid = await formRef.value?.validate().catch(() => false);
    if (!valid) return;
    await run(async () => {
      await createUser({
        username: form.username.trim(),
        display_name: form.display_name.trim(),
        password: form.password,
        roles: toGrants(form.roles),
      });
      open.value = false;
      showSuccess(t('users.created'));
      await saved();
    });
  }

  return { t, allowedRoles, form, rules, error, marks, busy, submit };
}
