// 述职评议活动: the campaigns the user may see (group leaders: those covering their groups), and the
// "new campaign" dialog (congress, template, year, covered groups).
import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { createCampaign, listCampaigns } from '@/api/campaigns';
import { listGroups } from '@/api/registry';
import type { Campaign, CampaignTemplate, Group } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { useCongresses } from '@/views/registry/shared/refData';
import { useCampaignAccess } from '../shared/labels';
import { useSubmit } from '@/utils/useSubmit';

export function useCampaignList() {
  const { t } = useI18n();
  const router = useRouter();
  const access = useCampaignAccess();
  const { congresses, loadCongresses, congressName } = useCongresses();
  const campaigns = ref<Campaign[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();

  const creatable = computed(() => {
    const allowed = access.organizerCongresses.value;
    return allowed === null ? congresses.value : congresses.value.filter((c) => allowed.includes(c.id));
  });
  const canCreate = computed(() => access.organizerCongresses.value === null || access.organizerCongresses.value.length > 0);

  const dialogOpen = ref(false);
  const { busy: saving, run: runSaving } = useSubmit();
  const form = reactive({ congressId: null as number | null, template: 'voter' as CampaignTemplate, year: new Date().getFullYear(), groupIds: [] as number[] });
  const groups = ref<Group[]>([]);

  async function load(): Promise<void> {
    await runLoading(async () => {
      [campaigns.value] = await Promise.all([listCampaigns(), loadCongresses()]);
      campaigns.value.sort((a, b) => (b.spec.year ?? 0) - (a.spec.year ?? 0) || b.id - a.id);
    });
  }

  function openCreate(): void {
    if (!form.congressId && creatable.value.length === 1) form.congressId = creatable.value[0].id;
    dialogOpen.value = true;
  }

  watch(
    () => form.congressId,
    async (id) => {
      form.groupIds = [];
      groups.value = [];
      if (!id) return;
      // Plan 1 (委员会评议) is a county or city standing committee's; plan 2 (选民评议) a town's.
      const level = congresses.value.find((c) => c.id === id)?.level;
      if (level) form.template = level === 'township' ? 'voter' : 'committee';
      try {
        groups.value = await listGroups(id);
      } catch (error) {
        showError(error);
      }
    },
  );

  /** A campaign of the same congress, plan and year already exists: the list would show two alike. */
  const duplicate = computed(() =>
    campaigns.value.find((c) => c.congress_id === form.congressId && c.spec.template_code === form.template && c.spec.year === form.year) ?? null,
  );

  async function submitCreate(): Promise<void> {
    if (!form.congressId) {
      showErrorText(t('campaigns.congressRequired'));
      return;
    }
    if (duplicate.value && !(await confirmAction(t('campaigns.duplicateConfirm', { title: duplicate.value.spec.title, year: form.year })))) return;
    const congressId = form.congressId;
    await runSaving(async () => {
      const created = await createCampaign({ congress_id: congressId, template: form.template, year: form.year, group_ids: form.groupIds });
      showSuccess(t('campaigns.created'));
      dialogOpen.value = false;
      await router.push({ name: 'campaign', params: { id: created.id } });
    });
  }

  function open(campaign: Campaign): void {
    void router.push({ name: 'campaign', params: { id: campaign.id } });
  }

  onMounted(load);
  return { t, campaigns, loading, congressName, canCreate, creatable, dialogOpen, saving, form, groups, openCreate, submitCreate, duplicate, open };
}
