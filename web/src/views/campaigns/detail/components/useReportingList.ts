// 述职名单: who reports in the campaign, from the covered groups' rotation plans or added by hand;
// group leaders confirm their group's list. The occupation breakdown is drawn as a bar chart.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessageBox } from 'element-plus';
import {
  addDeputiesFromRotation,
  addReportingDeputy,
  confirmGroupList,
  listReportingDeputies,
  removeReportingDeputy,
} from '@/api/campaigns';
import { listRoster } from '@/api/registry';
import type { ReportingDeputies, ReportingDeputy, RosterRow } from '@/api/types';
import { showSuccess } from '@/utils/errors';
import { barOption } from '@/views/registry/shared/charts';
import { useCampaignLabels } from '../../shared/labels';
import { useSubmit } from '@/utils/useSubmit';

/** A led group's list: its name, and who confirmed it when (null while any row is unconfirmed). */
export interface GroupConfirmation {
  groupId: number;
  name: string;
  count: number;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export function useReportingList(campaignId: number, ledGroups: () => number[] = () => [], canManage: () => boolean = () => true) {
  const { t } = useI18n();
  const labels = useCampaignLabels();
  const data = ref<ReportingDeputies>({ items: [], occupation_breakdown: [] });
  const loading = ref(false);
  const { busy, run: runBusy } = useSubmit();
  const listed = computed(() => new Set(data.value.items.map((item) => item.deputy_id)));
  // A group leader who does not manage the campaign sees their own group's rows only.
  const rows = computed(() =>
    canManage() ? data.value.items : data.value.items.filter((item) => item.group_id != null && ledGroups().includes(item.group_id)),
  );
  // The occupation breakdown of what the user sees: the server's for the whole list, counted here
  // for a leader's own group.
  const chart = computed(() => {
    if (canManage()) {
      return barOption(data.value.occupation_breakdown.map((entry) => ({ name: labels.occupation(entry.key), value: entry.count ?? 0 })));
    }
    const counts = new Map<string, number>();
    for (const row of rows.value) counts.set(row.occupation ?? '', (counts.get(row.occupation ?? '') ?? 0) + 1);
    return barOption([...counts].map(([key, value]) => ({ name: labels.occupation(key), value })));
  });
  const groups = computed<GroupConfirmation[]>(() =>
    ledGroups().map((groupId) => {
      const mine = data.value.items.filter((item) => item.group_id === groupId);
      const all = mine.length > 0 && mine.every((item) => item.confirmed_by);
      const latest = all ? mine.reduce((a, b) => ((a.confirmed_at ?? '') >= (b.confirmed_at ?? '') ? a : b)) : null;
      return {
        groupId,
        name: mine[0]?.group_name ?? '',
        count: mine.length,
        confirmedBy: latest?.confirmed_by ?? null,
        confirmedAt: latest?.confirmed_at ?? null,
      };
    }),
  );

  async function run(action: () => Promise<ReportingDeputies | void>, message?: (result: ReportingDeputies) => string): Promise<void> {
    await runBusy(async () => {
      const result = await action();
      if (result) {
        data.value = result;
        if (message) showSuccess(message(result));
      } else {
        data.value = await listReportingDeputies(campaignId);
      }
    });
  }

  async function load(): Promise<void> {
    loading.value = true;
    await run(() => listReportingDeputies(campaignId));
    loading.value = false;
  }

  const fromRotation = () => run(() => addDeputiesFromRotation(campaignId), (r) => t('campaigns.list.addedFromRotation', { n: r.added ?? 0 }));
  const confirm = (groupId: number) => run(() => confirmGroupList(campaignId, groupId), () => t('campaigns.list.confirmed'));

  async function remove(row: ReportingDeputy): Promise<void> {
    try {
      await ElMessageBox.confirm(t('campaigns.list.removeConfirm', { name: row.name }), t('common.confirmTitle'), {
        confirmButtonText: t('common.ok'),
        cancelButtonText: t('common.cancel'),
        type: 'warning',
      });
    } catch {
      return;
    }
    await run(() => removeReportingDeputy(campaignId, row.deputy_id ?? 0));
  }

  const add = (row: RosterRow) => run(() => addReportingDeputy(campaignId, row.deputy.id, row.mandate.group_id ?? null), () => t('campaigns.list.added'));

  onMounted(load);
  return { t, labels, data, rows, groups, loading, busy, chart, listed, fromRotation, confirm, remove, add };
}

/** Adding by hand: the roster searched by name, one row per person. */
export function useRosterSearch() {
  const addOpen = ref(false);
  const query = ref('');
  const results = ref<RosterRow[]>([]);
  const { busy: searching, run: runSearching } = useSubmit();
  async function search(): Promise<void> {
    await runSearching(async () => {
      const page = await listRoster({ q: query.value.trim() || undefined }, 1, 20);
      const seen = new Set<number>();
      // One row per person: a deputy with a district and a town mandate reports once.
      results.value = page.items.filter((row) => !seen.has(row.deputy.id) && seen.add(row.deputy.id));
    });
  }
  return { addOpen, query, results, searching, search };
}
