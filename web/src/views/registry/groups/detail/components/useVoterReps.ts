// Voter representatives of a group (table, create and edit) and the panel make-up check.
import { computed, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormRules } from 'element-plus';
import { createVoterRep, getPanel, listVoterReps, updateVoterRep, voterRepsExportUrl, type ExportFormat } from '@/api/registry';
import type { Gender, Occupation, Panel, VoterRep } from '@/api/types';
import { showSuccess } from '@/utils/errors';
import { useFormErrors } from '@/utils/fieldErrors';
import { useSubmit } from '@/utils/useSubmit';

const PHONE = /^[0-9+\-() ]{3,20}$/;

interface RepForm {
  name: string;
  gender: Gender | '';
  birth_year: number | null;
  occupation: Occupation | '';
  village: string;
  phone: string;
  active: boolean;
}

const AGE_BANDS = ['under_35', '35_to_54', '55_and_over'];

export function useVoterReps(groupId: Ref<number>) {
  const { t } = useI18n();
  const reps = ref<VoterRep[]>([]);
  const panel = ref<Panel | null>(null);
  const { busy: loading, run: runLoading } = useSubmit();

  async function load(): Promise<void> {
    await runLoading(async () => {
      [reps.value, panel.value] = await Promise.all([listVoterReps(groupId.value), getPanel(groupId.value)]);
    });
  }
  watch(groupId, load, { immediate: true });

  const exportUrl = (format: ExportFormat) => voterRepsExportUrl(groupId.value, format);

  const open = ref(false);
  const editing = ref<VoterRep | null>(null);
  const { busy: saving, run: runSaving } = useSubmit((error) => formErrors.take(error));
  const form = reactive<RepForm>({ name: '', gender: '', birth_year: null, occupation: '', village: '', phone: '', active: true });
  const formErrors = useFormErrors('registry.fieldErrors', { fields: Object.keys(form) });
  const thisYear = new Date().getFullYear();
  const rules = computed<FormRules<RepForm>>(() => ({
    name: [{ required: true, whitespace: true, message: t('registry.nameRequired'), trigger: ['blur', 'change'] }],
    gender: [{ required: true, message: t('registry.genderRequired'), trigger: 'change' }],
    occupation: [{ required: true, message: t('registry.occupationRequired'), trigger: 'change' }],
    birth_year: [
      {
        validator: (_rule, value: number | null, callback) =>
          value === null || (value >= 1900 && value <= thisYear) ? callback() : callback(new Error(t('registry.birthYearInvalid'))),
        trigger: 'change',
      },
    ],
    phone: [{ pattern: PHONE, message: t('registry.phoneInvalid'), trigger: 'blur' }],
  }));

  function openForm(rep: VoterRep | null): void {
    editing.value = rep;
    Object.assign(
      form,
      rep
        ? { name: rep.name, gender: rep.gender, birth_year: rep.birth_year, occupation: rep.occupation, village: rep.village, phone: rep.phone, active: rep.active }
        : { name: '', gender: '', birth_year: null, occupation: '', village: '', phone: '', active: true },
    );
    formErrors.clear();
    open.value = true;
  }

  async function save(valid: boolean): Promise<void> {
    formErrors.clear();
    if (!valid || form.gender === '' || form.occupation === '') return;
    const body = {
      name: form.name.trim(),
      gender: form.gender,
      birth_year: form.birth_year,
      occupation: form.occupation,
      village: form.village.trim(),
      phone: form.phone.trim(),
      active: form.active,
    };
    await runSaving(async () => {
      if (editing.value) await updateVoterRep(editing.value.id, body);
      else await createVoterRep(groupId.value, body);
      open.value = false;
      showSuccess(t(editing.value ? 'registry.updated' : 'registry.created'));
      await load();
    });
  }

  // Age bands read youngest first; the server lists a dimension's keys in key order.
  const dimensions = computed(() =>
    (panel.value?.dimensions ?? []).map((dimension) => {
      if (dimension.dimension !== 'age_band') return dimension;
      const rank = (key: string) => (AGE_BANDS.includes(key) ? AGE_BANDS.indexOf(key) : AGE_BANDS.length);
      return { ...dimension, items: [...dimension.items].sort((a, b) => rank(a.key) - rank(b.key)) };
    }),
  );

  return { reps, panel, dimensions, loading, load, exportUrl, open, editing, saving, error: formErrors.summary, errors: formErrors.errors, form, rules, openForm, save };
}
