// One duty report. The deputy edits it (one text per section, live 字数 / 字符数 against the
// limit, autosave 2 s after typing stops, submit); group leaders and organizers read it and
// return it with a comment or accept it. Both see the review comments and can compare versions.
// Leaving the page (another route, or closing / reloading the tab) while text is not yet saved
// asks first.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave, onBeforeRouteUpdate, useRoute } from 'vue-router';
import { ElMessageBox } from 'element-plus';
import { getCampaign } from '@/api/campaigns';
import { getReport, reviewReport, saveDraft, submitReport } from '@/api/reports';
import type { Campaign, Report, ReportSection } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { confirmAction } from '@/utils/confirm';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { countAll, countText } from '@/utils/wordCount';
import { useCampaignAccess } from '@/views/campaigns/shared/labels';
import { useSubmit } from '@/utils/useSubmit';

export const AUTOSAVE_DELAY_MS = 2000;
type SaveStatus = 'idle' | 'dirty' | 'saving' | 'saved';

/** The deadline is 23:59:59 of the named day, China Standard Time. */
function deadlineMoment(day: string | undefined): number | null {
  return day ? Date.parse(`${day}T23:59:59+08:00`) : null;
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
  const sections = ref<ReportSection[]>([]);
  const status = ref<SaveStatus>('idle');
  const { busy: submitting, run: runSubmitting } = useSubmit();
  const now = ref(Date.now());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: Promise<void> | null = null;
  let loadingText = false;

  const limit = computed(() => report.value?.word_limit ?? 0);
  const totals = computed(() => countAll(sections.value.map((section) => section.text)));
  const sectionWords = computed(() => sections.value.map((section) => countText(section.text).words));
  const over = computed(() => (limit.value > 0 ? Math.max(0, totals.value.words - limit.value) : 0));
  const deadline = computed(() => deadlineMoment(report.value?.report_deadline));
  const pastDeadline = computed(() => deadline.value !== null && now.value > deadline.value);
  const canEdit = computed(
    () => ownMode.value && campaign.value?.state !== 'closed' && ['not_started', 'draft', 'returned'].includes(report.value?.state ?? ''),
  );
  const canReview = computed(() => {
    if (ownMode.value || report.value?.state !== 'submitted') return false;
    const grants = session.user?.roles ?? [];
    return grants.some((g) => g.role === 'admin' || g.role === 'organizer' || g.role === 'group_leader');
  });
  const title = computed(() => campaign.value?.spec.title ?? t('reports.campaignFallback', { id: campaignId.value }));

  async function load(): Promise<void> {
    try {
      const loaded = await getReport(campaignId.value, deputyId.value);
      applyReport(loaded, true);
    } catch (error) {
      showError(error);
      return;
    }
    // The plan's title is a nicety: deputies may not be allowed to read the campaign itself.
    campaign.value = await getCampaign(campaignId.value).catch(() => null);
  }

  /** Takes the server's report; the section texts only when asked (not while the user types). */
  function applyReport(loaded: Report, withText: boolean): void {
    report.value = loaded;
    if (withText) {
      loadingText = true;
      sections.value = (loaded.content?.sections ?? []).map((section) => ({ ...section }));
      void Promise.resolve().then(() => (loadingText = false));
    }
  }

  async function saveNow(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    status.value = 'saving';
    try {
      const saved = await saveDraft(campaignId.value, deputyId.value, { sections: sections.value });
      applyReport(saved, false);
      if (status.value === 'saving') status.value = 'saved';
    } catch (error) {
      status.value = 'dirty';
      showError(error);
      throw error;
    }
  }

  function save(): Promise<void> {
    pending = saveNow().finally(() => (pending = null));
    return pending;
  }

  watch(
    sections,
    () => {
      if (loadingText || !canEdit.value) return;
      status.value = 'dirty';
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void save().catch(() => {}), AUTOSAVE_DELAY_MS);
    },
    { deep: true },
  );

  /** What submitting means now: no changes until reviewed, and what is empty or late. */
  function submitQuestion(): string {
    const parts: string[] = [];
    const empty = sections.value.filter((section) => !section.text.trim()).map((section, index) => section.title || String(index + 1));
    if (empty.length) parts.push(t('reports.submitEmpty', { n: empty.length, of: sections.value.length, names: empty.join('、') }));
    if (pastDeadline.value && deadline.value !== null) {
      const days = Math.max(1, Math.ceil((now.value - deadline.value) / 86_400_000));
      parts.push(t('reports.submitLate', { date: report.value?.report_deadline ?? '', days }));
    }
    parts.push(t('reports.submitLocked'));
    return parts.join('');
  }

  async function submit(): Promise<void> {
    now.value = Date.now();
    const confirmed = await confirmAction(submitQuestion(), { title: t('reports.submit'), confirm: t('reports.submit') });
    if (!confirmed) return;
    await runSubmitting(async () => {
      if (pending) await pending;
      if (status.value === 'dirty' || timer) await save();
      const wasReturned = report.value?.state === 'returned';
      applyReport(await submitReport(campaignId.value, deputyId.value), false);
      showSuccess(t(wasReturned ? 'reports.resubmitted' : 'reports.submitted'));
    });
  }

  // --- review ---
  const comment = ref('');
  const reviewing = ref(false);
  async function review(action: 'return' | 'accept'): Promise<void> {
    if (action === 'return' && !comment.value.trim()) {
      showErrorText(t('reports.commentRequired'));
      return;
    }
    reviewing.value = true;
    try {
      const body = action === 'return' ? { action, comment: comment.value.trim() } : { action, comment: comment.value.trim() || undefined };
      applyReport(await reviewReport(campaignId.value, deputyId.value, body), true);
      comment.value = '';
      showSuccess(t(action === 'return' ? 'reports.returned' : 'reports.accepted'));
    } catch (error) {
      showError(error);
    } finally {
      reviewing.value = false;
    }
  }

  // --- leaving with unsaved text ---
  /** Typed text the server does not have yet (waiting for the autosave, or being saved). */
  const unsaved = computed(() => status.value === 'dirty' || status.value === 'saving');

  /** Asks before leaving with unsaved text; on "leave" the text is still sent once more. */
  async function confirmLeave(): Promise<boolean> {
    if (!unsaved.value) return true;
    try {
      await ElMessageBox.confirm(t('reports.leaveConfirm'), t('reports.leaveTitle'), {
        confirmButtonText: t('reports.leave'),
        cancelButtonText: t('reports.stay'),
        type: 'warning',
      });
    } catch {
      return false;
    }
    // Sent while the route still names this report (the arguments are read before any await).
    if (timer) void saveNow().catch(() => {});
    return true;
  }
  onBeforeRouteLeave(confirmLeave);
  // The same page for another report (e.g. a notification's link): the same question.
  onBeforeRouteUpdate(confirmLeave);

  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (!unsaved.value) return;
    // The browser shows its own text; both calls are needed across browsers.
    event.preventDefault();
    event.returnValue = '';
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));

  const clock = setInterval(() => (now.value = Date.now()), 30_000);
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    clearInterval(clock);
    if (timer) {
      clearTimeout(timer);
      // Leaving with unsaved text: save it once more, without waiting.
      void saveNow().catch(() => {});
    }
  });

  watch([campaignId, deputyId], load, { immediate: true });
  return {
    t,
    campaignId,
    deputyId,
    ownMode,
    report,
    campaign,
    title,
    sections,
    status,
    limit,
    totals,
    sectionWords,
    over,
    pastDeadline,
    canEdit,
    canReview,
    submitting,
    submit,
    comment,
    reviewing,
    review,
  };
}
