// Runs an Element Plus form's validation, then the save function with the outcome.
import type { FormInstance } from 'element-plus';

export async function submitForm(form: FormInstance | null | undefined, save: (valid: boolean) => Promise<void>): Promise<void> {
  const valid = form ? await form.validate().catch(() => false) : true;
  await save(valid === true);
}
