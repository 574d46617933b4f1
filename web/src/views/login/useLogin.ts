// Login form: validates, logs in, and continues to the page the user first asked for.
import { computed, reactive, ref, useTemplateRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import type { FormInstance, FormRules } from 'element-plus';
import { useSessionStore } from '@/stores/session';
import { errorMessage } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function useLogin() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const { t } = useI18n();

  const formRef = useTemplateRef<FormInstance>('formRef');
  const form = reactive({ username: '', password: '' });
  const error = ref('');
  const { busy: submitting, run } = useSubmit((caught) => (error.value = errorMessage(caught)));

  const rules = computed<FormRules<typeof form>>(() => ({
    username: [{ required: true, whitespace: true, message: t('login.usernameRequired'), trigger: 'blur' }],
    password: [{ required: true, message: t('login.passwordRequired'), trigger: 'blur' }],
  }));

  function redirectTarget(): string {
    const redirect = route.query.redirect;
    // Only same-app paths: never follow "//host" or absolute URLs.
    if (typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//')) return redirect;
    return '/';
  }

  async function submit(): Promise<void> {
    error.value = '';
    const valid = await formRef.value?.validate().catch(() => false);
    if (!valid) return;
    await run(async () => {
      await session.login({ username: form.username.trim(), password: form.password });
      form.password = '';
      await router.replace(session.mustChangePassword ? { name: 'password' } : redirectTarget());
    });
  }

  return { form, rules, submitting, error, submit, t };
}
