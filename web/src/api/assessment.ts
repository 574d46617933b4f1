// The annual assessment (年度履职考核) of a congress with the excellent-deputy criteria, its XLSX
// and PDF exports, and a deputy's duty record (履职档案).
import { i18n } from '@/locales';
import { apiUrl, request, type QueryValue } from './client';
import type { Assessment, DutyRecord } from './types';

export interface AssessmentCriteria {
  year: number;
  grades: string[];
  /** Percent, 0–100; null: no threshold. */
  minApproval: number | null;
  allMeasuresDone: boolean;
  onTime: boolean;
  groupId: number | null;
  candidatesOnly: boolean;
}

function query(c: AssessmentCriteria): Record<string, QueryValue> {
  return {
    year: c.year,
    grade: c.grades.length ? c.grades.join(',') : undefined,
    min_approval: c.minApproval ?? undefined,
    all_measures_done: c.allMeasuresDone || undefined,
    on_time: c.onTime || undefined,
    group: c.groupId ?? undefined,
    candidates_only: c.candidatesOnly || undefined,
  };
}

export function getAssessment(congressId: number, c: AssessmentCriteria): Promise<Assessment> {
  return request<Assessment>('GET', `/congresses/${congressId}/assessment`, { query: query(c) });
}

/** The address of the XLSX or PDF export; its text follows the UI language. */
export function assessmentExportUrl(congressId: number, c: AssessmentCriteria, kind: 'xlsx' | 'pdf'): string {
  return apiUrl(`/congresses/${congressId}/assessment.${kind}`, { ...query(c), lang: i18n.global.locale.value });
}

export function getDutyRecord(deputyId: number): Promise<DutyRecord> {
  return request<DutyRecord>('GET', `/deputies/${deputyId}/record`);
}
