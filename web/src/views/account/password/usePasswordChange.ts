// Own password change. Forced (no way around it) while the account has must_change_password.
import { computed, reactive, ref, useTemplateRef } from 'vue';
import { useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import type { FormInstance, FormItemRule, FormRules } from 'element-plus';
import { changeOwnPassword } from '@/api/session';
import { useSessionStore } from '@/stores/session';
import { MIN_PASSWORD_LENGTH } from '@/utils/roles';
import { errorMessage, showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function usePasswordChange() {
  const session = useSessionStore();
  const router = useRouter();
  const { t } = useI18n();

  const formRef = useTemplateRef<FormInstance>('formRef');
  const form = reactive({ current: '', next: '', confirm: '' });
  const error = ref('');
  const { busy: submitting, run } = useSubmit((caught) => (error.value = errorMessage(caught)));
  const forced = computed(() => session.mustChangePassword);

  const matches: FormItemRule['validator'] = (_rule, value: string, callback) => {
    if (value !== form.next) callback(new Error(t('password.mismatch')));
    else callback();
  };

  const rules = computed<FormRules<typeof form>>(() => ({
    current: [{ required: true, message: t('password.currentRequired'), trigger: ['blur', 'change'] }],
    next: [
      { required: true, min: MIN_PASSWORD_LENGTH, message: t('password.tooShort', { min: MIN_PASSWORD_LENGTH }), trigger: ['blur', 'change'] },
    ],
    confirm: [
      { required: true, message: t('password.mismatch'), trigger: ['blur', 'change'] },
      { validator: matches, trigger: ['blur', 'change'] },
    ],
  }));

  async function submit(): Promise<void> {
    error.value = '';
    const valid = await formRef.value?.validate().catch(() => false);
    if (!valid) return;
    await run(async () => {
      await changeOwnPassword({ current_password: form.current, new_password: form.next });
      form.current = form.next = form.confirm = '';
      await session.refresh();
      showSuccess(t('password.changed'));
      await router.push({ name: 'home' });
    });
  }

  return { form, rules, submitting, error, forced, submit, t, MIN_PASSWORD_LENGTH };
}
