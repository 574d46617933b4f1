// Audit page: newest entries first, paged, with the chain head (entry count and newest hash).
import { onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { listAudit } from '@/api/audit';
import type { AuditEntry, AuditHead } from '@/api/types';
import { showError } from '@/utils/errors';

export function useAudit() {
  const { t } = useI18n();
  const query = reactive({ page: 1, pageSize: 50 });
  const items = ref<AuditEntry[]>([]);
  const total = ref(0);
  const head = ref<AuditHead | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const result = await listAudit({ page: query.page, page_size: query.pageSize });
      items.value = result.items;
      total.value = result.total;
      head.value = result.head;
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  function onPageChange(page: number): void {
    query.page = page;
    void load();
  }

  function onPageSizeChange(size: number): void {
    query.pageSize = size;
    query.page = 1;
    void load();
  }

  function detailsText(entry: AuditEntry): string {
    return Object.keys(entry.details).length === 0 ? '' : JSON.stringify(entry.details, null, 2);
  }

  onMounted(load);

  return { t, query, items, total, head, loading, load, onPageChange, onPageSizeChange, detailsText };
}
