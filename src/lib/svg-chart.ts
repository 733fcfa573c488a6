/**
 * Small hand-made SVG charts: line (series over labelled points), bar (grouped bars,
 * vertical or horizontal) and range (a from–to bar per row). No library: the three
 * shapes we need are a few dozen lines each, and owning them keeps the output
 * accessible and testable:
 *
 * - `role="img"` with `aria-labelledby` pointing at its `<title>` and `<desc>`; the
 *   desc states what the chart shows and its extremes in words.
 * - Every value is also a text label (`<text class="value" data-series data-label>`),
 *   so the chart reads without colour and tests can parse the numbers back.
 * - Series differ by more than colour: lines by dash pattern and marker shape, bars
 *   by fill pattern (solid, hatched, dotted), repeated in the legend.
 * - Every text is XML-escaped; ids carry a caller-given prefix so several charts can
 *   be inlined in one HTML page.
 */

export interface Series {
  /** Shown in the legend and point titles (translated by the caller). */
  name: string;
  /** Stable machine name for `data-series` (default: `name`), the same in every language. */
  key?: string;
  values: number[];
}

interface ChartBase {
  title: string;
  description: string;
  /** Unit shown after values (`d`, `h`, ` USD`); empty by default. */
  unit?: string;
  /** Prefix of element ids, unique within a page (letters, digits, `-`). */
  idPrefix?: string;
  /**
   * The language of the texts (`lang`/`xml:lang` on the root, so screen readers pick
   * the right voice), how numbers are written (`Intl` in the reader's locale) and the
   * empty-chart sentence. Without it: no language tag, plain digits, English.
   */
  locale?: ChartLocale;
}

export interface ChartLocale {
  lang: string;
  number: (n: number) => string;
  empty: string;
}

export interface LineChart extends ChartBase {
  kind: "line";
  labels: string[];
  /** Stable `data-label` per label (e.g. the ISO day behind a localized "3 Dec"); default: the label. */
  keys?: string[];
  series: Series[];
}

export interface BarChart extends ChartBase {
  kind: "bar";
  orientation?: "vertical" | "horizontal";
  labels: string[];
  keys?: string[];
  series: Series[];
}

export interface RangeChart extends ChartBase {
  kind: "range";
  rows: Array<{ label: string; from: number; to: number; count?: number }>;
}

export type Chart = LineChart | BarChart | RangeChart;

const WIDTH = 720;
const COLORS = ["#1f5fa8", "#b4451f", "#2e7d32", "#6a1b9a", "#8d6e00"];
const DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 6"];
const MARKERS = ["circle", "square", "triangle", "diamond", "cross"] as const;
const FONT = 'font-family="system-ui, sans-serif"';

/** Escapes text and attribute values for XML. */
export function escapeXml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Numbers as labels: integers as they are, others with at most one decimal. */
export function formatValue(n: number): string {
  return Number.isInteger(n) ? String(n) : (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, "");
}

/** `formatValue`, or the chart locale's `Intl` formatter (at most one decimal there too). */
const fmt = (chart: Chart, n: number) => (chart.locale ? chart.locale.number(n) : formatValue(n));
const keyOf = (s: Series) => s.key ?? s.name;

const safeId = (prefix: string | undefined) => (prefix ?? "chart").replace(/[^A-Za-z0-9-]/g, "-").slice(0, 40);
const round = (n: number) => Math.round(n * 10) / 10;

