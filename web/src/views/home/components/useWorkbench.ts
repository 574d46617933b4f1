// The workbench (工作台) on the home page: GET /me/workbench, grouped by role, each card with its
// translated title, its count (0 greyed, as Chinese office workbenches show what waits and what does
// not), the deputy's report deadline with the days left, and the page it leads to. Ids go into the
// route only; nothing on screen shows one.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { RouteLocationRaw } from 'vue-router';
import { getWorkbench } from '@/api/workbench';
import type { Workbench, WorkbenchCard, WorkbenchLink, WorkbenchReport } from '@/api/types';
import { showError } from '@/utils/errors';

export interface CardView {
  key: string;
  kind: WorkbenchCard['kind'];
  count: number;
  title: string;
  hint: string;
  /** The deputy's report still to hand in after its deadline. */
  overdue: boolean;
  to: RouteLocationRaw;
}

export interface RoleSection {
  role: WorkbenchCard['role'];
  title: string;
  cards: CardView[];
}

/** The page a card leads to, with its ids in the route. */
export function target(link: WorkbenchLink): RouteLocationRaw {
  const query = link.tab ? { tab: link.tab } : {};
  switch (link.page) {
    case 'campaign':
      return { name: 'campaign', params: { id: link.campaign_id ?? 0 }, query };
    case 'meeting':
      return { name: 'meeting', params: { id: link.meeting_id ?? 0 }, query };
    case 'group':
      return { name: 'registry-group', params: { id: link.group_id ?? 0 }, query };
    case 'groups':
      return { name: 'registry-groups' };
    case 'opinions_pending':
      return { name: 'opinions-pending' };
    case 'my_report':
      return { name: 'my-report', params: { id: link.campaign_id ?? 0 } };
    case 'my_reports':
      return { name: 'my-reports' };
    case 'my_opinions':
      return { name: 'my-opinions' };
    case 'my_results':
      return { name: 'my-results' };
    default:
      return { name: 'campaigns' };
  }
}

export function useWorkbench() {
  const { t } = useI18n();
  const workbench = ref<Workbench | null>(null);
  const loading = ref(true);

  /** The deputy's report: its deadline and the days left, or that it is handed in. */
  function reportHint(report: WorkbenchReport): string {
    const named = { date: report.deadline, days: Math.abs(report.days_left) };
    if (report.state === 'submitted' || report.state === 'accepted') return t(`home.workbench.reportState.${report.state}`, named);
    if (report.days_left > 0) return t('home.workbench.reportDue', named);
    if (report.days_left === 0) return t('home.workbench.reportDueToday', named);
    return t('home.workbench.reportOverdue', named);
  }

  function view(card: WorkbenchCard, index: number): CardView {
    return {
      key: `${card.role}-${card.kind}-${index}`,
      kind: card.kind,
      count: card.count,
      title: t(`home.workbench.kind.${card.kind}`),
      // What the count means; "nothing waiting" at 0 — but the deputy's report keeps its deadline.
      hint: card.report ? reportHint(card.report) : card.count === 0 ? t('home.workbench.none') : t(`home.workbench.hint.${card.kind}`),
      overdue: card.count > 0 && card.report !== undefined && card.report.days_left < 0,
      to: target(card.link),
    };
  }

  /** The cards by role, in the order the server sends them. */
  const sections = computed<RoleSection[]>(() => {
    const out: RoleSection[] = [];
    (workbench.value?.cards ?? []).forEach((card, index) => {
      let section = out.find((s) => s.role === card.role);
      if (!section) {
        section = { role: card.role, title: t('home.workbench.roleTitle', { role: t(`roles.${card.role}`) }), cards: [] };
        out.push(section);
      }
      section.cards.push(view(card, index));
    });
    return out;
  });

  onMounted(async () => {
    try {
      workbench.value = await getWorkbench();
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  });

  return { t, workbench, loading, sections };
}
