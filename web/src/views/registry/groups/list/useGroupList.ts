// 代表小组 / 我的代表小组: the groups the user may see. A group leader with one group goes straight
// to it.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { listGroups } from '@/api/registry';
import type { Group } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { showError } from '@/utils/errors';
import { useCongresses } from '../../shared/refData';

export function useGroupList() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useSessionStore();
  const { congresses, loadCongresses, congressName } = useCongresses();
  const groups = ref<Group[]>([]);
  const congressId = ref<number | null>(null);
  const loading = ref(false);
  const leaderOnly = computed(() => !session.hasAnyRole(['admin', 'organizer', 'reviewer']));
  const shown = computed(() => groups.value.filter((group) => !congressId.value || group.congress_id === congressId.value));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      [groups.value] = await Promise.all([listGroups(), loadCongresses()]);
      if (leaderOnly.value && groups.value.length === 1) {
        await router.replace({ name: 'registry-group', params: { id: groups.value[0].id } });
      }
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  function open(group: Group): void {
    void router.push({ name: 'registry-group', params: { id: group.id } });
  }

  onMounted(load);
  return { t, congresses, congressName, congressId, shown, loading, leaderOnly, open };
}