/** A "nice" upper bound for the value axis (1, 2, 2.5 or 5 × 10^k), at least 1. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

function frame(chart: Chart, height: number, body: string, defs = ""): string {
  const id = safeId(chart.idPrefix);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc"` +
    (chart.locale ? ` lang="${escapeXml(chart.locale.lang)}" xml:lang="${escapeXml(chart.locale.lang)}"` : "") +
    ` ${FONT} font-size="12">` +
    `<title id="${id}-title">${escapeXml(chart.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(chart.description)}</desc>` +
    (defs ? `<defs>${defs}</defs>` : "") +
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>` +
    `<text x="16" y="24" font-size="16" font-weight="bold" fill="#111111">${escapeXml(chart.title)}</text>` +
    body +
    `</svg>`
  );
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, color: string): string {
  const s = 4;
  switch (kind) {
    case "circle":
      return `<circle cx="${x}" cy="${y}" r="${s}" fill="${color}"/>`;
    case "square":
      return `<rect x="${x - s}" y="${y - s}" width="${2 * s}" height="${2 * s}" fill="${color}"/>`;
    case "triangle":
      return `<path d="M${x} ${y - s - 1}L${x + s + 1} ${y + s}L${x - s - 1} ${y + s}Z" fill="${color}"/>`;
    case "diamond":
      return `<path d="M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z" fill="${color}"/>`;
    default:
      return `<path d="M${x - s} ${y - s}L${x + s} ${y + s}M${x + s} ${y - s}L${x - s} ${y + s}" stroke="${color}" stroke-width="2"/>`;
  }
}

/** Fill patterns per series: solid, hatched, dotted, cross-hatched, vertical lines. */
function patternDefs(id: string, count: number): string {
  const out: string[] = [];
  for (let i = 1; i < count; i++) {
    const c = COLORS[i % COLORS.length];
    const shape =
      i % 4 === 1
        ? `<path d="M0 8L8 0" stroke="${c}" stroke-width="2"/>`
        : i % 4 === 2
          ? `<circle cx="4" cy="4" r="1.8" fill="${c}"/>`
          : i % 4 === 3
            ? `<path d="M0 0L8 8M8 0L0 8" stroke="${c}" stroke-width="1.5"/>`
            : `<path d="M4 0V8" stroke="${c}" stroke-width="2"/>`;
    out.push(
      `<pattern id="${id}-p${i}" width="8" height="8" patternUnits="userSpaceOnUse">` +
        `<rect width="8" height="8" fill="#ffffff"/>${shape}</pattern>`,
    );
  }
  return out.join("");
}

const fillOf = (id: string, i: number) => (i === 0 ? COLORS[0] : `url(#${id}-p${i})`);

function legend(series: Series[], y: number, swatch: (i: number, x: number, y: number) => string): string {
  if (series.length < 2) return "";
  let x = 16;
  return series
    .map((s, i) => {
      const item = `<g class="legend">${swatch(i, x, y)}<text x="${x + 22}" y="${y + 4}" fill="#111111">${escapeXml(s.name)}</text></g>`;
      x += 34 + Math.min(s.name.length, 30) * 7;
      return item;
    })
    .join("");
}

function valueText(
  chart: Chart,
  x: number,
  y: number,
  value: number,
  unit: string,
  series: string,
  label: string,
  anchor = "middle",
) {
  return (
    `<text class="value" x="${round(x)}" y="${round(y)}" text-anchor="${anchor}" fill="#111111" ` +
    `data-series="${escapeXml(series)}" data-label="${escapeXml(label)}" data-value="${value}">` +
    `${escapeXml(fmt(chart, value) + unit)}</text>`
  );
}

