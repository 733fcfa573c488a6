import type { en } from "./en";

/** Every message key; the English catalogue is the source of truth. */
export type MessageKey = keyof typeof en;

/**
 * The shape each other catalogue must have: every key, as a string. A missing
 * key (or a stray extra one, as an excess property) is a type error.
 */
export type Catalogue = { readonly [K in MessageKey]: string };

/** The base of every `<base>.one` / `<base>.other` pair. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;
