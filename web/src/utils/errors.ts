// Shows a failed request's (already translated) message to the user.
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '@/api/client';
import { i18n } from '@/locales';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return i18n.global.t('errors.unknown', { status: 0 });
}

export function showError(error: unknown): void {
  ElMessage.error({ message: errorMessage(error), grouping: true });
}

export function showSuccess(message: string): void {
  ElMessage.success({ message, grouping: true });
}

/** Shows a message the page itself found wrong (a required field left empty). */
export function showErrorText(message: string): void {
  ElMessage.error({ message, grouping: true });
}
