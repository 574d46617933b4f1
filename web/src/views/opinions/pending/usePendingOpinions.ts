// 待审核意见: opinions left through the public form (代表码) and held for moderation, for the
// deputies the user looks after; 通过 passes one to the deputy, 不通过 hides it. The deputies'
// names are read once per deputy.
import { onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessageBox } from 'element-plus';
import { listPendingOpinions, moderateOpinion } from '@/api/opinions';
import { getDeputy } from '@/api/registry';
import type { Opinion } from '@/api/types';
import { showError, showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function usePendingOpinions() {
  const { t } = useI18n();
  const items = ref<Opinion[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const busy = ref<number | null>(null);
  const names = reactive(new Map<number, string>());

  async function loadNames(ids: number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !names.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          names.set(id, (await getDeputy(id)).deputy.name);
        } catch {
          names.set(id, t('scope.hidden'));
        }
      }),
    );
  }

  async function load(): Promise<void> {
    await runLoading(async () => {
      const list = await listPendingOpinions();
      // Names first, then the rows: a row never shows without its deputy.
      await loadNames(list.map((opinion) => opinion.deputy_id ?? 0).filter((id) => id > 0));
      items.value = list;
    });
  }

  async function moderate(opinion: Opinion, approve: boolean): Promise<void> {
    if (opinion.id === undefined) return;
    if (!approve) {
      try {
        await ElMessageBox.confirm(t('opinions.rejectConfirm'), t('common.confirmTitle'), { confirmButtonText: t('common.ok'), cancelButtonText: t('common.cancel'), type: 'warning' });
      } catch {
        return;
      }
    }
    busy.value = opinion.id;
    try {
      await moderateOpinion(opinion.id, approve);
      showSuccess(approve ? t('opinions.approved') : t('opinions.rejected'));
      items.value = items.value.filter((item) => item.id !== opinion.id);
    } catch (error) {
      showError(error);
    } finally {
      busy.value = null;
    }
  }

  const deputyName = (id: number | undefined) => (id ? (names.get(id) ?? t('scope.hidden')) : '');

  onMounted(load);
  return { t, items, loading, busy, moderate, deputyName };
}
