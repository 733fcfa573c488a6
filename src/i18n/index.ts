/** Internationalisation: catalogues (en, de, fr, es), locale negotiation and `Intl` formatting. docs/i18n.md. */
export {
  canonicalTag,
  DEFAULT_LOCALE,
  isAcceptableLocaleTag,
  isSupportedLocale,
  type Locale,
  languageOf,
  type Negotiated,
  negotiateLocale,
  parseAcceptLanguage,
  resolveLocale,
  SUPPORTED_LOCALES,
} from "./negotiate";
export { CATALOGUES, formatWallClock, interpolate, type Translator, translator, type Vars } from "./translator";
export type { Catalogue, MessageKey, PluralKey } from "./types";
