// The mandate dialog of the deputy drawer: a new mandate, or one to edit (its term then fixed).
// After a save the drawer reads the deputy again (`reload`), inside the same save: a failure there
// is reported on the dialog's form like the save's own.
import { computed, reactive, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { createMandate, updateMandate } from '@/api/registry';
import type { Mandate } from '@/api/types';
import { showSuccess } from '@/utils/errors';
import { useFormSubmit } from '@/utils/useSubmit';
import { emptyMandate, MANDATE_REASONS, mandateRulesFor, type MandateForm } from '../forms';
import { useRosterRefs } from '../rosterRefs';

export function useMandateDialog(open: Ref<boolean>, mandate: () => Mandate | null, deputyId: () => number | null, reload: () => Promise<void>) {
  const { t } = useI18n();
  const { termById, editableTerms, ensureGroup, canManageMandate, mandateChoices, termLabel, groupLabel } = useRosterRefs();
  const form = reactive<MandateForm>(emptyMandate());
  const { errors, summary, clear, busy, run } = useFormSubmit('registry.fieldErrors', { fields: Object.keys(form), reasons: MANDATE_REASONS });
  const rules = computed(() => mandateRulesFor(form, canManageMandate));
  const choices = computed(() => mandateChoices(form.term_id));
  const editing = computed(() => mandate() !== null);

  /** The terms offered: when editing, the mandate's own term (fixed) is always listed. */
  const terms = computed(() => {
    const editedMandate = mandate();
    const own = editedMandate ? termById.value.get(editedMandate.term_id) : undefined;
    if (!own || editableTerms.value.includes(own)) return editableTerms.value;
    return [own, ...editableTerms.value];
  });

  watch(open, (isOpen) => {
    if (!isOpen) return;
    const edited = mandate();
    if (edited) void ensureGroup(edited.group_id);
    Object.assign(form, edited ? { ...edited } : emptyMandate());
    clear();
  });

  async function save(valid: boolean): Promise<void> {
    clear();
    const deputy = deputyId();
    const termId = form.term_id;
    if (!valid || deputy === null || termId === null) return;
    const edited = mandate();
    const update = {
      constituency_id: form.constituency_id,
      group_id: form.group_id,
      status: form.status,
      status_date: form.status === 'active' ? null : form.status_date,
      by_election: form.by_election,
      elected_date: form.elected_date,
    };
    await run(async () => {
      if (edited) await updateMandate(edited.id, update);
      else await createMandate(deputy, { ...update, term_id: termId });
      open.value = false;
      showSuccess(t(edited ? 'registry.updated' : 'registry.created'));
      await reload();
    });
  }

  return { t, form, rules, choices, terms, editing, errors, summary, busy, termLabel, groupLabel, save };
}
