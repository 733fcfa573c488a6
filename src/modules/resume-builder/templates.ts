/**
 * The templates a resume can be built in. Each is a handful of typographic
 * choices that both renderers read: the PDF embeds the DejaVu family named
 * here, the DOCX names the matching system fonts.
 */
export const TEMPLATES = ["classic", "modern", "compact"] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export interface Template {
  /** The embedded PDF family: DejaVu Serif or DejaVu Sans. */
  pdfFont: "serif" | "sans";
  /** The DOCX font. */
  docxFont: string;
  /** Body text size in points. */
  size: number;
  nameSize: number;
  headingSize: number;
  /** RGB 0–1 of names, headings and rules. */
  accent: [number, number, number];
  /** Header centred (classic) or left-aligned. */
  centred: boolean;
  /** Headings in capitals with a rule under them. */
  ruled: boolean;
  /** Page margin in points. */
  margin: number;
}

export const TEMPLATE: Record<TemplateName, Template> = {
  classic: {
    pdfFont: "serif",
    docxFont: "Times New Roman",
    size: 11,
    nameSize: 22,
    headingSize: 12.5,
    accent: [0, 0, 0],
    centred: true,
    ruled: true,
    margin: 56,
  },
  modern: {
    pdfFont: "sans",
    docxFont: "Arial",
    size: 10.5,
    nameSize: 24,
    headingSize: 12,
    accent: [0.12, 0.34, 0.62],
    centred: false,
    ruled: false,
    margin: 50,
  },
  compact: {
    pdfFont: "sans",
    docxFont: "Arial",
    size: 9.5,
    nameSize: 18,
    headingSize: 10.5,
    accent: [0.2, 0.2, 0.2],
    centred: false,
    ruled: true,
    margin: 40,
  },
};
