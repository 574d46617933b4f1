// 归档 tab of a campaign: its numbered archives with their progress, size, time and SHA-256, and
// (for its organizers, once the campaign is closed) building a new one of a group or of the whole
// campaign. While a build runs the list is asked again every second, so the progress bar moves and
// reaches done; a finished build says so.
import { computed, onMounted, onUnmounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { archiveDownloadUrl, buildArchive, listArchives } from '@/api/archives';
import { listGroups } from '@/api/registry';
import type { Archive, Campaign, Group } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showError, showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

/** The select's value for the whole campaign (a group id is positive). */
export const WHOLE_CAMPAIGN = 0;

export function useArchiveList(campaign: () => Campaign, canManage: () => boolean) {
  const { t } = useI18n();
  const items = ref<Archive[]>([]);
  const groups = ref<Pick<Group, 'id' | 'name'>[]>([]);
  const scope = ref<number>(WHOLE_CAMPAIGN);
  const { busy: loading, run } = useSubmit();
  const closed = computed(() => campaign().state === 'closed' || campaign().state === 'archived');
  const mayBuild = computed(() => canManage() && closed.value);
  const building = computed(() => items.value.some((item) => item.state === 'building'));
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function loadGroups(): Promise<void> {
    const covered = new Set(campaign().group_ids);
    try {
      groups.value = (await listGroups()).filter((group) => covered.has(group.id));
    } catch {
      groups.value = [];
    }
    if (groups.value.length) scope.value = groups.value[0].id;
  }

  async function refresh(): Promise<void> {
    const before = new Set(items.value.filter((item) => item.state === 'building').map((item) => item.id));
    items.value = await listArchives(campaign().id);
    if (items.value.some((item) => before.has(item.id) && item.state === 'done')) showSuccess(t('archives.finished'));
    if (timer) clearTimeout(timer);
    timer = building.value ? setTimeout(() => void refresh().catch(showError), 1000) : null;
  }

  async function load(): Promise<void> {
    await run(refresh);
  }

  function scopeName(groupId: number | null): string {
    if (groupId === null) return t('archives.wholeCampaign');
    return groups.value.find((group) => group.id === groupId)?.name ?? t('scope.hidden');
  }

  async function build(): Promise<void> {
    const groupId = scope.value === WHOLE_CAMPAIGN ? null : scope.value;
    if (!(await confirmAction(t('archives.buildConfirm', { scope: scopeName(groupId) })))) return;
    try {
      await buildArchive(campaign().id, groupId);
      showSuccess(t('archives.started'));
      await refresh();
    } catch (error) {
      showError(error);
    }
  }

  /** Whole percent of the files made, for el-progress. */
  function percent(item: Archive): number {
    if (item.state === 'done') return 100;
    return item.files_total > 0 ? Math.floor((100 * item.files_done) / item.files_total) : 0;
  }

  onMounted(async () => {
    await Promise.all([load(), canManage() ? loadGroups() : Promise.resolve()]);
  });
  onUnmounted(() => {
    if (timer) clearTimeout(timer);
  });
  return { t, items, groups, scope, loading, closed, mayBuild, build, percent, downloadUrl: archiveDownloadUrl };
}