function renderLine(chart: LineChart): string {
  const unit = chart.unit ?? "";
  const left = 56;
  const right = WIDTH - 24;
  const top = chart.series.length > 1 ? 64 : 48;
  const height = 320;
  const bottom = height - 56;
  const n = chart.labels.length;
  const max = niceMax(Math.max(0, ...chart.series.flatMap((s) => s.values)));
  const xAt = (i: number) => (n <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (n - 1));
  const yAt = (v: number) => bottom - ((bottom - top) * v) / max;
  // Every point's value is a label; on long series, every k-th label is drawn, and each
  // point keeps its value in a <title> (and in `data-value` for tools).
  const every = Math.max(1, Math.ceil(n / 16));
  let body = axes(chart, left, right, top, bottom, max, unit);
  chart.labels.forEach((label, i) => {
    if (i % every === 0 || i === n - 1) {
      body += `<text x="${round(xAt(i))}" y="${bottom + 18}" text-anchor="middle" fill="#333333">${escapeXml(label)}</text>`;
    }
  });
  chart.series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length] ?? "#000000";
    const points = s.values.map((v, i) => `${round(xAt(i))},${round(yAt(v))}`).join(" ");
    const dash = DASHES[si % DASHES.length];
    body += `<polyline class="series" data-series="${escapeXml(keyOf(s))}" points="${points}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`;
    s.values.forEach((v, i) => {
      const label = chart.labels[i] ?? "";
      body += `<g class="point">${marker(MARKERS[si % MARKERS.length] ?? "circle", round(xAt(i)), round(yAt(v)), color)}<title>${escapeXml(`${s.name}, ${label}: ${fmt(chart, v)}${unit}`)}</title></g>`;
      const shown = i % every === 0 || i === n - 1;
      body += valueText(chart, xAt(i), yAt(v) - 8 - si * 12, v, unit, keyOf(s), chart.keys?.[i] ?? label).replace(
        "<text ",
        shown ? "<text " : '<text visibility="hidden" ',
      );
    });
  });
  body += legend(chart.series, 44, (i, x, y) => {
    const color = COLORS[i % COLORS.length] ?? "#000000";
    const dash = DASHES[i % DASHES.length];
    return `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>${marker(MARKERS[i % MARKERS.length] ?? "circle", x + 9, y, color)}`;
  });
  return frame(chart, height, body);
}

function axes(
  chart: Chart,
  left: number,
  right: number,
  top: number,
  bottom: number,
  max: number,
  unit: string,
): string {
  let out = `<g class="axis" stroke="#999999">`;
  for (let t = 0; t <= 4; t++) {
    const y = round(bottom - ((bottom - top) * t) / 4);
    out += `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke-width="${t === 0 ? 1 : 0.5}"/>`;
  }
  out += "</g>";
  for (let t = 0; t <= 4; t++) {
    const y = round(bottom - ((bottom - top) * t) / 4);
    out += `<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#333333">${escapeXml(fmt(chart, (max * t) / 4) + unit)}</text>`;
  }
  return out;
}

function renderBar(chart: BarChart): string {
  const id = safeId(chart.idPrefix);
  const unit = chart.unit ?? "";
  const k = Math.max(1, chart.series.length);
  const max = niceMax(Math.max(0, ...chart.series.flatMap((s) => s.values)));
  const defs = patternDefs(id, k);
  const top = chart.series.length > 1 ? 64 : 48;
  let body = "";
  if (chart.orientation === "horizontal") {
    const left = 200;
    const right = WIDTH - 80;
    const rowH = Math.max(22, 10 + k * 14);
    const height = top + chart.labels.length * rowH + 24;
    const barH = (rowH - 8) / k;
    chart.labels.forEach((label, i) => {
      const y0 = top + i * rowH;
      body += `<text x="${left - 8}" y="${round(y0 + rowH / 2 + 4)}" text-anchor="end" fill="#111111">${escapeXml(truncate(label, 30))}</text>`;
      chart.series.forEach((s, si) => {
        const v = s.values[i] ?? 0;
        const w = ((right - left) * v) / max;
        const y = y0 + 4 + si * barH;
        body += `<rect class="bar" x="${left}" y="${round(y)}" width="${round(w)}" height="${round(barH - 2)}" fill="${fillOf(id, si)}" stroke="${COLORS[si % COLORS.length]}"/>`;
        body += valueText(chart, left + w + 4, y + barH / 2 + 3, v, unit, keyOf(s), chart.keys?.[i] ?? label, "start");
      });
    });
    body += `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - 24}" stroke="#999999"/>`;
    body += barLegend(chart.series, id);
    return frame(chart, Math.max(height, 100), body, defs);
  }
  const left = 56;
  const right = WIDTH - 24;
  const height = 320;
  const bottom = height - 56;
  const slot = (right - left) / Math.max(1, chart.labels.length);
  const barW = Math.min(48, (slot - 8) / k);
  body += axes(chart, left, right, top, bottom, max, unit);
  chart.labels.forEach((label, i) => {
    const x0 = left + i * slot + (slot - barW * k) / 2;
    body += `<text x="${round(left + i * slot + slot / 2)}" y="${bottom + 18}" text-anchor="middle" fill="#111111">${escapeXml(truncate(label, Math.max(4, Math.floor(slot / 7))))}</text>`;
    chart.series.forEach((s, si) => {
      const v = s.values[i] ?? 0;
      const h = ((bottom - top) * v) / max;
      const x = x0 + si * barW;
      body += `<rect class="bar" x="${round(x)}" y="${round(bottom - h)}" width="${round(barW - 2)}" height="${round(h)}" fill="${fillOf(id, si)}" stroke="${COLORS[si % COLORS.length]}"/>`;
      body += valueText(chart, x + barW / 2, bottom - h - 4, v, unit, keyOf(s), chart.keys?.[i] ?? label);
    });
  });
  body += barLegend(chart.series, id);
  return frame(chart, height, body, defs);
}

