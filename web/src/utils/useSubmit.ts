// The busy flag and try/finally of a save, written once. `run(action)` marks the form busy (the
// button shows its spinner), runs the action, hands a failure to the
// error handler and clears the flag whatever happens. It resolves true when the action succeeded,
// so a caller can go on (reload, open what was made) only then.
//
// `useSubmit()` shows a failure as a message; `useFormSubmit(prefix, options)` puts it on the form's
// fields and its summary line instead (useFormErrors), and clears them when a new save starts.
import { ref } from 'vue';
import { showError } from './errors';
import { useFormErrors, type FieldErrorOptions } from './fieldErrors';

export function useSubmit(onError: (error: unknown) => void = showError) {
  const busy = ref(false);

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    try {
      await action();
      return true;
    } catch (error) {
      onError(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, run };
}

/** A dialog's save whose refusal marks the form's fields (see useFormErrors); `clear()` on open. */
export function useFormSubmit(prefix: string, options: FieldErrorOptions = {}) {
  const { errors, summary, clear, take } = useFormErrors(prefix, options);
  const { busy, run } = useSubmit(take);
  return { errors, summary, clear, busy, run };
}
