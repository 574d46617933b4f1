// 凭条: print phone slips or paper sheets as a PDF (the codes exist only in that document, so it is
// opened and offered for download at once), void the leftovers by their printed codes, and record a
// new round handed out for a repeated poll (再次发放).
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { issueCarriers, printCarriers, voidCarriers } from '@/api/meetings';
import type { Channel, Meeting } from '@/api/types';
import { showErrorText, showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

/** The printed code: 26 base32 characters in groups (hyphens and spaces are optional when typed). */
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{2}/g;

/** The codes in pasted text: one per line, or several separated by spaces or commas. */
export function parseCodes(text: string): string[] {
  const upper = text.toUpperCase();
  const found = upper.match(CODE);
  if (found) return [...new Set(found)];
  return [...new Set(upper.split(/[\s,，;；]+/).filter((code) => code.length > 0))];
}

/** Offers a file made in the browser for download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useCarriers(meeting: () => Meeting, reload: () => void) {
  const { t } = useI18n();
  const print = reactive({ channel: 'phone' as Channel, count: 10 });
  const { busy: printing, run: runPrinting } = useSubmit();
  const lastPdf = ref<{ url: string; name: string } | null>(null);
  const voidText = ref('');
  const { busy: voiding, run: runVoiding } = useSubmit();
  const issue = reactive({ channel: 'phone' as Channel, count: 0 });
  const { busy: issuing, run: runIssuing } = useSubmit();

  async function printNow(): Promise<void> {
    if (!(print.count >= 1)) return showErrorText(t('meetings.carriers.countRequired'));
    await runPrinting(async () => {
      const blob = await printCarriers(meeting().id, print.channel, print.count);
      // Named as an office files it: 述职评议会-手机凭条-第1轮.pdf (characters a file name may not hold become _).
      const title = meeting().title.replace(/[\\/:*?"<>|\s]+/g, '_');
      const name = `${title}-${t(`meetings.enums.channel.${print.channel}`)}-${t('meetings.carriers.roundFile', { round: meeting().carrier_round })}.pdf`;
      if (lastPdf.value) URL.revokeObjectURL(lastPdf.value.url);
      lastPdf.value = { url: URL.createObjectURL(blob), name };
      saveFile(blob, name);
      showSuccess(t('meetings.carriers.printed_ok', { n: print.count }));
      reload();
    });
  }

  async function voidNow(): Promise<void> {
    const codes = parseCodes(voidText.value);
    if (!codes.length) return showErrorText(t('meetings.carriers.codesRequired'));
    await runVoiding(async () => {
      const voided = await voidCarriers(meeting().id, codes);
      showSuccess(t('meetings.carriers.voided_ok', { n: voided }));
      voidText.value = '';
      reload();
    });
  }

  async function issueNow(): Promise<void> {
    if (!(issue.count >= 1)) return showErrorText(t('meetings.carriers.countRequired'));
    await runIssuing(async () => {
      await issueCarriers(meeting().id, issue.channel, issue.count);
      showSuccess(t('meetings.carriers.issued_ok', { n: issue.count }));
      reload();
    });
  }

  return { t, print, printing, lastPdf, printNow, voidText, voiding, voidNow, issue, issuing, issueNow };
}
