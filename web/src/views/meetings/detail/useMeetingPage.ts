// The page of one reporting meeting: the meeting as its staff see it, and tabs for its details,
// check-in, carriers, the chair's console, paper entry and results, the minutes (PDF), and, for a meeting whose results
// are private, the feedback talks (会后反馈) once a poll has closed. While the console is shown the meeting
// is fetched again every 2 s (poll progress, the timer) so several staff screens stay in step.
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { getMeeting, meetingMinutes } from '@/api/meetings';
import type { Meeting } from '@/api/types';
import { showError } from '@/utils/errors';
import { openPdf } from '@/utils/openPdf';
import { useSubmit } from '@/utils/useSubmit';

export type MeetingTab = 'details' | 'checkin' | 'carriers' | 'console' | 'paper' | 'results' | 'feedback';
const TABS: readonly MeetingTab[] = ['details', 'checkin', 'carriers', 'console', 'paper', 'results', 'feedback'];
const REFRESH_MS = 2000;

export function useMeetingPage() {
  const { t } = useI18n();
  const route = useRoute();
  const meeting = ref<Meeting | null>(null);
  const meetingId = computed(() => Number(route.params.id));
  const asked = String(route.query.tab ?? '');
  // Check-in stays the default: it is what the staff at the door need first; details is one click away.
  const tab = ref<MeetingTab>(TABS.find((name) => name === asked) ?? 'checkin');
  let refresh: ReturnType<typeof setInterval> | null = null;
  let quietFailures = false;

  async function load(): Promise<void> {
    try {
      meeting.value = await getMeeting(meetingId.value);
      quietFailures = false;
    } catch (error) {
      // While refreshing in the background, report a failure once rather than every 2 s.
      if (!quietFailures) showError(error);
      quietFailures = refresh !== null;
    }
  }

  /** Private results are fed back in a talk; there is someone to talk with once a poll has closed. */
  const feedbackShown = computed(
    () => meeting.value?.disclosure === 'private' && meeting.value.polls.some((poll) => poll.state === 'final' || poll.state === 'counting'),
  );

  // The minutes (会议记录) open like the tally certificate: in a new tab, or downloaded when pop-ups are blocked.
  const { busy: printing, run } = useSubmit();
  async function printMinutes(): Promise<void> {
    await run(async () => openPdf(await meetingMinutes(meetingId.value), `minutes-${meetingId.value}.pdf`));
  }

  function update(next: Meeting): void {
    meeting.value = next;
  }

  function stopRefresh(): void {
    if (refresh) clearInterval(refresh);
    refresh = null;
  }

  watch(
    tab,
    (value) => {
      stopRefresh();
      if (value === 'console') refresh = setInterval(load, REFRESH_MS);
    },
    { immediate: true },
  );
  watch(meetingId, load, { immediate: true });
  onBeforeUnmount(stopRefresh);

  return { t, meeting, meetingId, tab, feedbackShown, printing, printMinutes, load, update };
}
