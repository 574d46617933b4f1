// 谈话反馈 on a deputy's own results page: the talks their group leader recorded with them (meeting,
// campaign, when, how, by whom, what was said), each to be confirmed as received; a confirmed one
// shows when. Only the deputy's own records come from the server.
import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { confirmFeedback, myFeedback } from '@/api/feedback';
import type { MyFeedback } from '@/api/types';
import { showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function useMyFeedback() {
  const { t } = useI18n();
  const items = ref<MyFeedback[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const { busy, run: runBusy } = useSubmit();

  async function load(): Promise<void> {
    await runLoading(async () => {
      items.value = await myFeedback();
    });
  }

  async function confirm(item: MyFeedback): Promise<void> {
    await runBusy(async () => {
      await confirmFeedback(item.poll_id, item.deputy_id);
      showSuccess(t('meetings.mine.feedback.confirmed_ok'));
      await load();
    });
  }

  onMounted(load);
  return { t, items, loading, busy, confirm };
}
