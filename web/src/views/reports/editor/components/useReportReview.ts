// 审核: a group leader or organizer returns the submitted report with a comment (required) or
// accepts it (the comment optional). The report the server sends back goes to `onReviewed`.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { reviewReport } from '@/api/reports';
import type { Report } from '@/api/types';
import { showErrorText, showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function useReportReview(campaignId: () => number, deputyId: () => number, onReviewed: (report: Report) => void) {
  const { t } = useI18n();
  const comment = ref('');
  const { busy: reviewing, run } = useSubmit();

  async function review(action: 'return' | 'accept'): Promise<void> {
    if (action === 'return' && !comment.value.trim()) {
      showErrorText(t('reports.commentRequired'));
      return;
    }
    await run(async () => {
      const body = action === 'return' ? { action, comment: comment.value.trim() } : { action, comment: comment.value.trim() || undefined };
      onReviewed(await reviewReport(campaignId(), deputyId(), body));
      comment.value = '';
      showSuccess(t(action === 'return' ? 'reports.returned' : 'reports.accepted'));
    });
  }

  return { t, comment, reviewing, review };
}
