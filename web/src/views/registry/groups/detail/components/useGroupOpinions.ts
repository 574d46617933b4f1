// 意见建议 tab of a group: the group's deputies (from its rotation plan) to choose from, this year's
// reporting deputies first and the first of them chosen; the chosen deputy's opinions are shown by
// the shared opinions panel.
import { onMounted, ref, type Ref } from 'vue';
import { getRotation } from '@/api/registry';
import type { RotationPerson } from '@/api/types';
import { showError } from '@/utils/errors';

export function useGroupOpinions(groupId: Ref<number>) {
  const members = ref<RotationPerson[]>([]);
  const deputyId = ref<number | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const rotation = await getRotation(groupId.value);
      // This year's reporting deputies first (opinions are gathered for them now), then the rest.
      const thisYear = (person: RotationPerson) => person.year === rotation.current_year;
      members.value = rotation.persons
        .filter((person) => person.left_year === null)
        .sort((a, b) => Number(thisYear(b)) - Number(thisYear(a)));
      deputyId.value ??= members.value[0]?.deputy_id ?? null;
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  onMounted(load);
  return { members, deputyId, loading };
}
