// The edit dialog of one user: display name, role grants, disabled. A refusal marks the fields and
// says what is wrong in words (userForm.ts).
import { computed, reactive, useTemplateRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance, FormRules } from 'element-plus';
import { updateUser } from '@/api/users';
import type { User } from '@/api/types';
import { showSuccess } from '@/utils/errors';
import { toDrafts, toGrants, type GrantDraft } from '../grants';
import { useGrantRules, useUserFormSubmit } from '../userForm';

export function useUserEdit(open: Ref<boolean>, user: () => User | null, saved: () => Promise<void>) {
  const { t } = useI18n();
  const { allowedRoles, rolesValidator } = useGrantRules();
  const { error, marks, busy, run, clear } = useUserFormSubmit();
  const formRef = useTemplateRef<FormInstance>('editRef');
  const form = reactive<{ display_name: string; disabled: boolean; roles: GrantDraft[] }>({
    display_name: '',
    disabled: false,
    roles: [],
  });
  const rules = computed<FormRules<typeof form>>(() => ({
    display_name: [{ required: true, whitespace: true, message: t('users.displayNameRequired'), trigger: ['blur', 'change'] }],
    roles: [{ validator: rolesValidator, trigger: 'change' }],
  }));

  // Each opening starts from the user as listed.
  watch(open, (isOpen) => {
    const editing = user();
    if (!isOpen || !editing) return;
    Object.assign(form, { display_name: editing.display_name, disabled: editing.disabled, roles: toDrafts(editing.roles) });
    clear();
    formRef.value?.clearValidate();
  });

  async function submit(): Promise<void> {
    const editing = user();
    if (!editing) return;
    clear();
    const valid = await formRef.value?.validate().catch(() => false);
    if (!valid) return;
    await run(async () => {
      await updateUser(editing.id, {
        display_name: form.display_name.trim(),
        disabled: form.disabled,
        roles: toGrants(form.roles),
      });
      open.value = false;
      showSuccess(t('users.updated'));
      await saved();
    });
  }

  return { t, allowedRoles, form, rules, error, marks, busy, submit };
}
