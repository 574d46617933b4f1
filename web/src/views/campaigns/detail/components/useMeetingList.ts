// 述职会议 of a campaign: the list, and the dialog scheduling a new meeting (the standing committee
// or one covered group, start time, venue, poll mode, optionally a subset of the reporting list).
// After creating, the meeting's own page opens.
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { listReportingDeputies } from '@/api/campaigns';
import { createMeeting, listMeetings } from '@/api/meetings';
import { listGroups } from '@/api/registry';
import type { Campaign, Group, MeetingSummary, PollMode, ReportingDeputy } from '@/api/types';
import { showError, showErrorText } from '@/utils/errors';
import { useFieldErrors } from '@/utils/fieldErrors';
import { useSubmit } from '@/utils/useSubmit';

/** The scope value of the standing committee (no group). */
export const COMMITTEE_SCOPE = 0;

function defaultStart(): string {
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00:00`;
}

export function useMeetingList(campaign: () => Campaign, ledGroups: () => number[], canManage: () => boolean) {
  const { t } = useI18n();
  const router = useRouter();
  const meetings = ref<MeetingSummary[]>([]);
  const deputies = ref<ReportingDeputy[]>([]);
  // The groups the user may read, for a covered group no reporting deputy names.
  const groups = ref<Group[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const busy = ref(false);
  const dialogOpen = ref(false);
  const form = reactive({
    title: '',
    scope: COMMITTEE_SCOPE,
    startsAt: defaultStart(),
    venue: '',
    pollMode: 'per_deputy' as PollMode,
    deputyIds: [] as number[],
  });

  /** Who may schedule: organizers for any scope, group leaders for the groups they lead. */
  const scopes = computed(() => {
    const names = new Map<number, string>(groups.value.map((group) => [group.id, group.name]));
    for (const item of deputies.value) if (item.group_id && item.group_name) names.set(item.group_id, item.group_name);
    const list: { value: number; label: string }[] = [];
    if (canManage() && campaign().spec.template_code === 'committee') list.push({ value: COMMITTEE_SCOPE, label: t('meetings.create.committee') });
    for (const id of campaign().group_ids) {
      if (canManage() || ledGroups().includes(id)) list.push({ value: id, label: names.get(id) ?? t('scope.hidden') });
    }
    return list;
  });
  const canCreate = computed(() => scopes.value.length > 0);
  const scopeDeputies = computed(() =>
    form.scope === COMMITTEE_SCOPE ? deputies.value : deputies.value.filter((item) => item.group_id === form.scope),
  );

  async function load(): Promise<void> {
    await runLoading(async () => {
      const [list, reporting] = await Promise.all([listMeetings(campaign().id), listReportingDeputies(campaign().id)]);
      meetings.value = list;
      deputies.value = reporting.items;
      groups.value = await listGroups(campaign().congress_id).catch(() => []);
    });
  }

  function openDialog(): void {
    form.title = t('meetings.create.defaultTitle', { year: campaign().spec.year });
    form.scope = scopes.value[0]?.value ?? COMMITTEE_SCOPE;
    form.pollMode = campaign().spec.template_code === 'committee' ? 'per_deputy' : 'sheet';
    form.deputyIds = [];
    dialogOpen.value = true;
  }

  const fieldErrors = useFieldErrors('meetings.create.fieldErrors');

  async function submit(): Promise<void> {
    if (!form.title.trim()) return showErrorText(t('meetings.create.titleRequired'));
    if (!form.startsAt) return showErrorText(t('meetings.create.startRequired'));
    fieldErrors.clear();
    busy.value = true;
    try {
      const allowed = new Set(scopeDeputies.value.map((item) => item.deputy_id));
      const chosen = form.deputyIds.filter((id) => allowed.has(id));
      const meeting = await createMeeting(campaign().id, {
        title: form.title.trim(),
        group_id: form.scope === COMMITTEE_SCOPE ? null : form.scope,
        starts_at: `${form.startsAt}+08:00`,
        venue: form.venue.trim(),
        poll_mode: form.pollMode,
        deputy_ids: chosen.length ? chosen : undefined,
      });
      dialogOpen.value = false;
      await router.push({ name: 'meeting', params: { id: meeting.id } });
    } catch (error) {
      if (fieldErrors.take(error)) showErrorText(t('errors.checkFields'));
      else showError(error);
    } finally {
      busy.value = false;
    }
  }

  return { t, meetings, loading, busy, dialogOpen, form, scopes, canCreate, scopeDeputies, errors: fieldErrors.errors, load, openDialog, submit };
}
