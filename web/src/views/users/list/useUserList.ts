// The users list: a name search, the paged table, and the password reset of one user.
import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import { listUsers, resetUserPassword } from '@/api/users';
import type { User } from '@/api/types';
import { useScopeNames } from '@/utils/useScopeNames';
import { MIN_PASSWORD_LENGTH } from '@/utils/roles';
import { showError, showSuccess } from '@/utils/errors';
import { usePagedQuery } from '@/utils/usePagedQuery';

export function useUserList() {
  const { t } = useI18n();
  // The congresses, groups and deputies the role editor chooses from (the table's tags carry their
  // names in the reply).
  const names = useScopeNames();
  const q = ref('');

  const { page, pageSize, items, total, loading, load, search, onPageChange, onPageSizeChange } = usePagedQuery<User>((pageNumber, size) =>
    listUsers({ q: q.value.trim(), page: pageNumber, page_size: size }),
  );

  function resetSearch(): void {
    q.value = '';
    search();
  }

  async function askPassword(user: User): Promise<string | null> {
    try {
      const answer = await ElMessageBox.prompt(t('users.resetPrompt', { username: user.username }), t('users.resetTitle'), {
        inputType: 'password',
        inputValidator: (value: string) => value.length >= MIN_PASSWORD_LENGTH || t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }),
        confirmButtonText: t('common.ok'),
        cancelButtonText: t('common.cancel'),
        type: 'warning',
        customClass: 'reset-password-box',
      });
      return answer.value;
    } catch {
      return null; // cancelled
    }
  }

  async function resetPassword(user: User): Promise<void> {
    const password = await askPassword(user);
    if (password === null) return;
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

  return { t, names, q, page, pageSize, items, total, loading, load, search, resetSearch, onPageChange, onPageSizeChange, resetPassword };
}
