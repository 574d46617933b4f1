// The page of one deputy group: header, and tabs for the rotation plan, the voter
// representatives with the panel make-up, the deputies' opinions (意见建议) and the settings
// (organizers); `?tab=` picks the tab to open.
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { getGroup, listConstituencies } from '@/api/registry';
import type { Constituency, Group } from '@/api/types';
import { showError } from '@/utils/errors';
import { useRegistryAccess } from '../../shared/access';
import { useCongresses } from '../../shared/refData';

export function useGroupPage() {
  const { t } = useI18n();
  const route = useRoute();
  const access = useRegistryAccess();
  const { loadCongresses, congressName } = useCongresses();
  const group = ref<Group | null>(null);
  const constituencies = ref<Constituency[]>([]);
  type Tab = 'rotation' | 'members' | 'voterReps' | 'opinions' | 'settings';
  const TABS: readonly Tab[] = ['rotation', 'members', 'voterReps', 'opinions', 'settings'];
  // `?tab=opinions` opens a tab directly (the home page's workbench leads a leader to their group's opinions).
  const tab = ref<Tab>(TABS.find((name) => name === String(route.query.tab ?? '')) ?? 'rotation');
  const groupId = computed(() => Number(route.params.id));
  const canManage = computed(() => access.canManageGroup(group.value));
  const canEditSettings = computed(() => access.canEditCongress(group.value?.congress_id));

  async function load(): Promise<void> {
    try {
      group.value = await getGroup(groupId.value);
      await loadCongresses();
      constituencies.value = canEditSettings.value ? await listConstituencies(group.value.congress_id) : [];
    } catch (error) {
      showError(error);
    }
  }

  watch(groupId, load, { immediate: true });
  return { t, group, groupId, constituencies, tab, canManage, canEditSettings, congressName, reload: load };
}
