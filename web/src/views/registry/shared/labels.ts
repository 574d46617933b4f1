// Translated labels of the registry's codes: enums, rotation refusals and warnings, panel flags,
// import problems (with their values and accepted forms). Codes with an argument
// ("year_over_share:2026", "village_missing:东村", "share_off:gender:male") are split at the first
// colon(s).
import { useI18n } from 'vue-i18n';
import type { ImportProblem } from '@/api/types';

type I18n = Pick<ReturnType<typeof useI18n>, 't' | 'te'>;

/** A code with an argument, split at its first colon: "year_over_share:2026" → ["year_over_share", "2026"]. */
function split(code: string): [string, string] {
  const at = code.indexOf(':');
  return at < 0 ? [code, ''] : [code.slice(0, at), code.slice(at + 1)];
}

/** The registry's enums: a code's label, or the code itself when the locale has none. */
function enumLabels({ t, te }: I18n) {
  function enumLabel(group: string, code: string | null | undefined): string {
    if (!code) return '';
    const key = `enums.${group}.${code}`;
    return te(key) ? t(key) : code;
  }

  const level = (code: string | null | undefined) => enumLabel('level', code);
  const levelShort = (code: string | null | undefined) => enumLabel('levelShort', code);
  const gender = (code: string | null | undefined) => enumLabel('gender', code);
  const occupation = (code: string | null | undefined) => enumLabel('occupation', code);
  const mandateStatus = (code: string | null | undefined) => enumLabel('mandateStatus', code);
  const constituencyKind = (code: string | null | undefined) => enumLabel('constituencyKind', code);
  const panelDimension = (code: string | null | undefined) => enumLabel('panelDimension', code);

  /** A key within a panel dimension: "male" → 男, "under_35" → 35 岁以下, "farmer" → 农民. */
  function dimensionKey(dimension: string, key: string): string {
    if (dimension === 'gender') return gender(key);
    if (dimension === 'age_band') return enumLabel('ageBand', key);
    if (dimension === 'occupation') return occupation(key);
    return key;
  }

  return { level, levelShort, gender, occupation, mandateStatus, constituencyKind, panelDimension, dimensionKey };
}

/** Rotation refusals, warnings and problems, and the flags of a voter representatives' panel. */
function rotationLabels({ t, te }: I18n, { panelDimension, dimensionKey }: ReturnType<typeof enumLabels>) {
  function refusal(code: string): string {
    const key = `rotation.refusal.${code}`;
    return te(key) ? t(key) : code;
  }

  function warning(code: string): string {
    const [name, year] = split(code);
    const key = `rotation.warning.${name}`;
    return te(key) ? t(key, { year }) : code;
  }

  function rotationProblem(code: string, nameOf: (deputyId: number) => string): string {
    const [name, id] = split(code);
    const key = `rotation.problem.${name}`;
    return te(key) ? t(key, { name: nameOf(Number(id)) || id }) : code;
  }

  function panelFlag(code: string): string {
    const [name, rest] = split(code);
    if (name === 'village_missing') return t('voterReps.flag.village_missing', { name: rest });
    if (name === 'share_off') {
      const [dimension, key] = split(rest);
      return t('voterReps.flag.share_off', { dimension: panelDimension(dimension), key: dimensionKey(dimension, key) });
    }
    const key = `voterReps.flag.${name}`;
    return te(key) ? t(key) : code;
  }

  return { refusal, warning, rotationProblem, panelFlag };
}

/** An import's problems, fields and failed job. */
function importLabels({ t, te }: I18n) {
  /** "a、b、c 或 d": the accepted forms of an import problem. */
  function orList(items: readonly string[]): string {
    if (items.length <= 1) return items[0] ?? '';
    return t('imports.words.or', { list: items.slice(0, -1).join(t('imports.words.separator')), last: items[items.length - 1] });
  }

  /**
   * An import problem in words, with the cell's value and what would have been accepted (the
   * server sends both): "「1980年5月」不是日期，可写作 1980-05-01、1980/5/1、1980.5.1 或 1980年5月1日".
   * A code with a `_none` variant uses it when there is nothing to list.
   */
  function importProblem(problem: Pick<ImportProblem, 'code' | 'value' | 'accepted' | 'duplicate_of'>): string {
    const base = `imports.problem.${problem.code}`;
    const key = problem.accepted.length === 0 && te(`${base}_none`) ? `${base}_none` : base;
    if (!te(key)) return problem.code;
    return t(key, { value: problem.value, accepted: orList(problem.accepted), row: problem.duplicate_of ?? '' });
  }

  function importField(field: string | null | undefined): string {
    if (!field) return '';
    const key = `registry.fields.${field}`;
    return te(key) ? t(key) : field;
  }

  /** A failed job's error: the locale's text for its code, else the server's message. */
  function jobError(error: { code: string; message: string }): string {
    const key = `errors.${error.code}`;
    return te(key) ? t(key) : error.message;
  }

  return { jobError, importProblem, importField };
}

export function useRegistryLabels() {
  const i18n = useI18n();
  const enums = enumLabels(i18n);
  return { ...enums, ...rotationLabels(i18n, enums), ...importLabels(i18n) };
}
