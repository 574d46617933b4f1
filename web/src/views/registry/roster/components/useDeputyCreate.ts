// The new-deputy dialog: the personal data and the first mandate, sent as one body. A term the user
// may not manage is said before anything is sent.
import { computed, reactive, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { createDeputy } from '@/api/registry';
import { showSuccess } from '@/utils/errors';
import { fieldKey } from '@/utils/fieldErrors';
import { useFormSubmit } from '@/utils/useSubmit';
import { DEPUTY_REASONS, emptyDeputy, emptyMandate, MANDATE_REASONS, mandateRulesFor, toDeputyInput, useDeputyRules, type DeputyForm, type MandateForm } from '../forms';
import { useRosterRefs } from '../rosterRefs';

export function useDeputyCreate(open: Ref<boolean>, termId: () => number | null, created: (deputyId: number) => void) {
  const { t } = useI18n();
  const { editableTerms, canManageMandate, mandateChoices, termLabel, groupLabel } = useRosterRefs();
  const deputyRules = useDeputyRules();
  const form = reactive<DeputyForm>(emptyDeputy());
  const mandateForm = reactive<MandateForm>(emptyMandate());
  const mandateRules = computed(() => mandateRulesFor(mandateForm, canManageMandate));
  const choices = computed(() => mandateChoices(mandateForm.term_id));
  // One body with both parts: a detail names `deputy.name` (a bad character) or plain `term_id`.
  const { errors, summary, clear, busy, run } = useFormSubmit('registry.fieldErrors', {
    fields: [...Object.keys(form), ...Object.keys(mandateForm)],
    keyOf: (field) => fieldKey(field.replace(/^(deputy|mandate)\./, '')),
    reasons: { ...DEPUTY_REASONS, ...MANDATE_REASONS },
  });

  // Each opening starts empty, in the term the roster is filtered by.
  watch(open, (isOpen) => {
    if (!isOpen) return;
    Object.assign(form, emptyDeputy());
    Object.assign(mandateForm, emptyMandate(termId()));
    clear();
  });

  async function save(valid: boolean): Promise<void> {
    clear();
    const deputy = toDeputyInput(form);
    if (!valid || !deputy) return;
    const mandateTerm = mandateForm.term_id;
    if (mandateTerm === null) {
      summary.value = t('roster.termRequired');
      return;
    }
    if (!canManageMandate(mandateForm)) {
      summary.value = t('roster.mandateOutOfScope');
      return;
    }
    await run(async () => {
      const made = await createDeputy({
        deputy,
        mandate: { ...mandateForm, term_id: mandateTerm, status_date: mandateForm.status === 'active' ? null : mandateForm.status_date },
      });
      open.value = false;
      showSuccess(t('registry.created'));
      created(made.deputy.id);
    });
  }

  return { t, form, mandateForm, deputyRules, mandateRules, choices, editableTerms, termLabel, groupLabel, errors, summary, busy, save };
}
