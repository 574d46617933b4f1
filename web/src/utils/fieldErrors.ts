// Puts a refused request's field details (`{ field: "word_limit", code: "invalid" }`) on the form's
// fields, so that each field is marked with what is wrong instead of one vague message. A form binds
// `:error="errors.word_limit"` on its el-form-item; nested fields (`scale[2]`, `phases[0].title`)
// land on their list's item (`scale`, `phases`).
import { reactive } from 'vue';
import { ApiError } from '@/api/client';
import { i18n } from '@/locales';

export function useFieldErrors(prefix: string) {
  const errors = reactive<Record<string, string>>({});

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
  }

  /** The message for one detail: the form's own for the field, else the generic one for the code. */
  function message(field: string, code: string): string {
    const t = i18n.global.t;
    const te = i18n.global.te;
    const key = field.replace(/\[.*$/, '').split('.')[0];
    if (te(`${prefix}.${key}`)) return t(`${prefix}.${key}`);
    return te(`errors.field.${code}`) ? t(`errors.field.${code}`) : t('errors.field.invalid');
  }

  /** Marks the fields the error names; true when it named any (the caller then says "check the marked fields"). */
  function take(error: unknown): boolean {
    clear();
    if (!(error instanceof ApiError) || !error.details.length) return false;
    for (const detail of error.details) {
      const key = detail.field.replace(/\[.*$/, '').split('.')[0];
      errors[key] ??= message(detail.field, detail.code);
    }
    return true;
  }

  return { errors, clear, take };
}
