// The import job on the server, seen from the wizard: the upload of the file (raw bytes), and the
// job's state polled every 400 ms while it validates or applies. Each state the job reaches moves
// the wizard to its step; a job ready to apply is handed to `onReady`.
import { computed, onBeforeUnmount, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { getImport, MAX_IMPORT_BYTES, uploadImport, type ImportTarget } from '@/api/imports';
import type { ImportJob } from '@/api/types';
import { errorMessage } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

const POLL_MS = 400;

export function useImportJob(step: Ref<number>, onReady: (job: ImportJob) => void) {
  const { t } = useI18n();
  const job = ref<ImportJob | null>(null);
  const uploadError = ref('');
  const { busy: uploading, run: send } = useSubmit((error) => {
    uploadError.value = errorMessage(error);
  });
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function stopPolling(): void {
    if (pollTimer !== null) clearTimeout(pollTimer);
    pollTimer = null;
  }

  function onJob(next: ImportJob): void {
    job.value = next;
    if (next.state === 'validating' || next.state === 'applying') {
      stopPolling();
      if (!stopped) pollTimer = setTimeout(() => void poll(), POLL_MS);
    }
    if (next.state === 'ready' || (next.state === 'failed' && next.applied === null && step.value <= 2)) step.value = 2;
    if (next.state === 'applying') step.value = 3;
    if (next.state === 'applied') step.value = 4;
    if (next.state === 'ready') onReady(next);
  }

  async function poll(): Promise<void> {
    pollTimer = null;
    if (!job.value) return;
    try {
      onJob(await getImport(job.value.id));
    } catch (error) {
      uploadError.value = errorMessage(error);
    }
  }

  /** Uploads `file` as a new job for `target`; `onStart` runs once the file is accepted for sending. */
  async function upload(target: ImportTarget, file: File, onStart: () => void): Promise<void> {
    uploadError.value = '';
    if (file.size > MAX_IMPORT_BYTES) {
      uploadError.value = t('imports.fileTooLarge');
      return;
    }
    stopPolling();
    await send(async () => {
      job.value = null;
      onStart();
      step.value = 1;
      onJob(await uploadImport(target, file));
    });
  }

  const progressPercent = computed(() => {
    const progress = job.value?.progress;
    if (!progress || progress.total <= 0) return progress?.phase === 'done' ? 100 : 0;
    return Math.min(100, Math.round((progress.done / progress.total) * 100));
  });
  const busy = computed(() => uploading.value || job.value?.state === 'validating' || job.value?.state === 'applying');

  onBeforeUnmount(() => {
    stopped = true;
    stopPolling();
  });

  return { job, uploading, uploadError, upload, onJob, stopPolling, progressPercent, busy };
}
