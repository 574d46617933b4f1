// The deputy and mandate forms of the roster (the drawer, the mandate dialog, the new-deputy
// dialog): their shapes, empty values, rules, and the conflicts the server sends without field
// details with the field each is about.
import { computed } from 'vue';
import type { FormRules } from 'element-plus';
import { i18n } from '@/locales';
import type { DeputyInput, Gender, MandateStatus, Occupation } from '@/api/types';

const PHONE = /^[0-9+\-() ]{3,20}$/;

export const DEPUTY_REASONS = { 'registry.person_exists': ['name'], 'registry.duplicate': ['name'], 'registry.name_taken': ['name'] };
export const MANDATE_REASONS = { 'registry.mandate_exists': ['term_id'] };

export interface DeputyForm {
  name: string;
  gender: Gender | '';
  birth_date: string;
  ethnicity: string;
  occupation: Occupation | '';
  employer: string;
  title: string;
  phone: string;
}

export interface MandateForm {
  term_id: number | null;
  constituency_id: number | null;
  group_id: number | null;
  status: MandateStatus;
  status_date: string | null;
  by_election: boolean;
  elected_date: string | null;
}

export function emptyDeputy(): DeputyForm {
  return { name: '', gender: '', birth_date: '', ethnicity: '', occupation: '', employer: '', title: '', phone: '' };
}

export function emptyMandate(termId: number | null = null): MandateForm {
  return { term_id: termId, constituency_id: null, group_id: null, status: 'active', status_date: null, by_election: false, elected_date: null };
}

export function toDeputyInput(form: DeputyForm): DeputyInput | null {
  if (form.gender === '' || form.occupation === '') return null;
  return {
    name: form.name.trim(),
    gender: form.gender,
    birth_date: form.birth_date,
    ethnicity: form.ethnicity.trim(),
    occupation: form.occupation,
    employer: form.employer.trim(),
    title: form.title.trim(),
    phone: form.phone.trim(),
  };
}

/** The rules of the personal data (shared by the drawer and the new-deputy dialog). */
export function useDeputyRules() {
  const { t } = i18n.global;
  return computed<FormRules<DeputyForm>>(() => ({
    name: [{ required: true, whitespace: true, message: t('registry.nameRequired'), trigger: ['blur', 'change'] }],
    gender: [{ required: true, message: t('registry.genderRequired'), trigger: 'change' }],
    birth_date: [{ required: true, message: t('roster.birthDateRequired'), trigger: 'change' }],
    occupation: [{ required: true, message: t('registry.occupationRequired'), trigger: 'change' }],
    phone: [{ pattern: PHONE, message: t('registry.phoneInvalid'), trigger: 'blur' }],
  }));
}

/** The rules of a mandate: a term, and a term and group the user may manage. */
export function mandateRulesFor(form: MandateForm, canManage: (mandate: MandateForm) => boolean): FormRules<MandateForm> {
  const { t } = i18n.global;
  return {
    term_id: [{ required: true, message: t('roster.termRequired'), trigger: 'change' }],
    group_id: [
      {
        trigger: 'change',
        validator: (_rule, _value, callback) => {
          if (form.term_id === null || canManage(form)) callback();
          else callback(new Error(t('roster.mandateOutOfScope')));
        },
      },
    ],
  };
}
