// 会后反馈: after a meeting whose results are private, the group leader (or an organizer) talks with
// each deputy about their result and records the talk; the result is released to the deputy in the
// same step or on its own (公开结果). The list comes from the server with `may_record` per row, so
// reviewers and leaders of other groups read it only. A deputy whose result is withheld (too few
// valid votes) still has a talk, but no result to release, as on the 结果 tab.
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { listMeetingFeedback } from '@/api/feedback';
import { pollResult } from '@/api/meetings';
import type { FeedbackItem, Meeting } from '@/api/types';
import { useSubmit } from '@/utils/useSubmit';
import { confirmAndRelease } from '../../shared/release';

export type FeedbackStatus = 'none' | 'given' | 'confirmed';

const rowKey = (pollId: number, deputyId: number) => `${pollId}-${deputyId}`;

/** The rows whose result is withheld, read from the final polls' results the caller may see. */
async function withheldRows(pollIds: number[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const result of await Promise.all(pollIds.map(pollResult))) {
    for (const deputy of result.result?.deputies ?? []) {
      if (deputy.withheld) out.add(rowKey(result.poll_id, deputy.deputy_id));
    }
  }
  return out;
}

export function useFeedbackPanel(meeting: () => Meeting) {
  const { t } = useI18n();
  const items = ref<FeedbackItem[]>([]);
  const withheld = ref<Set<string>>(new Set());
  const { busy: loading, run: runLoading } = useSubmit();
  const { busy, run: runBusy } = useSubmit();
  const dialogOpen = ref(false);
  const editing = ref<FeedbackItem | null>(null);

  async function load(): Promise<void> {
    await runLoading(async () => {
      const list = await listMeetingFeedback(meeting().id);
      const finalPolls = [...new Set(list.filter((item) => item.poll_state === 'final').map((item) => item.poll_id))];
      withheld.value = await withheldRows(finalPolls);
      items.value = list;
    });
  }
  watch(() => meeting().polls.map((poll) => `${poll.id}:${poll.state}`).join(','), load, { immediate: true });

  const anyToRecord = computed(() => items.value.some((item) => item.may_record));

  function status(item: FeedbackItem): FeedbackStatus {
    if (!item.feedback) return 'none';
    return item.feedback.confirmed_at ? 'confirmed' : 'given';
  }

  const isWithheld = (item: FeedbackItem) => withheld.value.has(rowKey(item.poll_id, item.deputy_id));
  const isFinal = (item: FeedbackItem) => item.poll_state === 'final';
  const pollName = (item: FeedbackItem) => t('meetings.pollName', { n: item.poll_position + 1, round: item.poll_round });

  function record(item: FeedbackItem): void {
    editing.value = item;
    dialogOpen.value = true;
  }

  /** The dialog saved: its answer is the row as it now stands. */
  function recorded(next: FeedbackItem): void {
    items.value = items.value.map((item) => (item.poll_id === next.poll_id && item.deputy_id === next.deputy_id ? next : item));
  }

  async function release(item: FeedbackItem): Promise<void> {
    if (await confirmAndRelease(item.poll_id, item.deputy_id, item.deputy_name, runBusy)) recorded({ ...item, released: true });
  }

  return { t, items, loading, busy, anyToRecord, dialogOpen, editing, status, isWithheld, isFinal, pollName, record, recorded, release };
}
