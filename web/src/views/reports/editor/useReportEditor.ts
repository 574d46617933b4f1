// One duty report. The deputy edits it (one text per section, live 字数 / 字符数 against the
// limit, autosave 2 s after typing stops, submit); group leaders and organizers read it and
// return it with a comment or accept it (components/ReportReview). Both see the review comments
// and can compare versions. Leaving the page while text is not yet saved asks first (useLeaveGuard).
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { getCampaign } from '@/api/campaigns';
import { getReport, submitReport } from '@/api/reports';
import type { Campaign, Report, ReportSection } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { confirmAction } from '@/utils/confirm';
import { showError, showSuccess } from '@/utils/errors';
import { countAll, countText } from '@/utils/wordCount';
import { useCampaignAccess } from '@/views/campaigns/shared/labels';
import { useSubmit } from '@/utils/useSubmit';
import { useLeaveGuard } from './useLeaveGuard';
import { useReportDraft } from './useReportDraft';

/** The deadline is 23:59:59 of the named day, China Standard Time. */
function deadlineMoment(day: string | undefined): number | null {
  return day ? Date.parse(`${day}T23:59:59+08:00`) : null;
}

/** The counts against the word limit, and the deadline against the clock (ticking every 30 s). */
function useReportCounts(report: Ref<Report | null>, sections: Ref<ReportSection[]>) {
  const now = ref(Date.now());
  const limit = computed(() => report.value?.word_limit ?? 0);
  const totals = computed(() => countAll(sections.value.map((section) => section.text)));
  const sectionWords = computed(() => sections.value.map((section) => countText(section.text).words));
  const over = computed(() => (limit.value > 0 ? Math.max(0, totals.value.words - limit.value) : 0));
  const deadline = computed(() => deadlineMoment(report.value?.report_deadline));
  const pastDeadline = computed(() => deadline.value !== null && now.value > deadline.value);
  const clock = setInterval(() => (now.value = Date.now()), 30_000);
  onBeforeUnmount(() => clearInterval(clock));
  return { now, limit, totals, sectionWords, over, deadline, pastDeadline };
}

export function useReportEditor() {
  const { t } = useI18n();
  const route = useRoute();
  const session = useSessionStore();
  const access = useCampaignAccess();

  const campaignId = computed(() => Number(route.params.id));
  const ownMode = computed(() => route.name === 'my-report');
  const deputyId = computed(() => (ownMode.value ? (access.ownDeputyIds.value[0] ?? 0) : Number(route.params.deputyId)));

  const report = ref<Report | null>(null);
  const campaign = ref<Campaign | null>(null);
  const canEdit = computed(
    () => ownMode.value && campaign.value?.state !== 'closed' && ['not_started', 'draft', 'returned'].includes(report.value?.state ?? ''),
  );
  const canReview = computed(() => {
    if (ownMode.value || report.value?.state !== 'submitted') return false;
    const grants = session.user?.roles ?? [];
    return grants.some((g) => g.role === 'admin' || g.role === 'organizer' || g.role === 'group_leader');
  });
  const title = computed(() => campaign.value?.spec.title ?? t('reports.campaignFallback', { id: campaignId.value }));
  const draft = useReportDraft(campaignId, deputyId, report, canEdit);
  const counts = useReportCounts(report, draft.sections);
  const { busy: submitting, run: runSubmitting } = useSubmit();
  useLeaveGuard(draft.unsaved, draft.sendWaiting);

  async function load(): Promise<void> {
    try {
      draft.applyReport(await getReport(campaignId.value, deputyId.value), true);
    } catch (error) {
      showError(error);
      return;
    }
    // The plan's title is a nicety: deputies may not be allowed to read the campaign itself.
    campaign.value = await getCampaign(campaignId.value).catch(() => null);
  }

  /** What submitting means now: no changes until reviewed, and what is empty or late. */
  function submitQuestion(): string {
    const sections = draft.sections.value;
    const { now, deadline, pastDeadline } = counts;
    const parts: string[] = [];
    const empty = sections.filter((section) => !section.text.trim()).map((section, index) => section.title || String(index + 1));
    if (empty.length) parts.push(t('reports.submitEmpty', { n: empty.length, of: sections.length, names: empty.join('、') }));
    if (pastDeadline.value && deadline.value !== null) {
      const days = Math.max(1, Math.ceil((now.value - deadline.value) / 86_400_000));
      parts.push(t('reports.submitLate', { date: report.value?.report_deadline ?? '', days }));
    }
    parts.push(t('reports.submitLocked'));
    return parts.join('');
  }

  async function submit(): Promise<void> {
    counts.now.value = Date.now();
    const confirmed = await confirmAction(submitQuestion(), { title: t('reports.submit'), confirm: t('reports.submit') });
    if (!confirmed) return;
    await runSubmitting(async () => {
      await draft.settle();
      const wasReturned = report.value?.state === 'returned';
      draft.applyReport(await submitReport(campaignId.value, deputyId.value), false);
      showSuccess(t(wasReturned ? 'reports.resubmitted' : 'reports.submitted'));
    });
  }

  watch([campaignId, deputyId], load, { immediate: true });
  return { t, campaignId, deputyId, ownMode, report, title, canEdit, canReview, submitting, submit, draft, counts };
}
