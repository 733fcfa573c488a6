/** Comparing skill names with a resume: by taxonomy match or as a whole phrase in its text. */

/** Lower-cased, NFKC-normalised, single-spaced: how skill names are compared. */
export function skillKey(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}

/** Whether the resume names the skill: among the taxonomy skills found, or as a whole phrase in the text. */
export function resumeHasSkill(found: Set<string>, foldedText: string, name: string): boolean {
  const key = skillKey(name);
  if (found.has(key)) return true;
  if (key.length < 2) return false;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[^a-z0-9+#])${escaped}(?:$|[^a-z0-9+#])`).test(foldedText);
}

/** `resumeHasSkill` for a job's skill, also under its taxonomy spelling (`golang` asked, `Go` found). */
export function coversSkill(found: Set<string>, foldedText: string, s: { name: string; canonical?: string }): boolean {
  return resumeHasSkill(found, foldedText, s.name) || (s.canonical !== undefined && found.has(skillKey(s.canonical)));
}
