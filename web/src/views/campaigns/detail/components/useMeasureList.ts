// 整改 tab of a campaign: its measures the user may read (a group leader: their groups'), filtered
// by group, state and overdue, with their counts; a row opens the measure in a drawer, and so does
// `?measure=<id>` (the bell's link to a measure waiting for review). The drawer's review reloads
// the list.
import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { listCampaignMeasures } from '@/api/measures';
import { listGroups } from '@/api/registry';
import type { Campaign, Group, Measure, MeasureState } from '@/api/types';
import { useSubmit } from '@/utils/useSubmit';

export function useMeasureList(campaign: () => Campaign) {
  const { t } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const filter = reactive({ groupId: null as number | null, state: null as MeasureState | null, overdue: false });
  const items = ref<Measure[]>([]);
  const groups = ref<Pick<Group, 'id' | 'name'>[]>([]);
  const { busy: loading, run } = useSubmit();

  const counts = computed(() => ({
    total: items.value.length,
    done: items.value.filter((item) => item.state === 'done' || item.state === 'accepted').length,
    overdue: items.value.filter((item) => item.overdue).length,
  }));

  /** The campaign's groups the user may see, for the filter (a leader's list holds only theirs). */
  async function loadGroups(): Promise<void> {
    const covered = new Set(campaign().group_ids);
    try {
      groups.value = (await listGroups()).filter((group) => covered.has(group.id));
    } catch {
      // No group list for this user: the filter offers the groups of the measures instead.
      groups.value = [];
    }
    if (groups.value.length === 0) {
      const seen = new Map<number, string>();
      for (const item of items.value) if (item.group_id !== null) seen.set(item.group_id, item.group_name);
      groups.value = [...seen].map(([id, name]) => ({ id, name }));
    }
  }

  async function load(): Promise<void> {
    await run(async () => {
      items.value = await listCampaignMeasures(campaign().id, filter);
    });
  }

  // --- the drawer of one measure, in the address as ?measure=<id> ---
  const openId = computed(() => {
    const id = Number(route.query.measure ?? 0);
    return Number.isInteger(id) && id > 0 ? id : null;
  });
  async function open(item: Measure): Promise<void> {
    await router.replace({ query: { ...route.query, tab: 'measures', measure: item.id } });
  }
  async function close(): Promise<void> {
    const query = { ...route.query };
    delete query.measure;
    await router.replace({ query });
  }

  watch(filter, load);
  onMounted(async () => {
    await load();
    await loadGroups();
  });
  return { t, filter, items, groups, loading, counts, openId, open, close, reload: load };
}
