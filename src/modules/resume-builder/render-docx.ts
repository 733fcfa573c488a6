/**
 * The DOCX rendering of a resume model: a minimal, valid WordprocessingML
 * package (content types, relationships, document, styles, core properties)
 * zipped with `fflate`. No library needed: the parts are a few kilobytes of
 * XML, full Unicode, and open in Word, LibreOffice and Google Docs.
 * Headings use Word's built-in `Title` and `Heading1` style ids, so the
 * document outline and screen readers see the structure.
 */
import { strToU8, zipSync } from "fflate";
import type { Entry, ResumeModel } from "./model";
import type { Template } from "./templates";

const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** XML text: escapes markup and drops the control characters XML 1.0 forbids. */
function x(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const hex = (c: [number, number, number]) =>
  c
    .map((v) =>
      Math.round(v * 255)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")
    .toUpperCase();

interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  color?: string;
}

function run(r: Run): string {
  const props = [r.bold ? "<w:b/>" : "", r.italic ? "<w:i/>" : "", r.color ? `<w:color w:val="${r.color}"/>` : ""].join(
    "",
  );
  // Line breaks and tabs are elements in WordprocessingML, not characters.
  const parts = r.text.split("\n").map((l) =>
    l
      .split("\t")
      .map((t) => (t ? `<w:t xml:space="preserve">${x(t)}</w:t>` : ""))
      .join("<w:tab/>"),
  );
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}${parts.join("<w:br/>")}</w:r>`;
}

function para(
  runs: Run[],
  opts: { style?: string; centred?: boolean; indent?: number; tabRight?: number } = {},
): string {
  const pPr = [
    opts.style ? `<w:pStyle w:val="${opts.style}"/>` : "",
    opts.tabRight ? `<w:tabs><w:tab w:val="right" w:pos="${opts.tabRight}"/></w:tabs>` : "",
    opts.indent ? `<w:ind w:left="${opts.indent}" w:hanging="240"/>` : "",
    opts.centred ? '<w:jc w:val="center"/>' : "",
  ].join("");
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ""}${runs.map(run).join("")}</w:p>`;
}

/** Twentieths of a point, DOCX's page unit. */
const twips = (pt: number) => Math.round(pt * 20);

export function renderDocx(model: ResumeModel, t: Template, paper: "a4" | "letter", now = new Date()): Uint8Array {
  const accent = hex(t.accent);
  const [pageW, pageH] = paper === "a4" ? [11906, 16838] : [12240, 15840];
  const margin = twips(t.margin);
  const rightTab = pageW - 2 * margin;
  const body: string[] = [];
  body.push(para([{ text: model.name }], { style: "Title", centred: t.centred }));
  if (model.label) body.push(para([{ text: model.label, italic: true }], { centred: t.centred }));
  if (model.contact.length) body.push(para([{ text: model.contact.join("  ·  ") }], { centred: t.centred }));
  const entry = (e: Entry) => {
    const title: Run[] = [{ text: e.title, bold: true }];
    if (e.dates) title.push({ text: `\t${e.dates}` });
    body.push(para(title, { tabRight: rightTab }));
    if (e.subtitle) body.push(para([{ text: e.subtitle, italic: true }]));
    if (e.text) body.push(para([{ text: e.text }]));
    for (const b of e.bullets) body.push(para([{ text: `•\t${b}` }], { indent: 360 }));
  };
  for (const s of model.sections) {
    body.push(para([{ text: t.ruled ? s.heading.toUpperCase() : s.heading }], { style: "Heading1" }));
    if (s.paragraph) body.push(para([{ text: s.paragraph }]));
    for (const e of s.entries) entry(e);
  }
  const sect =
    `<w:sectPr><w:pgSz w:w="${pageW}" w:h="${pageH}"/>` +
    `<w:pgMar w:top="${margin}" w:right="${margin}" w:bottom="${margin}" w:left="${margin}" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>`;
  const document = `${XML}<w:document xmlns:w="${W_NS}"><w:body>${body.join("")}${sect}</w:body></w:document>`;

  const half = (pt: number) => Math.round(pt * 2);
  const font = x(t.docxFont);
  const styles =
    `${XML}<w:styles xmlns:w="${W_NS}">` +
    `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:cs="${font}" w:eastAsia="${font}"/>` +
    `<w:sz w:val="${half(t.size)}"/><w:szCs w:val="${half(t.size)}"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:b/><w:color w:val="${accent}"/><w:sz w:val="${half(t.nameSize)}"/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/>` +
    (t.ruled ? `<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="${accent}"/></w:pBdr>` : "") +
    `<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="${accent}"/><w:sz w:val="${half(t.headingSize)}"/></w:rPr></w:style>` +
    `</w:styles>`;

  const iso = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const core =
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${x(`${model.name} – Resume`)}</dc:title><dc:creator>${x(model.name)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`;

  const contentTypes =
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;
  const rels =
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;
  const docRels =
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

  // [Content_Types].xml first, as Office expects; fixed timestamps keep the output reproducible.
  const mtime = new Date(Date.UTC(2000, 0, 1));
  return zipSync(
    {
      "[Content_Types].xml": [strToU8(contentTypes), { mtime }],
      "_rels/.rels": [strToU8(rels), { mtime }],
      "word/document.xml": [strToU8(document), { mtime }],
      "word/_rels/document.xml.rels": [strToU8(docRels), { mtime }],
      "word/styles.xml": [strToU8(styles), { mtime }],
      "docProps/core.xml": [strToU8(core), { mtime }],
    },
    { level: 6 },
  );
}
