// 导入名册: choose what to import and where (with the template to fill in), upload the file (raw
// bytes), watch validation, fix the column mapping or the file, decide ambiguous matches, apply
// (all rows, or skipping the rows with problems), and see the summary. The job runs on the server
// (useImportJob polls it); this moves between the steps and sends the check step's choices.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { applyImport, setImportMapping } from '@/api/imports';
import { errorMessage } from '@/utils/errors';
import { useImportDecisions } from './useImportDecisions';
import { useImportJob } from './useImportJob';
import { useImportMapping } from './useImportMapping';
import { useImportTarget } from './useImportTarget';

export function useImportWizard() {
  const { t } = useI18n();
  const step = ref(0);
  const form = useImportTarget();
  const run = useImportJob(step, (next) => {
    check.resetMapping(next);
    choices.keepDecisions(next);
  });
  const check = useImportMapping(run.job);
  const choices = useImportDecisions(run.job, check.missingRequired);
  const applyError = ref('');

  function toUpload(): void {
    form.targetError.value = form.target.value ? '' : t('imports.targetRequired');
    if (form.target.value) step.value = 1;
  }

  async function upload(file: File): Promise<void> {
    if (!form.target.value) return;
    await run.upload(form.target.value, file, () => {
      choices.skipProblemRows.value = false;
    });
  }

  async function revalidate(): Promise<void> {
    const job = run.job.value;
    if (!job) return;
    check.mappingError.value = '';
    check.clearMappingErrors();
    try {
      const columns = check.mappedColumns(job);
      step.value = 1;
      run.onJob(await setImportMapping(job.id, { columns }));
    } catch (error) {
      step.value = 2;
      check.showRefusal(error);
    }
  }

  async function apply(): Promise<void> {
    if (!run.job.value || !choices.canApply.value) return;
    applyError.value = '';
    try {
      const body = choices.applyBody();
      step.value = 3;
      run.onJob(await applyImport(run.job.value.id, body));
    } catch (error) {
      step.value = 2;
      applyError.value = errorMessage(error);
    }
  }

  function restart(): void {
    run.stopPolling();
    run.job.value = null;
    run.uploadError.value = '';
    applyError.value = '';
    choices.skipProblemRows.value = false;
    choices.clearDecisions();
    step.value = 0;
  }

  return { t, step, form, run, check, choices, toUpload, upload, revalidate, apply, applyError, restart };
}
