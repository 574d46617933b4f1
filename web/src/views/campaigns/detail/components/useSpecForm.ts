// The plan (实施方案) form: an editable copy of the campaign's spec and its covered deputy groups
// (chosen among the congress's groups), saved whole with PUT.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { updateCampaign } from '@/api/campaigns';
import { listGroups } from '@/api/registry';
import type { Campaign, CampaignSpec, Group } from '@/api/types';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { useFieldErrors } from '@/utils/fieldErrors';
import { useSubmit } from '@/utils/useSubmit';

/** A spec with every list and option present, so the form can bind to it directly. */
type EditableSpec = CampaignSpec & Required<Pick<CampaignSpec, 'content_items' | 'scale' | 'phases'>>;

function editable(spec: CampaignSpec): EditableSpec {
  // A JSON copy: the spec arrives as a reactive proxy, which structuredClone refuses.
  const copy = JSON.parse(JSON.stringify(spec)) as CampaignSpec;
  return {
    ...copy,
    content_items: copy.content_items ?? [],
    scale: copy.scale ?? [],
    phases: (copy.phases ?? []).map((phase) => ({ ...phase, tasks: phase.tasks ?? [] })),
    disclosure: copy.disclosure ?? 'announce',
  };
}

function move<T>(list: T[], index: number, by: number): void {
  const to = index + by;
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(index, 1);
  list.splice(to, 0, item);
}

export interface GroupOption {
  id: number;
  name: string;
}

export function useSpecForm(campaign: Campaign, canEdit: () => boolean, emitSaved: (saved: Campaign) => void) {
  const { t } = useI18n();
  const spec = ref<EditableSpec>(editable(campaign.spec));
  const groupIds = ref<number[]>([...campaign.group_ids]);
  const groups = ref<Group[]>([]);
  const groupsLoaded = ref(false);
  const fieldErrors = useFieldErrors('campaigns.spec.fieldErrors');
  // A refusal that names fields marks them; anything else is one message.
  const { busy: saving, run } = useSubmit((error) => {
    if (fieldErrors.take(error)) showErrorText(t('errors.checkFields'));
    else showError(error);
  });

  /** The congress's groups, plus any covered group the user cannot list (in words, never its id). */
  const groupOptions = computed<GroupOption[]>(() => {
    const options: GroupOption[] = groups.value.map((group) => ({ id: group.id, name: group.name }));
    const unlisted = groupsLoaded.value ? t('scope.hidden') : t('common.loading');
    for (const id of groupIds.value) {
      if (!options.some((option) => option.id === id)) options.push({ id, name: unlisted });
    }
    return options;
  });

  async function loadGroups(): Promise<void> {
    try {
      groups.value = await listGroups(campaign.congress_id);
    } catch (error) {
      // Read-only viewers only need the names; a word stands in for those they may not read.
      if (canEdit()) showError(error);
    } finally {
      groupsLoaded.value = true;
    }
  }
  onMounted(loadGroups);

  function addItem(): void {
    spec.value.content_items.push('');
  }
  function addOption(): void {
    spec.value.scale.push({ code: `option_${spec.value.scale.length + 1}`, label: '', approval: false });
  }
  function addPhase(): void {
    const day = spec.value.report_deadline;
    spec.value.phases.push({ title: '', start_date: day, end_date: day, tasks: [] });
  }
  function addTask(phaseIndex: number): void {
    spec.value.phases[phaseIndex].tasks?.push({ title: '', due_date: null, done: false });
  }

  async function save(): Promise<void> {
    if (!spec.value.title.trim()) {
      showErrorText(t('campaigns.spec.titleRequired'));
      return;
    }
    if (!spec.value.report_deadline) {
      showErrorText(t('campaigns.spec.deadlineRequired'));
      return;
    }
    fieldErrors.clear();
    await run(async () => {
      const body: CampaignSpec = { ...spec.value, content_items: spec.value.content_items.map((item) => item.trim()).filter(Boolean) };
      const saved = await updateCampaign(campaign.id, body, groupIds.value);
      showSuccess(t('campaigns.spec.saved'));
      emitSaved(saved);
    });
  }

  return { t, spec, groupIds, groupOptions, saving, errors: fieldErrors.errors, move, addItem, addOption, addPhase, addTask, save };
}
