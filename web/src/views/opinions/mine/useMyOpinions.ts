// 意见建议 of the logged-in deputy (their id comes from their role grant): every opinion passed to
// them, each with an answer box; an answered opinion may be answered again (the answer is replaced).
// A refused answer is marked on its own box.
import { computed, onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { answerOpinion, listOpinions } from '@/api/opinions';
import type { Opinion } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { useFieldErrors } from '@/utils/fieldErrors';
import { useSubmit } from '@/utils/useSubmit';

const ANSWERABLE = new Set(['new', 'answered', 'addressed']);

export function useMyOpinions() {
  const { t } = useI18n();
  const session = useSessionStore();
  const deputyId = computed(() => session.user?.roles.find((grant) => grant.role === 'deputy')?.deputy_id ?? null);
  const items = ref<Opinion[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const drafts = reactive<Record<number, string>>({});
  const saving = ref<number | null>(null);
  const fieldErrors = useFieldErrors('opinions.fieldErrors', { fields: ['answer'] });
  /** The opinion whose answer the server refused last: `answerError` is its box's mark. */
  const refusedId = ref<number | null>(null);
  const answerError = (opinion: Opinion) => (opinion.id === refusedId.value ? fieldErrors.errors.answer : undefined);

  async function load(): Promise<void> {
    const id = deputyId.value;
    if (!id) return;
    await runLoading(async () => {
      items.value = await listOpinions(id);
      for (const opinion of items.value) if (opinion.id !== undefined) drafts[opinion.id] = opinion.answer ?? '';
    });
  }

  const canAnswer = (opinion: Opinion) => ANSWERABLE.has(opinion.status ?? '');

  async function answer(opinion: Opinion): Promise<void> {
    if (opinion.id === undefined) return;
    const text = (drafts[opinion.id] ?? '').trim();
    if (!text) {
      showErrorText(t('opinions.answerRequired'));
      return;
    }
    fieldErrors.clear();
    refusedId.value = null;
    saving.value = opinion.id;
    try {
      const saved = await answerOpinion(opinion.id, text);
      items.value = items.value.map((item) => (item.id === saved.id ? saved : item));
      drafts[opinion.id] = saved.answer ?? text;
      showSuccess(t('opinions.answered'));
    } catch (error) {
      if (fieldErrors.take(error)) {
        refusedId.value = opinion.id;
        showErrorText(t('errors.checkFields'));
      } else {
        showError(error);
      }
    } finally {
      saving.value = null;
    }
  }

  onMounted(load);
  return { t, deputyId, items, loading, drafts, saving, canAnswer, answerError, answer };
}
