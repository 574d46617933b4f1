// Audit page: newest entries first, in words (who, what, on what), narrowed by person, action and
// days, paged, exportable; the codes, details and hash of an entry in its detail row; the chain head.
import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { auditExportUrl, getAuditFacets, listAudit, type AuditFacets, type AuditFilter } from '@/api/audit';
import type { ExportFormat } from '@/api/registry';
import type { AuditEntry, AuditHead } from '@/api/types';
import { showError } from '@/utils/errors';
import { usePagedQuery } from '@/utils/usePagedQuery';

/** The people and actions the filters offer, the actions grouped by area. */
function useAuditFacets() {
  const { t } = useI18n();
  const facets = ref<AuditFacets>({ actors: [], actions: [] });

  /** The actions grouped by area (投票, 用户, …): each area can be chosen whole ("poll.") or one action. */
  const actionGroups = computed(() => {
    const groups = new Map<string, { code: string; label: string }[]>();
    for (const action of facets.value.actions) {
      const area = action.code.split('.')[0];
      groups.set(area, [...(groups.get(area) ?? []), action]);
    }
    return [...groups.entries()].map(([area, actions]) => ({
      area,
      label: t(`audit.areas.${area}`),
      actions,
    }));
  });

  async function loadFacets(): Promise<void> {
    try {
      facets.value = await getAuditFacets();
    } catch (error) {
      showError(error);
    }
  }

  return { facets, actionGroups, loadFacets };
}

export function useAudit() {
  const { t, locale } = useI18n();
  const filter = reactive<{ actor: string; action: string; days: [string, string] | null }>({ actor: '', action: '', days: null });
  const head = ref<AuditHead | null>(null);
  const { facets, actionGroups, loadFacets } = useAuditFacets();

  const current = (): AuditFilter => ({
    actor: filter.actor || undefined,
    action: filter.action || undefined,
    from: filter.days?.[0] || undefined,
    to: filter.days?.[1] || undefined,
  });

  const { page, pageSize, items, total, loading, load, search, onPageChange, onPageSizeChange } = usePagedQuery<AuditEntry, Awaited<ReturnType<typeof listAudit>>>(
    (pageNumber, size) => listAudit({ ...current(), page: pageNumber, page_size: size }),
    {
      pageSize: 50,
      loaded: (result) => {
        head.value = result.head;
      },
    },
  );

  /** A filter changed: back to the first page. */
  const applyFilter = search;

  function resetFilter(): void {
    Object.assign(filter, { actor: '', action: '', days: null });
    applyFilter();
  }

  const exportUrl = (format: ExportFormat) => auditExportUrl(current(), format);

  function detailsText(entry: AuditEntry): string {
    return Object.keys(entry.details).length === 0 ? '' : JSON.stringify(entry.details, null, 2);
  }

  /** 王敏（organizer）: the name people know, with the username that logged in. */
  function actorText(entry: AuditEntry): string {
    if (entry.actor === 'system' || !entry.actor_name) return entry.actor_name || entry.actor;
    return t('audit.actorWithUsername', { name: entry.actor_name, username: entry.actor });
  }

  onMounted(() => {
    void load();
    void loadFacets();
  });
  // The words come from the server in the UI language: switching it fetches them again.
  watch(locale, () => {
    void load();
    void loadFacets();
  });

  return {
    t,
    page,
    pageSize,
    filter,
    items,
    total,
    head,
    loading,
    facets,
    actionGroups,
    load,
    applyFilter,
    resetFilter,
    onPageChange,
    onPageSizeChange,
    exportUrl,
    detailsText,
    actorText,
  };
}
