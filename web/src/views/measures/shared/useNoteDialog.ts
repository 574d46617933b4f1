// 添加进展: a progress note's text and its evidence files. Files are checked when chosen (only
// .png/.jpg/.jpeg/.pdf, at most 10 MB each: others are refused at once with the reason). Saving
// writes the note, then uploads the files one after another to it, each with its own progress bar;
// a file the server refuses (415 a content that is not what its name says, 413 too large or the
// measure full) keeps its reason under it, in the user's language, and the others go on. The note
// then stays written: the dialog only retries the files left, or finishes without them.
import { computed, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { addMeasureNote, MAX_EVIDENCE_BYTES, uploadEvidence, evidenceType } from '@/api/measures';
import type { EvidenceType } from '@/api/types';
import { errorMessage, showErrorText, showSuccess } from '@/utils/errors';
import { useFormSubmit } from '@/utils/useSubmit';
import { formatBytes } from './labels';

export type UploadStatus = 'waiting' | 'uploading' | 'uploaded' | 'failed';

export interface UploadItem {
  key: number;
  file: File;
  type: EvidenceType;
  /** 0–100. */
  percent: number;
  status: UploadStatus;
  error: string;
}

/**
 * The files chosen for a note: `pick` checks each (type by its name's ending, size) and lists the
 * acceptable ones; `uploadAll` sends those not uploaded yet to a note, one after another.
 */
function useUploadList(measureId: () => number) {
  const { t } = useI18n();
  const items = ref<UploadItem[]>([]);
  /** What the last choice refused, one line per file. */
  const refused = ref<string[]>([]);
  const uploading = ref(false);
  const left = computed(() => items.value.filter((item) => item.status !== 'uploaded'));
  let nextKey = 0;

  function reset(): void {
    items.value = [];
    refused.value = [];
  }

  /** Files chosen: the acceptable ones join the list, the others are refused with the reason. */
  function pick(files: FileList | readonly File[] | null): void {
    refused.value = [];
    for (const file of files ?? []) {
      const type = evidenceType(file.name);
      if (!type) refused.value.push(t('measures.note.typeRefused', { name: file.name }));
      else if (file.size > MAX_EVIDENCE_BYTES) refused.value.push(t('measures.note.tooLarge', { name: file.name, size: formatBytes(file.size, true) }));
      else items.value.push({ key: nextKey++, file, type, percent: 0, status: 'waiting', error: '' });
    }
    if (refused.value.length) showErrorText(refused.value.join(' '));
  }

  function remove(item: UploadItem): void {
    items.value = items.value.filter((other) => other.key !== item.key);
  }

  async function uploadOne(noteId: number, item: UploadItem): Promise<void> {
    item.status = 'uploading';
    item.error = '';
    item.percent = 0;
    try {
      await uploadEvidence(measureId(), noteId, item.file, item.type, (share) => (item.percent = Math.round(share * 100)));
      item.status = 'uploaded';
      item.percent = 100;
    } catch (error) {
      item.status = 'failed';
      item.error = errorMessage(error);
    }
  }

  /** Uploads the files left; true when none is left. */
  async function uploadAll(noteId: number): Promise<boolean> {
    uploading.value = true;
    try {
      for (const item of left.value) await uploadOne(noteId, item);
    } finally {
      uploading.value = false;
    }
    return left.value.length === 0;
  }

  return { items, refused, uploading, left, reset, pick, remove, uploadAll };
}

export function useNoteDialog(open: Ref<boolean>, measureId: () => number, saved: () => void) {
  const { t } = useI18n();
  const text = ref('');
  const { items, refused, uploading, left, reset, pick, remove, uploadAll } = useUploadList(measureId);
  /** The note once written: further saves only upload the files left. */
  const noteId = ref<number | null>(null);
  const { errors, summary, clear, busy, run } = useFormSubmit('measures.note.fieldErrors', { fields: ['text'] });
  const working = computed(() => busy.value || uploading.value);

  watch(open, (isOpen) => {
    if (isOpen) {
      clear();
      text.value = '';
      reset();
      noteId.value = null;
    } else if (noteId.value !== null) {
      // Closed after the note was written (some files perhaps left out): the page shows what is there.
      noteId.value = null;
      saved();
    }
  });

  /** Writes the note (the first time), then uploads the files not uploaded yet. */
  async function save(): Promise<void> {
    clear();
    if (noteId.value === null) {
      if (!text.value.trim()) {
        errors.text = t('measures.note.required');
        return;
      }
      await run(async () => {
        noteId.value = (await addMeasureNote(measureId(), text.value.trim())).id;
      });
      if (noteId.value === null) return;
    }
    if (await uploadAll(noteId.value)) {
      showSuccess(t('measures.note.saved'));
      open.value = false;
    } else {
      summary.value = t('measures.note.someFailed');
    }
  }

  /** Done without the files left (the note is kept). */
  function finish(): void {
    open.value = false;
  }

  return { t, text, items, refused, noteId, left, errors, summary, working, pick, remove, save, finish };
}
