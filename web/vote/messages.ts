// Every string the phone ballot page shows. Both tables have the same keys (the type of `en`
// enforces it). Error messages from the server arrive already translated (Accept-Language).
// No text here may name a scale option: a voted ballot's page must reveal no choice.

export type Lang = 'zh-CN' | 'en';

const zh = {
  title: '民主测评',
  switchLang: 'English',
  loading: '正在加载…',
  entryTitle: '请输入凭条码',
  entryHint: '凭条码印在凭条上，共 26 位；可不输短横线，不区分大小写。',
  entryLabel: '凭条码',
  entrySubmit: '进入测评',
  codeLength: '凭条码应为 26 位，现在是 {n} 位，请核对。',
  codeChars: '凭条码中有无法识别的字符：{chars}',
  waiting: '测评尚未开始，请等待主持人宣布开始',
  waitingNext: '您已完成当前的测评。如主持人宣布新的测评，本页会自动显示。',
  autoRefresh: '本页每 5 秒自动刷新。',
  refresh: '刷新',
  pollHeading: '测评票（测评编号 {id}）',
  pollInstructions: '请对每位代表选择一项评价，全部选好后点“提交”。',
  abstain: '弃权',
  submit: '提交',
  missing: '以下代表尚未选择：{names}',
  missingMark: '尚未选择',
  confirmTitle: '请确认：',
  confirmNote: '提交后不能更改。',
  back: '返回修改',
  confirm: '确认提交',
  sending: '正在提交…',
  voted: '已投票',
  receiptLabel: '回执码',
  receiptExplain:
    '回执码只证明您的选票已计入：结果公布后，可在公示的回执清单中查到它。回执码不包含也无法推知您的任何选择，给别人看也不会泄露您投了什么。',
  networkError: '网络连接失败。您的选择仍保留在本页，请检查网络后点“重试”；重复提交同一张票是安全的，不会重复计票。',
  networkErrorLookup: '网络连接失败，请检查网络后重试。',
  retry: '重试',
  retryAfter: '请在 {s} 秒后再试。',
  fingerprint: '结果签名密钥指纹',
  otherCode: '换一张凭条',
  checkLink: '查验回执',
  checkTitle: '查验回执',
  checkHint: '输入测评编号和回执码，查验这张选票是否已计入。',
  checkPoll: '测评编号',
  checkReceipt: '回执码',
  checkSubmit: '查验',
  checkIncluded: '已计入：该回执在这次测评的回执清单中。',
  checkAbsent: '未找到：这次测评的回执清单中没有该回执。',
  checkPollInvalid: '请输入测评编号（数字）。',
  checkReceiptInvalid: '回执码应为 10 位。',
  checkBack: '返回',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  title: 'Evaluation ballot',
  switchLang: '中文',
  loading: 'Loading…',
  entryTitle: 'Enter the code on your slip',
  entryHint: 'The code on the slip has 26 characters; dashes, spaces and case do not matter.',
  entryLabel: 'Code',
  entrySubmit: 'Continue',
  codeLength: 'A code has 26 characters; this one has {n}. Please check it.',
  codeChars: 'The code has characters that cannot be read: {chars}',
  waiting: 'The evaluation has not started yet. Please wait for the chair to open it.',
  waitingNext: 'You have voted in every evaluation open now. If the chair opens another one, it appears here.',
  autoRefresh: 'This page refreshes every 5 seconds.',
  refresh: 'Refresh',
  pollHeading: 'Ballot (poll no. {id})',
  pollInstructions: 'Choose one rating for each deputy, then tap “Submit”.',
  abstain: 'Abstain',
  submit: 'Submit',
  missing: 'Not yet chosen for: {names}',
  missingMark: 'not chosen yet',
  confirmTitle: 'Please confirm:',
  confirmNote: 'A submitted ballot cannot be changed.',
  back: 'Go back and change',
  confirm: 'Confirm and submit',
  sending: 'Submitting…',
  voted: 'Voted',
  receiptLabel: 'Receipt',
  receiptExplain:
    'The receipt only proves that your ballot was counted: once the result is published you can find it in the list of receipts. It contains nothing of your choices and reveals none of them, even if you show it to someone.',
  networkError:
    'The network failed. Your choices are still on this page; check the connection and tap “Retry”. Sending the same ballot again is safe: it is counted once.',
  networkErrorLookup: 'The network failed. Check the connection and try again.',
  retry: 'Retry',
  retryAfter: 'Try again in {s} seconds.',
  fingerprint: 'Result signing key fingerprint',
  otherCode: 'Use another slip',
  checkLink: 'Check a receipt',
  checkTitle: 'Check a receipt',
  checkHint: 'Enter the poll number and the receipt to check that the ballot was counted.',
  checkPoll: 'Poll number',
  checkReceipt: 'Receipt',
  checkSubmit: 'Check',
  checkIncluded: 'Counted: the receipt is in this poll’s list of receipts.',
  checkAbsent: 'Not found: this poll’s list of receipts does not have this receipt.',
  checkPollInvalid: 'Enter the poll number (digits).',
  checkReceiptInvalid: 'A receipt has 10 characters.',
  checkBack: 'Back',
};

const tables: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** The message in `lang`, with `{name}` placeholders filled from `params`. */
export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
