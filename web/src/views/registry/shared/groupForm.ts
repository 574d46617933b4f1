// The editable form of a deputy group (also used by the group's settings tab) and its conversion
// to the API's GroupInput. Targets are percentages per key; an empty box means "no target".
import type { Group, GroupInput, PanelTargets } from '@/api/types';
import { OCCUPATIONS } from '@/api/types';
import { fieldKey, useFormErrors } from '@/utils/fieldErrors';

export const TARGET_KEYS = {
  gender: ['male', 'female'],
  age_band: ['under_35', '35_to_54', '55_and_over'],
  occupation: [...OCCUPATIONS],
} as const;
export type TargetDimension = keyof typeof TARGET_KEYS;

export interface GroupFormModel {
  name: string;
  leader_name: string;
  constituency_id: number | null;
  rotation_start_year: number;
  rotation_years: number;
  panel_min: number;
  panel_max: number;
  targets: Record<TargetDimension, Record<string, number | null>>;
  tolerance: number;
}

function emptyTargets(): GroupFormModel['targets'] {
  const result = { gender: {}, age_band: {}, occupation: {} } as GroupFormModel['targets'];
  for (const dimension of Object.keys(TARGET_KEYS) as TargetDimension[]) {
    for (const key of TARGET_KEYS[dimension]) result[dimension][key] = null;
  }
  return result;
}

export function newGroupForm(year: number): GroupFormModel {
  return {
    name: '',
    leader_name: '',
    constituency_id: null,
    rotation_start_year: year,
    rotation_years: 3,
    panel_min: 25,
    panel_max: 35,
    targets: emptyTargets(),
    tolerance: 15,
  };
}

export function groupToForm(group: Group): GroupFormModel {
  const form = newGroupForm(group.rotation_start_year);
  Object.assign(form, {
    name: group.name,
    leader_name: group.leader_name,
    constituency_id: group.constituency_id,
    rotation_years: group.rotation_years,
    panel_min: group.panel_min,
    panel_max: group.panel_max,
    tolerance: typeof group.panel_targets.tolerance === 'number' ? group.panel_targets.tolerance : 15,
  });
  for (const dimension of Object.keys(TARGET_KEYS) as TargetDimension[]) {
    const given = group.panel_targets[dimension] ?? {};
    for (const [key, value] of Object.entries(given)) form.targets[dimension][key] = value;
  }
  return form;
}

export function formToGroupInput(form: GroupFormModel): GroupInput {
  const targets: PanelTargets = { tolerance: form.tolerance };
  for (const dimension of Object.keys(TARGET_KEYS) as TargetDimension[]) {
    const entries = Object.entries(form.targets[dimension]).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    );
    if (entries.length > 0) targets[dimension] = Object.fromEntries(entries);
  }
  return {
    name: form.name.trim(),
    leader_name: form.leader_name.trim(),
    constituency_id: form.constituency_id,
    rotation_start_year: form.rotation_start_year,
    rotation_years: form.rotation_years,
    panel_min: form.panel_min,
    panel_max: form.panel_max,
    panel_targets: targets,
  };
}

/**
 * What the server refused in a group's save, marked on the group form. The targets come back as
 * `panel_targets.<dimension>.<key>` and the tolerance as `panel_targets.tolerance`, each on its item.
 */
export function useGroupFormErrors() {
  return useFormErrors('congresses.fieldErrors.group', {
    fields: Object.keys(newGroupForm(0)),
    keyOf: (field) => {
      if (field === 'panel_targets.tolerance') return 'tolerance';
      return field.startsWith('panel_targets') ? 'targets' : fieldKey(field);
    },
    reasons: { 'registry.name_taken': ['name'] },
  });
}
