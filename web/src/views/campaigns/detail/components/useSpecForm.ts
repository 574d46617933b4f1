// The plan (实施方案) form: an editable copy of the campaign's spec, saved whole with PUT.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { updateCampaign } from '@/api/campaigns';
import type { Campaign, CampaignSpec } from '@/api/types';
import { showError, showErrorText, showSuccess } from '@/utils/errors';

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

export function useSpecForm(campaign: Campaign, emitSaved: (saved: Campaign) => void) {
  const { t } = useI18n();
  const spec = ref<EditableSpec>(editable(campaign.spec));
  const saving = ref(false);

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
    saving.value = true;
    try {
      const body: CampaignSpec = { ...spec.value, content_items: spec.value.content_items.map((item) => item.trim()).filter(Boolean) };
      const saved = await updateCampaign(campaign.id, body, campaign.group_ids);
      showSuccess(t('campaigns.spec.saved'));
      emitSaved(saved);
    } catch (error) {
      showError(error);
    } finally {
      saving.value = false;
    }
  }

  return { t, spec, saving, move, addItem, addOption, addPhase, addTask, save };
}
