// 意见建议 of one deputy, for organizers and group leaders: the list (useOpinionsPanel), the 记录意见
// dialog with the voter representatives of the deputy's group as collectors (useOpinionRecord),
// the 代表码 link and its printable card (useOpinionLink: a PDF; printing issues a new link, so
// the old QR code stops working).
import { computed, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormRules } from 'element-plus';
import { createOpinionLink, listOpinions, printOpinionCard, recordOpinion } from '@/api/opinions';
import { listVoterReps } from '@/api/registry';
import type { Opinion, OpinionSource, VoterRep } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { openPdf } from '@/utils/openPdf';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { useFormErrors } from '@/utils/fieldErrors';
import { todayIso } from './labels';
import { useSubmit } from '@/utils/useSubmit';

interface RecordForm {
  source: OpinionSource | '';
  received_on: string;
  content: string;
  constituent: string;
  category: string;
  collector_voter_rep_id: number | null;
}

// The server's limit on a category, in UTF-8 bytes. Checked here because the server names the
// constituent field when the category is too long.
const CATEGORY_MAX_BYTES = 100;

function emptyForm(): RecordForm {
  return { source: 'visit', received_on: todayIso(), content: '', constituent: '', category: '', collector_voter_rep_id: null };
}

export function useOpinionsPanel(deputyId: Ref<number>) {
  const items = ref<Opinion[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();

  async function load(): Promise<void> {
    if (!deputyId.value) return;
    await runLoading(async () => {
      items.value = await listOpinions(deputyId.value);
    });
  }

  watch(deputyId, load, { immediate: true });
  return { items, loading, reload: load };
}

/** The 记录意见 dialog; `onRecorded` runs after a record is saved (the list reloads). */
export function useOpinionRecord(deputyId: Ref<number>, groupId: Ref<number | null>, onRecorded: () => Promise<void>) {
  const { t } = useI18n();
  const recordOpen = ref(false);
  const form = reactive<RecordForm>(emptyForm());
  const { busy: saving, run: runSaving } = useSubmit((error) => formErrors.take(error));
  const formErrors = useFormErrors('opinions.fieldErrors', { fields: Object.keys(form) });
  const voterReps = ref<VoterRep[]>([]);
  const rules = computed<FormRules<RecordForm>>(() => ({
    source: [{ required: true, message: t('opinions.sourceRequired'), trigger: 'change' }],
    received_on: [{ required: true, message: t('opinions.dateRequired'), trigger: 'change' }],
    content: [{ required: true, whitespace: true, message: t('opinions.contentRequired'), trigger: 'blur' }],
    category: [
      {
        validator: (_rule, value: string, callback) =>
          new TextEncoder().encode(value.trim()).length > CATEGORY_MAX_BYTES ? callback(new Error(t('opinions.categoryTooLong'))) : callback(),
        trigger: 'blur',
      },
    ],
  }));

  async function openRecord(): Promise<void> {
    Object.assign(form, emptyForm());
    formErrors.clear();
    recordOpen.value = true;
    voterReps.value = [];
    if (groupId.value) {
      try {
        voterReps.value = (await listVoterReps(groupId.value)).filter((rep) => rep.active);
      } catch (error) {
        showError(error);
      }
    }
  }

  async function saveRecord(valid: boolean): Promise<void> {
    formErrors.clear();
    const source = form.source;
    if (!valid || source === '') return;
    await runSaving(async () => {
      await recordOpinion(deputyId.value, {
        source,
        received_on: form.received_on,
        content: form.content.trim(),
        constituent: form.constituent.trim() || undefined,
        category: form.category.trim() || undefined,
        collector_voter_rep_id: form.collector_voter_rep_id,
      });
      recordOpen.value = false;
      showSuccess(t('opinions.recorded'));
      await onRecorded();
    });
  }

  const repName = (id: number | null | undefined) => voterReps.value.find((rep) => rep.id === id)?.name ?? '';

  return { t, recordOpen, form, rules, saving, formError: formErrors.summary, errors: formErrors.errors, voterReps, openRecord, saveRecord, repName };
}

/** The 代表码 link (a new one replaces the old at once) and the printable card. */
export function useOpinionLink(deputyId: Ref<number>) {
  const { t } = useI18n();
  const linkOpen = ref(false);
  const linkUrl = ref('');
  const { busy: linking, run: runLinking } = useSubmit();

  async function makeLink(): Promise<void> {
    // A new link replaces the old one at once: ask before the old one dies, not after.
    if (!(await confirmAction(t('opinions.linkConfirm'), { title: t('opinions.linkTitle'), confirm: t('opinions.linkGo') }))) return;
    await runLinking(async () => {
      const link = await createOpinionLink(deputyId.value);
      linkUrl.value = `${window.location.origin}${link.path ?? `/o/${link.token ?? ''}`}`;
      linkOpen.value = true;
    });
  }

  const { busy: printing, run: runPrinting } = useSubmit();
  async function printCard(): Promise<void> {
    if (!(await confirmAction(t('opinions.cardConfirm'), { title: t('opinions.card'), confirm: t('opinions.cardGo') }))) return;
    await runPrinting(async () => {
      openPdf(await printOpinionCard(deputyId.value), `opinion-card-${deputyId.value}.pdf`);
      linkUrl.value = '';
    });
  }

  async function copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(linkUrl.value);
      showSuccess(t('opinions.copied'));
    } catch {
      showErrorText(t('opinions.copyFailed'));
    }
  }

  return { linkOpen, linkUrl, linking, makeLink, copyLink, printing, printCard };
}
