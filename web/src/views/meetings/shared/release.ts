// Releasing a private result to its deputy (公开结果), from the 结果 tab or the 会后反馈 tab: one
// question naming the deputy first, since a release cannot be undone.
import { releaseResult } from '@/api/meetings';
import { confirmAction } from '@/utils/confirm';
import { showSuccess } from '@/utils/errors';
import { i18n } from '@/locales';

/** Asks, then releases; true when released. The caller wraps it in its busy flag and error handler. */
export async function confirmAndRelease(pollId: number, deputyId: number, name: string, run: (action: () => Promise<void>) => Promise<boolean>): Promise<boolean> {
  const t = i18n.global.t;
  const confirmed = await confirmAction(t('meetings.results.releaseConfirm', { name }), {
    title: t('meetings.results.release'),
    confirm: t('meetings.results.releaseTo', { name }),
  });
  if (!confirmed) return false;
  return run(async () => {
    await releaseResult(pollId, deputyId);
    showSuccess(t('meetings.results.released_ok', { name }));
  });
}
