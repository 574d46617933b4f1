// Puts a refused request's field details (`{ field: "word_limit", code: "invalid" }`) on the form's
// fields, so that each field is marked with what is wrong instead of one vague message. A form binds
// `:error="errors.word_limit"` on its el-form-item; nested fields (`scale[2]`, `phases[0].title`)
// land on their list's item (`scale`, `phases`).
//
// The words come from the form's own messages (`<prefix>.<field>`, which say the field's rule, since
// the server's codes are terse: a name too long is `required`), else from the generic ones of the
// code (`errors.field.<code>`).
import { reactive, ref } from 'vue';
import { ApiError } from '@/api/client';
import { i18n } from '@/locales';
import { errorMessage } from './errors';

export interface FieldErrorOptions {
  /**
   * The fields the form can mark (often `Object.keys(form)`). A detail naming another field has no
   * place to show, so its words go into `others` instead of being lost.
   */
  fields?: readonly string[];
  /** The form field a detail's field lands on, when the default (the first name part) does not fit. */
  keyOf?: (field: string) => string;
  /**
   * Refusals that come without details but concern fields, by reason: `{ 'registry.name_taken':
   * ['name'] }` marks the name with the reason's message (该名称已被使用。).
   */
  reasons?: Readonly<Record<string, readonly string[]>>;
}

/** The form field of a detail's field by default: `scale[2]` → `scale`, `phases[0].title` → `phases`. */
export function fieldKey(field: string): string {
  return field.replace(/\[.*$/, '').split('.')[0];
}

// A character refused wherever it is (a control character pasted from a word processor) is the same
// fault on every field: the generic words say it, not the field's own rule.
const CHARACTER_CODES = new Set(['bad_character']);

export function useFieldErrors(prefix: string, options: FieldErrorOptions = {}) {
  const { t, te } = i18n.global;
  const keyOf = options.keyOf ?? fieldKey;
  const errors = reactive<Record<string, string>>({});
  /** The details of the last refusal that name no field of the form, in words. */
  const others = ref<string[]>([]);

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
    others.value = [];
  }

  /** The form's own message for a detail, when it has one for the field. */
  function ownMessage(key: string, code: string): string | null {
    return !CHARACTER_CODES.has(code) && te(`${prefix}.${key}`) ? t(`${prefix}.${key}`) : null;
  }

  function genericMessage(code: string): string {
    return te(`errors.field.${code}`) ? t(`errors.field.${code}`) : t('errors.field.invalid');
  }

  /** Marks the fields the error names; true when it marked any (the caller then says "check the marked fields"). */
  function take(error: unknown): boolean {
    clear();
    if (!(error instanceof ApiError)) return false;
    const reasonFields = error.details.length === 0 ? (options.reasons?.[error.code] ?? []) : [];
    for (const key of reasonFields) errors[key] = error.message;
    for (const detail of error.details) {
      const key = keyOf(detail.field);
      const own = ownMessage(key, detail.code);
      if (!options.fields || options.fields.includes(key)) {
        errors[key] ??= own ?? genericMessage(detail.code);
      } else {
        // The form's own message names what it is about; the generic one needs the field's name.
        others.value.push(own ?? t('errors.fieldDetail', { field: detail.field, what: genericMessage(detail.code) }));
      }
    }
    return Object.keys(errors).length > 0;
  }

  return { errors, others, clear, take };
}

/**
 * A form whose refusal shows as one line on top (an el-alert) and marks on its fields: `summary` asks
 * to correct the marked fields, or, when the refusal marked none, is the error's own message; the
 * details the form cannot mark are added to it in words. `clear()` on open and on save.
 */
export function useFormErrors(prefix: string, options: FieldErrorOptions = {}) {
  const { t } = i18n.global;
  const fields = useFieldErrors(prefix, options);
  const summary = ref('');

  function clear(): void {
    fields.clear();
    summary.value = '';
  }

  function take(error: unknown): void {
    const head = fields.take(error) ? t('errors.checkFields') : errorMessage(error);
    const others = fields.others.value;
    summary.value = others.length === 0 ? head : t('errors.withDetails', { message: head, details: others.join(t('errors.detailSeparator')) });
  }

  return { errors: fields.errors, summary, clear, take };
}
