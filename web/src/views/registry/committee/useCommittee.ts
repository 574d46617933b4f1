// 常委会组成人员: per congress, table with create and edit, export links.
import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormRules } from 'element-plus';
import { committeeExportUrl, createCommitteeMember, listCommitteeMembers, updateCommitteeMember, type ExportFormat } from '@/api/registry';
import type { CommitteeMember, Gender, Occupation } from '@/api/types';
import { showSuccess } from '@/utils/errors';
import { useFormErrors } from '@/utils/fieldErrors';
import { useRegistryAccess } from '../shared/access';
import { useCongresses } from '../shared/refData';
import { useSubmit } from '@/utils/useSubmit';

interface MemberForm {
  name: string;
  gender: Gender | '';
  birth_year: number | null;
  occupation: Occupation | '';
  position: string;
  active: boolean;
}

export function useCommittee() {
  const { t } = useI18n();
  const access = useRegistryAccess();
  const { congresses, loadCongresses } = useCongresses();
  const congressId = ref<number | null>(null);
  const members = ref<CommitteeMember[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const canEdit = computed(() => access.canEditCongress(congressId.value));

  async function load(): Promise<void> {
    const id = congressId.value;
    if (id === null) {
      members.value = [];
      return;
    }
    await runLoading(async () => {
      members.value = await listCommitteeMembers(id);
    });
  }
  watch(congressId, load);

  onMounted(async () => {
    await loadCongresses();
    // Start with the first congress in the user's scope that has a standing committee (county
    // level and above; a township has a presidium instead).
    const scoped = congresses.value.filter((congress) => access.isAdmin.value || access.inScope(congress.id));
    const first = scoped.find((congress) => congress.level !== 'township') ?? scoped[0] ?? congresses.value[0];
    congressId.value = first?.id ?? null;
  });

  const exportUrl = (format: ExportFormat) => committeeExportUrl(congressId.value ?? 0, format);

  const open = ref(false);
  const editing = ref<CommitteeMember | null>(null);
  const { busy: saving, run: runSaving } = useSubmit((error) => formErrors.take(error));
  const form = reactive<MemberForm>({ name: '', gender: '', birth_year: null, occupation: '', position: '', active: true });
  const formErrors = useFormErrors('registry.fieldErrors', { fields: Object.keys(form) });
  const rules = computed<FormRules<MemberForm>>(() => ({
    name: [{ required: true, whitespace: true, message: t('registry.nameRequired'), trigger: ['blur', 'change'] }],
    gender: [{ required: true, message: t('registry.genderRequired'), trigger: 'change' }],
    occupation: [{ required: true, message: t('registry.occupationRequired'), trigger: 'change' }],
  }));

  function openForm(member: CommitteeMember | null): void {
    editing.value = member;
    Object.assign(
      form,
      member
        ? { name: member.name, gender: member.gender, birth_year: member.birth_year, occupation: member.occupation, position: member.position, active: member.active }
        : { name: '', gender: '', birth_year: null, occupation: '', position: '', active: true },
    );
    formErrors.clear();
    open.value = true;
  }

  async function save(valid: boolean): Promise<void> {
    formErrors.clear();
    const id = congressId.value;
    if (!valid || form.gender === '' || form.occupation === '' || id === null) return;
    const body = {
      name: form.name.trim(),
      gender: form.gender,
      birth_year: form.birth_year,
      occupation: form.occupation,
      position: form.position.trim(),
      active: form.active,
    };
    await runSaving(async () => {
      if (editing.value) await updateCommitteeMember(editing.value.id, body);
      else await createCommitteeMember(id, body);
      open.value = false;
      showSuccess(t(editing.value ? 'registry.updated' : 'registry.created'));
      await load();
    });
  }

  return { t, congresses, congressId, members, loading, canEdit, exportUrl, open, editing, saving, error: formErrors.summary, errors: formErrors.errors, form, rules, openForm, save };
}
