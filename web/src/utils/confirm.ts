// One question before an action that cannot be undone: the message states the consequence with
// the numbers (what is left, who, what becomes invalid). Resolves true when the user confirms.
import { ElMessageBox } from 'element-plus';
import { i18n } from '@/locales';

export async function confirmAction(message: string, options: { title?: string; confirm?: string; danger?: boolean } = {}): Promise<boolean> {
  const t = i18n.global.t;
  try {
    // The title names the box for screen readers (an untitled box has no accessible name).
    await ElMessageBox.confirm(message, options.title ?? t('common.confirmTitle'), {
      confirmButtonText: options.confirm ?? t('common.ok'),
      cancelButtonText: t('common.cancel'),
      type: 'warning',
      confirmButtonClass: options.danger ? 'el-button--danger' : undefined,
    });
    return true;
  } catch {
    return false;
  }
}
