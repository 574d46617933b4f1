// The page of one campaign: header with the state and its buttons (draft → active → closed →
// archived, closed → active), and tabs for the plan, the reporting list, the report progress, the
// meetings (述职会议), the rectification measures (整改), the archives (归档) and the dashboard (phases with today,
// progress, opinions and measures per group).
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { getCampaign, listReportingDeputies, planPdfUrl, setCampaignState, summaryUrl } from '@/api/campaigns';
import type { Campaign, CampaignState } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showError, showSuccess } from '@/utils/errors';
import { useCongresses } from '@/views/registry/shared/refData';
import { useCampaignAccess, useCampaignLabels } from '../shared/labels';

export interface StateAction {
  to: CampaignState;
  labelKey: string;
}

const NEXT: Record<CampaignState, StateAction[]> = {
  draft: [{ to: 'active', labelKey: 'campaigns.stateAction.active' }],
  active: [{ to: 'closed', labelKey: 'campaigns.stateAction.closed' }],
  closed: [
    { to: 'active', labelKey: 'campaigns.stateAction.reopen' },
    { to: 'archived', labelKey: 'campaigns.stateAction.archived' },
  ],
  archived: [],
};

export function useCampaignPage() {
  const { t } = useI18n();
  const route = useRoute();
  const access = useCampaignAccess();
  const labels = useCampaignLabels();
  const { loadCongresses, congressName } = useCongresses();
  const campaign = ref<Campaign | null>(null);
  type Tab = 'spec' | 'deputies' | 'progress' | 'meetings' | 'measures' | 'archives' | 'dashboard';
  const TABS: readonly Tab[] = ['spec', 'deputies', 'progress', 'meetings', 'measures', 'archives', 'dashboard'];
  // `?tab=meetings` opens a tab directly (the meeting page links back to its campaign's meetings;
  // the bell leads to `?tab=measures&measure=…`, also when the page is already open).
  const askedTab = () => TABS.find((name) => name === String(route.query.tab ?? ''));
  const tab = ref<Tab>(askedTab() ?? 'spec');
  watch(
    () => route.query.tab,
    () => {
      const asked = askedTab();
      if (asked) tab.value = asked;
    },
  );
  const campaignId = computed(() => Number(route.params.id));
  /** 打印实施方案: the plan as a PDF, opened in a new tab. */
  const planUrl = computed(() => planPdfUrl(campaignId.value));
  const canManage = computed(() => access.canManage(campaign.value));
  /** 评议情况报告 (PDF, Excel): for organizers and reviewers of the congress. */
  const summary = computed(() =>
    access.canReadAll(campaign.value) ? { pdf: summaryUrl(campaignId.value, 'pdf'), xlsx: summaryUrl(campaignId.value, 'xlsx') } : null,
  );
  const ledGroups = computed(() => access.ledGroups(campaign.value));
  /** The 归档 tab: organizers and reviewers of the congress, and leaders of a covered group (not deputies). */
  const seesArchives = computed(() => access.canReadAll(campaign.value) || ledGroups.value.length > 0);
  const actions = computed(() => (campaign.value && canManage.value ? NEXT[campaign.value.state] : []));

  async function load(): Promise<void> {
    try {
      [campaign.value] = await Promise.all([getCampaign(campaignId.value), loadCongresses()]);
    } catch (error) {
      showError(error);
    }
  }

  /**
   * What would make a campaign odd to start (启动), said before it starts: no group covered, nobody
   * on the reporting list, a deadline already past.
   */
  async function activationProblems(c: Campaign): Promise<string[]> {
    const problems: string[] = [];
    if (!c.group_ids.length) problems.push(t('campaigns.activate.noGroups'));
    try {
      const listed = await listReportingDeputies(c.id);
      if (!listed.items.length) problems.push(t('campaigns.activate.emptyList'));
    } catch {
      // The list is checked by the server on its own terms; its absence here is not a problem to report.
    }
    if (c.deadline_passed) problems.push(t('campaigns.deadlinePassedConfirm'));
    return problems;
  }

  async function changeState(action: StateAction): Promise<void> {
    if (!campaign.value) return;
    const problems = action.to === 'active' ? await activationProblems(campaign.value) : [];
    const message = t('campaigns.stateConfirm', { state: labels.campaignState(action.to) });
    if (!(await confirmAction(problems.length ? `${problems.join('')}${message}` : message))) return;
    try {
      campaign.value = await setCampaignState(campaign.value.id, action.to);
      showSuccess(t('campaigns.stateChanged'));
    } catch (error) {
      showError(error);
    }
  }

  watch(campaignId, load, { immediate: true });
  return { t, labels, campaign, campaignId, planUrl, summary, tab, canManage, ledGroups, seesArchives, actions, congressName, changeState };
}
