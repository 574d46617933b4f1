// The i18n instance, the supported locales and the remembered choice (localStorage 'shuzhi.lang').
// Element Plus has its own locale; App.vue feeds it from `elementLocale` below.
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import type { Language } from 'element-plus/es/locale';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import elEn from 'element-plus/es/locale/lang/en';
import zhCN from './zh-CN';
import en from './en';

export type MessageSchema = typeof zhCN;
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'shuzhi.lang';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    // Storage can be unavailable (private mode, disabled cookies): fall back to the default.
    return DEFAULT_LOCALE;
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

const elementLocales: Record<Locale, Language> = { 'zh-CN': elZhCn, en: elEn };

export const currentLocale = computed<Locale>(() => i18n.global.locale.value);
export const elementLocale = computed<Language>(() => elementLocales[i18n.global.locale.value]);

function applyDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = i18n.global.t('app.name');
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
  applyDocument(locale);
}

applyDocument(i18n.global.locale.value);
