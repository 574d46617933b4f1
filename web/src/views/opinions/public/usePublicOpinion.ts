// The public opinion form at /o/:token (代表码): no login, no admin layout. Loads the deputy's name
// and the length limit, counts characters as the constituent types, and sends the opinion (held for
// moderation). An unknown token shows "invalid link"; rate limit and length errors stay on the form,
// a field the server refused is marked under it.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { ApiError } from '@/api/client';
import { getPublicForm, submitPublicOpinion } from '@/api/opinions';
import { errorMessage } from '@/utils/errors';
import { useFieldErrors } from '@/utils/fieldErrors';

type Phase = 'loading' | 'form' | 'done' | 'invalid';

/** Characters as the server counts them (code points, so an emoji counts once). */
function charCount(text: string): number {
  return Array.from(text).length;
}

export function usePublicOpinion() {
  const { t } = useI18n();
  const route = useRoute();
  const token = computed(() => String(route.params.token ?? ''));
  const phase = ref<Phase>('loading');
  const deputyName = ref('');
  const maxChars = ref(2000);
  const content = ref('');
  const constituent = ref('');
  const sending = ref(false);
  const error = ref('');
  const fieldErrors = useFieldErrors('publicOpinion.fieldErrors', { fields: ['content', 'constituent'] });

  const count = computed(() => charCount(content.value));
  const over = computed(() => count.value - maxChars.value);
  const canSubmit = computed(() => !sending.value && content.value.trim() !== '' && over.value <= 0);

  async function load(): Promise<void> {
    try {
      const form = await getPublicForm(token.value);
      deputyName.value = form.deputy_name ?? '';
      maxChars.value = form.max_chars ?? 2000;
      phase.value = 'form';
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) phase.value = 'invalid';
      else {
        error.value = errorMessage(failure);
        phase.value = 'invalid';
      }
    }
  }

  async function submit(): Promise<void> {
    error.value = '';
    fieldErrors.clear();
    if (content.value.trim() === '') {
      error.value = t('publicOpinion.contentRequired');
      return;
    }
    if (over.value > 0) {
      error.value = t('publicOpinion.tooLong', { n: over.value });
      return;
    }
    sending.value = true;
    try {
      await submitPublicOpinion(token.value, { content: content.value.trim(), constituent: constituent.value.trim() || undefined });
      phase.value = 'done';
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'opinion.form_not_found') phase.value = 'invalid';
      else error.value = fieldErrors.take(failure) ? t('publicOpinion.checkFields') : errorMessage(failure);
    } finally {
      sending.value = false;
    }
  }

  function again(): void {
    content.value = '';
    error.value = '';
    fieldErrors.clear();
    phase.value = 'form';
  }

  onMounted(load);
  return { t, phase, deputyName, maxChars, content, constituent, sending, error, errors: fieldErrors.errors, count, over, canSubmit, submit, again };
}
