/** The languages Nudge answers in; English is the fallback for anything a catalog lacks. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own name, for /lang. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  pt: 'Português',
  nl: 'Nederlands',
};

/**
 * A language Nudge speaks from Telegram's `language_code` ("de", "pt-br", "en-GB") or what a person
 * types after /lang ("fr", "Deutsch"); undefined for anything else.
 */
export function pickLanguage(code: string | undefined): Language | undefined {
  if (!code) return undefined;
  const lower = code.trim().toLowerCase();
  const base = lower.split(/[-_]/)[0] ?? '';
  const byCode = LANGUAGES.find((language) => language === base);
  if (byCode) return byCode;
  return LANGUAGES.find((language) => LANGUAGE_NAMES[language].toLowerCase() === lower);
}
