// A group's members: every mandate placed in the group, and for the organizer of the congress that
// runs it, adding a deputy (of that congress or one above it: plan 2's district deputies in a town
// group) found by a name search, and taking one out after a question.
import { ref, watch, type Ref } from 'vue';
import { ElMessage } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { addGroupMember, listGroupCandidates, listRoster, removeGroupMember } from '@/api/registry';
import type { RosterRow } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showError } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function useMembers(groupId: Ref<number>, groupName: Ref<string>, onChanged: () => void) {
  const { t } = useI18n();
  const members = ref<RosterRow[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const adding = ref(false);
  const candidates = ref<RosterRow[]>([]);
  const searching = ref(false);
  const chosen = ref<number | undefined>();
  const { busy: saving, run: runSaving } = useSubmit();
  let latest = 0;

  async function load(): Promise<void> {
    await runLoading(async () => {
      members.value = (await listRoster({ group_id: groupId.value }, 1, 500)).items;
    });
  }

  async function search(q: string): Promise<void> {
    const ticket = ++latest;
    searching.value = true;
    try {
      const found = await listGroupCandidates(groupId.value, q);
      if (ticket === latest) candidates.value = found;
    } catch (error) {
      if (ticket === latest) candidates.value = [];
      showError(error);
    } finally {
      if (ticket === latest) searching.value = false;
    }
  }

  function openAdd(): void {
    chosen.value = undefined;
    candidates.value = [];
    adding.value = true;
    void search('');
  }

  /** Where a candidate sits now: their group, or none. */
  function placeOf(row: RosterRow): string {
    return row.group_name ? t('members.inGroup', { group: row.group_name }) : t('members.noGroup');
  }

  async function add(): Promise<void> {
    const row = candidates.value.find((item) => item.mandate.id === chosen.value);
    if (!row) return;
    if (row.group_name && !(await confirmAction(t('members.confirmMove', { name: row.deputy.name, from: row.group_name, to: groupName.value })))) return;
    await runSaving(async () => {
      await addGroupMember(groupId.value, row.mandate.id);
      ElMessage.success(t('members.added', { name: row.deputy.name }));
      adding.value = false;
      await load();
      onChanged();
    });
  }

  async function remove(row: RosterRow): Promise<void> {
    const message = t('members.confirmRemove', { name: row.deputy.name, group: groupName.value });
    if (!(await confirmAction(message, { danger: true, confirm: t('members.remove') }))) return;
    try {
      await removeGroupMember(groupId.value, row.mandate.id);
      ElMessage.success(t('members.removed', { name: row.deputy.name }));
      await load();
      onChanged();
    } catch (error) {
      showError(error);
    }
  }

  watch(groupId, load, { immediate: true });
  return { members, loading, adding, candidates, searching, chosen, saving, search, openAdd, placeOf, add, remove };
}
