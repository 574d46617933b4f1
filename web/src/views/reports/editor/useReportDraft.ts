// The deputy's text of one report as it is being written: one text per section, saved 2 s after
// typing stops (autosave), with the state of that saving. The report the server sends back is
// taken in one place (applyReport), the texts only when asked, so a save never overwrites typing.
import { computed, ref, watch, type Ref } from 'vue';
import { saveDraft } from '@/api/reports';
import type { Report, ReportSection } from '@/api/types';
import { showError } from '@/utils/errors';

export const AUTOSAVE_DELAY_MS = 2000;
type SaveStatus = 'idle' | 'dirty' | 'saving' | 'saved';

export function useReportDraft(campaignId: Ref<number>, deputyId: Ref<number>, report: Ref<Report | null>, canEdit: Ref<boolean>) {
  const sections = ref<ReportSection[]>([]);
  const status = ref<SaveStatus>('idle');
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: Promise<void> | null = null;
  let loadingText = false;

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

  /** Waits for a save under way and saves what is still unsaved: the server then has every text. */
  async function settle(): Promise<void> {
    if (pending) await pending;
    if (status.value === 'dirty' || timer) await save();
  }

  /** Text waiting for the autosave is sent now, without waiting (the page is being left). */
  function sendWaiting(): void {
    if (timer) void saveNow().catch(() => {});
  }

  /** Typed text the server does not have yet (waiting for the autosave, or being saved). */
  const unsaved = computed(() => status.value === 'dirty' || status.value === 'saving');

  return { sections, status, applyReport, settle, sendWaiting, unsaved };
}
