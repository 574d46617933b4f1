// 我的测评结果: the logged-in deputy's own results. The server decides what is there (announced
// results once the poll is final; private ones only after the group leader released them) and
// sends only the deputy's own row, withheld rows without numbers.
import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { myResults } from '@/api/meetings';
import type { MyResult } from '@/api/types';
import { showError } from '@/utils/errors';

export function useMyResults() {
  const { t } = useI18n();
  const items = ref<MyResult[]>([]);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = await myResults();
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  onMounted(load);
  return { t, items, loading };
}
