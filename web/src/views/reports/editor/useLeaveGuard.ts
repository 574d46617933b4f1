// Leaving the page (another route, or closing / reloading the tab) while text is not yet saved
// asks first; text still waiting for its autosave is sent once more on the way out.
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router';
import { ElMessageBox } from 'element-plus';

export function useLeaveGuard(unsaved: Ref<boolean>, sendWaiting: () => void) {
  const { t } = useI18n();

  /** Asks before leaving with unsaved text; on "leave" the text is still sent once more. */
  async function confirmLeave(): Promise<boolean> {
    if (!unsaved.value) return true;
    try {
      await ElMessageBox.confirm(t('reports.leaveConfirm'), t('reports.leaveTitle'), {
        confirmButtonText: t('reports.leave'),
        cancelButtonText: t('reports.stay'),
        type: 'warning',
      });
    } catch {
      return false;
    }
    // Sent while the route still names this report (the arguments are read before any await).
    sendWaiting();
    return true;
  }
  onBeforeRouteLeave(confirmLeave);
  // The same page for another report (e.g. a notification's link): the same question.
  onBeforeRouteUpdate(confirmLeave);

  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (!unsaved.value) return;
    // The browser shows its own text; both calls are needed across browsers.
    event.preventDefault();
    event.returnValue = '';
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    // Leaving with unsaved text: save it once more, without waiting.
    sendWaiting();
  });
}