function barLegend(series: Series[], id: string): string {
  return legend(
    series,
    44,
    (i, x, y) =>
      `<rect x="${x}" y="${y - 6}" width="18" height="12" fill="${fillOf(id, i)}" stroke="${COLORS[i % COLORS.length]}"/>`,
  );
}

function renderRange(chart: RangeChart): string {
  const unit = chart.unit ?? "";
  const left = 220;
  const right = WIDTH - 130;
  const top = 48;
  const rowH = 26;
  const height = Math.max(100, top + chart.rows.length * rowH + 24);
  const max = niceMax(Math.max(0, ...chart.rows.map((r) => r.to)));
  const xAt = (v: number) => left + ((right - left) * v) / max;
  let body = "";
  chart.rows.forEach((r, i) => {
    const y = top + i * rowH;
    body += `<text x="${left - 8}" y="${y + 17}" text-anchor="end" fill="#111111">${escapeXml(truncate(r.label, 32))}</text>`;
    // A range is drawn as a bar with a marked start and end, so it reads without colour.
    body += `<rect class="range" x="${round(xAt(r.from))}" y="${y + 6}" width="${round(Math.max(2, xAt(r.to) - xAt(r.from)))}" height="14" fill="${COLORS[0]}" fill-opacity="0.35" stroke="${COLORS[0]}"/>`;
    body += `<line x1="${round(xAt(r.from))}" y1="${y + 3}" x2="${round(xAt(r.from))}" y2="${y + 23}" stroke="#111111" stroke-width="2"/>`;
    body += `<line x1="${round(xAt(r.to))}" y1="${y + 3}" x2="${round(xAt(r.to))}" y2="${y + 23}" stroke="#111111" stroke-width="2"/>`;
    // Both ends as text, right of the bar: "from – to".
    body += valueText(chart, xAt(r.to) + 6, y + 17, r.from, unit, "from", r.label, "start");
    body += `<text x="${round(xAt(r.to) + 62)}" y="${y + 17}" text-anchor="middle" fill="#111111">–</text>`;
    body += valueText(chart, xAt(r.to) + 70, y + 17, r.to, unit, "to", r.label, "start");
  });
  body += `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - 24}" stroke="#999999"/>`;
  return frame(chart, height, body);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Renders a chart as a standalone SVG document (also valid inline in HTML). */
export function renderChart(chart: Chart): string {
  const empty =
    chart.kind === "range" ? chart.rows.length === 0 : chart.labels.length === 0 || chart.series.length === 0;
  if (empty) {
    return frame(
      chart,
      100,
      `<text class="empty" x="16" y="60" fill="#333333">${escapeXml(chart.locale?.empty ?? "No data for this period.")}</text>`,
    );
  }
  if (chart.kind === "line") return renderLine(chart);
  if (chart.kind === "bar") return renderBar(chart);
  return renderRange(chart);
}
