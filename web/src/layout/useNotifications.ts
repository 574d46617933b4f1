// The bell in the header: what waits for the user (GET /notifications), fetched again on every
// route change and every minute. Each notification becomes a translated line with a link to the
// page where it is dealt with.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, type RouteLocationRaw } from 'vue-router';
import { listNotifications } from '@/api/notifications';
import type { Notification, NotificationKind } from '@/api/types';
import { useSessionStore } from '@/stores/session';

export const NOTIFICATIONS_REFRESH_MS = 60_000;

export interface NotificationEntry {
  key: string;
  kind: NotificationKind;
  text: string;
  to: RouteLocationRaw;
}

/** The page where a notification is dealt with. */
function target(item: Notification): RouteLocationRaw {
  switch (item.kind) {
    case 'review_waiting':
      return { name: 'campaign-report', params: { id: item.campaign_id ?? 0, deputyId: item.deputy_id ?? 0 } };
    case 'opinion_moderation':
      return { name: 'opinions-pending' };
    case 'feedback_due':
      return { name: 'meeting', params: { id: item.meeting_id ?? 0 }, query: { tab: 'feedback' } };
    case 'feedback_to_confirm':
      return { name: 'my-results' };
    case 'measure_to_review':
      return { name: 'campaign', params: { id: item.campaign_id ?? 0 }, query: { tab: 'measures', measure: item.measure_id ?? 0 } };
    case 'measure_returned':
    case 'measure_overdue':
      return { name: 'my-measure', params: { id: item.measure_id ?? 0 } };
    default:
      // report_due, report_overdue, report_returned: the user's own report.
      return { name: 'my-report', params: { id: item.campaign_id ?? 0 } };
  }
}

/** A measure's text (or a review comment) is long: the bell shows its start. */
const SHORT = 30;
const shorten = (value: string | undefined) => {
  const chars = [...(value ?? '')];
  return chars.length > SHORT ? `${chars.slice(0, SHORT).join('')}…` : chars.join('');
};

/** The words of a notification: a measure's text and a review comment are shortened. */
function words(item: Notification): { title: string; detail: string } {
  if (item.kind === 'measure_to_review') return { title: item.title ?? '', detail: shorten(item.detail) };
  if (item.kind === 'measure_returned') return { title: shorten(item.title), detail: shorten(item.detail) };
  if (item.kind === 'measure_overdue') return { title: shorten(item.title), detail: item.detail ?? '' };
  return { title: item.title ?? '', detail: item.detail ?? '' };
}

/** Notifications as lines with links, for the bell and the home page's to-do card. */
export function toEntries(items: Notification[], t: (key: string, named: Record<string, unknown>) => string): NotificationEntry[] {
  return items
    .filter((item): item is Notification & { kind: NotificationKind } => item.kind !== undefined)
    .map((item, index) => ({
      key: `${item.kind}-${item.campaign_id ?? 0}-${item.meeting_id ?? 0}-${item.deputy_id ?? 0}-${item.measure_id ?? 0}-${index}`,
      kind: item.kind,
      text: t(`notifications.kind.${item.kind}`, words(item)),
      to: target(item),
    }));
}

export function useNotifications() {
  const { t } = useI18n();
  const route = useRoute();
  const session = useSessionStore();
  const items = ref<Notification[]>([]);
  const open = ref(false);
  let inFlight = false;

  const entries = computed<NotificationEntry[]>(() => toEntries(items.value, t));
  const count = computed(() => entries.value.length);

  async function refresh(): Promise<void> {
    if (!session.isLoggedIn || inFlight) return;
    inFlight = true;
    try {
      items.value = await listNotifications();
    } catch {
      // A background refresh: keep the last list rather than show an error every minute. An
      // expired session is still caught, by the client's 401 handler.
    } finally {
      inFlight = false;
    }
  }

  watch(
    () => route.fullPath,
    () => {
      open.value = false;
      void refresh();
    },
  );
  let timer: ReturnType<typeof setInterval> | null = null;
  onMounted(() => {
    void refresh();
    timer = setInterval(() => void refresh(), NOTIFICATIONS_REFRESH_MS);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });

  return { t, entries, count, open, refresh };
}
