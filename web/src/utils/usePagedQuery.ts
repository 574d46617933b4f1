// A paged list as the server serves it ({ items, total } for a page number and size): the current
// page and size, the rows, the total and the loading flag. `search()` starts again at page 1 (the
// filters changed); a page or size change reloads. Shown with <PagedTable>.
import { ref, type Ref } from 'vue';
import { showError } from './errors';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PagedQueryOptions<P> {
  pageSize?: number;
  /** After a page arrived (inside the same try: a failure here is shown like a failed request). */
  loaded?: (page: P) => void;
  /** After every load, whether it succeeded or not. */
  settled?: () => void;
}

export function usePagedQuery<T, P extends Page<T> = Page<T>>(
  fetchPage: (page: number, pageSize: number) => Promise<P>,
  options: PagedQueryOptions<P> = {},
) {
  const page = ref(1);
  const pageSize = ref(options.pageSize ?? 20);
  const items = ref<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const result = await fetchPage(page.value, pageSize.value);
      items.value = result.items;
      total.value = result.total;
      options.loaded?.(result);
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
    options.settled?.();
  }

  /** The filters changed: back to the first page. */
  function search(): void {
    page.value = 1;
    void load();
  }

  function onPageChange(value: number): void {
    page.value = value;
    void load();
  }

  function onPageSizeChange(value: number): void {
    pageSize.value = value;
    page.value = 1;
    void load();
  }

  return { page, pageSize, items, total, loading, load, search, onPageChange, onPageSizeChange };
}
