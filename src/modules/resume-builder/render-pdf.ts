/**
 * The PDF rendering of a resume model with `pdf-lib`: real text (selectable,
 * searchable, what applicant-tracking systems parse), wrapped and paginated
 * here, in the template's DejaVu family (Sans or Serif; regular, bold, italic).
 *
 * Fonts are embedded, subsetted by `@pdf-lib/fontkit` to the glyphs used, so
 * the file looks the same in every reader and names like "Łukasz Şahin" or
 * "Дмитрий" come out right (DejaVu covers Latin, Greek and Cyrillic; letters
 * it lacks, like CJK, become their base letter or `?` — the DOCX export keeps
 * full Unicode). The font files are static assets (public/fonts, copied from
 * `dejavu-fonts-ttf` on install) read through the caller's `fontFile`, so they
 * are not in the Worker's bundle.
 *
 * `pdf-lib` and `fontkit` are loaded at the point of use from their own modules
 * (src/lazy-modules.ts), so the Worker's startup neither parses nor evaluates
 * them for requests that never build a PDF.
 */
import type { PDFFont, PDFPage } from "pdf-lib";
import { loadFontkit, loadPdfLib } from "../../lazy-modules";
import type { Entry, ResumeModel } from "./model";
import type { Template } from "./templates";

/** Reads one font file (a name from `FONT_FILES`). */
export type FontFile = (name: string) => Promise<Uint8Array>;

export const FONT_FILES = {
  sans: { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf", italic: "DejaVuSans-Oblique.ttf" },
  serif: { regular: "DejaVuSerif.ttf", bold: "DejaVuSerif-Bold.ttf", italic: "DejaVuSerif-Italic.ttf" },
} as const;

export const PAPER = { a4: [595.28, 841.89], letter: [612, 792] } as const;
export type Paper = keyof typeof PAPER;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

export async function renderPdf(
  model: ResumeModel,
  t: Template,
  paper: Paper,
  fontFile: FontFile,
  now = new Date(),
): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([loadPdfLib(), loadFontkit()]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const files = FONT_FILES[t.pdfFont];
  const embed = async (file: string) => doc.embedFont(await fontFile(file), { subset: true });
  const [regular, bold, italic] = await Promise.all([embed(files.regular), embed(files.bold), embed(files.italic)]);
  const fonts: Fonts = { regular, bold, italic };
  const charset = new Set(fonts.regular.getCharacterSet());
  const clean = (s: string) => toCharset(s, charset);
  const [width, height] = PAPER[paper];
  const accent = rgb(...t.accent);
  const ink = rgb(0.1, 0.1, 0.1);
  const muted = rgb(0.35, 0.35, 0.35);
  const inner = width - 2 * t.margin;
  const lead = t.size * 1.35;

  let page: PDFPage = doc.addPage([width, height]);
  let y = height - t.margin;
  const ensure = (needed: number) => {
    if (y - needed >= t.margin) return;
    page = doc.addPage([width, height]);
    y = height - t.margin;
  };
  const line = (text: string, font: PDFFont, size: number, opts: { x?: number; color?: typeof ink } = {}) => {
    ensure(size * 1.35);
    y -= size * 1.35;
    page.drawText(text, { x: opts.x ?? t.margin, y: y + size * 0.3, size, font, color: opts.color ?? ink });
  };
  const paragraph = (text: string, font: PDFFont, size: number, indent = 0, color = ink) => {
    for (const l of wrap(clean(text), font, size, inner - indent)) line(l, font, size, { x: t.margin + indent, color });
  };
  const centredX = (text: string, font: PDFFont, size: number) =>
    t.centred ? t.margin + (inner - font.widthOfTextAtSize(text, size)) / 2 : t.margin;

  // Header.
  const header = (text: string, font: PDFFont, size: number, color: typeof ink) => {
    for (const l of wrap(clean(text), font, size, inner)) line(l, font, size, { x: centredX(l, font, size), color });
  };
  header(model.name, fonts.bold, t.nameSize, accent);
  if (model.label) header(model.label, fonts.italic, t.size + 1.5, muted);
  if (model.contact.length) header(model.contact.join("  ·  "), fonts.regular, t.size, muted);
  y -= lead * 0.4;

  const entry = (e: Entry) => {
    ensure(lead * 2);
    const dates = e.dates ? clean(e.dates) : "";
    const datesWidth = dates ? fonts.regular.widthOfTextAtSize(dates, t.size) + 12 : 0;
    const titleLines = wrap(clean(e.title), fonts.bold, t.size, inner - datesWidth);
    titleLines.forEach((l, i) => {
      line(l, fonts.bold, t.size);
      if (i === 0 && dates) {
        page.drawText(dates, {
          x: width - t.margin - fonts.regular.widthOfTextAtSize(dates, t.size),
          y: y + t.size * 0.3,
          size: t.size,
          font: fonts.regular,
          color: muted,
        });
      }
    });
    if (e.subtitle) paragraph(e.subtitle, fonts.italic, t.size, 0, muted);
    if (e.text) paragraph(e.text, fonts.regular, t.size);
    for (const b of e.bullets) {
      const lines = wrap(clean(b), fonts.regular, t.size, inner - 14);
      lines.forEach((l, i) => {
        line(l, fonts.regular, t.size, { x: t.margin + 14 });
        if (i === 0) page.drawText("•", { x: t.margin + 4, y: y + t.size * 0.3, size: t.size, font: fonts.regular });
      });
    }
    y -= lead * 0.35;
  };

  for (const s of model.sections) {
    ensure(lead * 3);
    y -= lead * 0.3;
    const heading = clean(t.ruled ? s.heading.toUpperCase() : s.heading);
    line(heading, fonts.bold, t.headingSize, { color: accent });
    if (t.ruled) {
      page.drawLine({
        start: { x: t.margin, y: y - 1 },
        end: { x: width - t.margin, y: y - 1 },
        thickness: 0.6,
        color: accent,
      });
    }
    y -= lead * 0.25;
    if (s.paragraph) paragraph(s.paragraph, fonts.regular, t.size);
    for (const e of s.entries) entry(e);
  }

  doc.setTitle(clean(`${model.name} – Resume`));
  doc.setAuthor(clean(model.name));
  doc.setCreator("Job board resume builder");
  doc.setProducer("pdf-lib");
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return doc.save();
}

/** Characters the font cannot encode become their base letter (é stays, ş → s), or `?` when there is none; control characters go. */
export function toCharset(text: string, charset: Set<number>): string {
  let out = "";
  // Tabs are spaces; other control characters carry nothing to show.
  for (const ch of text.replace(/[\t\r]/g, " ")) {
    if (ch !== "\n" && /\p{Cc}/u.test(ch)) continue;
    const cp = ch.codePointAt(0) ?? 63;
    if (ch === "\n" || charset.has(cp)) {
      out += ch;
      continue;
    }
    const base = ch.normalize("NFKD").replace(/\p{M}/gu, "");
    out += [...base].every((c) => charset.has(c.codePointAt(0) ?? -1)) && base ? base : "?";
  }
  return out;
}

/** Greedy word wrap by measured width; explicit line breaks are kept; an over-long word is cut. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let current = "";
    for (const word of para.split(/ +/).filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
        current = candidate;
        continue;
      }
      if (current) out.push(current);
      current = word;
      while (font.widthOfTextAtSize(current, size) > maxWidth && current.length > 1) {
        let cut = current.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > maxWidth) cut -= 1;
        out.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    if (current) out.push(current);
  }
  return out;
}
