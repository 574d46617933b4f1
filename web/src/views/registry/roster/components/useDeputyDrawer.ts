// The drawer of one deputy: the personal data (editable when the user manages one of the deputy's
// mandates), the mandates with their edit buttons, and the opinions collected for the deputy.
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { getDeputy, updateDeputy } from '@/api/registry';
import type { DeputyDetail, Mandate } from '@/api/types';
import { showError, showSuccess } from '@/utils/errors';
import { useFormSubmit } from '@/utils/useSubmit';
import { DEPUTY_REASONS, emptyDeputy, toDeputyInput, useDeputyRules, type DeputyForm } from '../forms';
import { useRosterRefs } from '../rosterRefs';

/** The group of the deputy's active mandate: its voter representatives may have collected an opinion. */
function currentGroupId(mandates: readonly Mandate[]): number | null {
  const current = mandates.find((mandate) => mandate.status === 'active' && mandate.group_id) ?? mandates.find((mandate) => mandate.group_id);
  return current?.group_id ?? null;
}

export function useDeputyDrawer(changed: () => void) {
  const { t } = useI18n();
  const { canManageMandate, ensureGroup, termLabel, groupLabel, constituencyById } = useRosterRefs();
  const rules = useDeputyRules();
  const open = ref(false);
  const detail = ref<DeputyDetail | null>(null);
  const form = reactive<DeputyForm>(emptyDeputy());
  const { errors, summary, clear, busy, run } = useFormSubmit('registry.fieldErrors', { fields: Object.keys(form), reasons: DEPUTY_REASONS });
  const canEdit = computed(() => (detail.value?.mandates ?? []).some(canManageMandate));

  /** Opens the drawer on the deputy once read (a deputy that cannot be read leaves it closed). */
  async function show(deputyId: number): Promise<void> {
    clear();
    try {
      detail.value = await getDeputy(deputyId);
      await Promise.all(detail.value.mandates.map((mandate) => ensureGroup(mandate.group_id)));
      Object.assign(form, { ...detail.value.deputy });
      open.value = true;
    } catch (error) {
      showError(error);
    }
  }

  async function save(valid: boolean): Promise<void> {
    clear();
    const body = toDeputyInput(form);
    const shown = detail.value;
    if (!valid || !body || !shown) return;
    await run(async () => {
      detail.value = await updateDeputy(shown.deputy.id, body);
      showSuccess(t('registry.updated'));
      changed();
    });
  }

  /** After a mandate was saved: the deputy as it is now, and the list again. */
  async function reload(): Promise<void> {
    if (!detail.value) return;
    detail.value = await getDeputy(detail.value.deputy.id);
    changed();
  }

  const deputyGroupId = computed(() => currentGroupId(detail.value?.mandates ?? []));

  // The mandate dialog: a new mandate (null) or one to edit.
  const mandateOpen = ref(false);
  const mandateEditing = ref<Mandate | null>(null);
  function openMandate(mandate: Mandate | null): void {
    mandateEditing.value = mandate;
    mandateOpen.value = true;
  }

  const constituencyName = (id: number | null | undefined) => constituencyById.value.get(id ?? 0)?.name ?? '';

  return {
    t,
    open,
    detail,
    form,
    rules,
    errors,
    summary,
    busy,
    canEdit,
    canManageMandate,
    termLabel,
    groupLabel,
    constituencyName,
    deputyGroupId,
    mandateOpen,
    mandateEditing,
    show,
    save,
    reload,
    openMandate,
  };
}
