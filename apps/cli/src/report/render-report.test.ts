import { describe, expect, it } from 'vitest';
import { escapeHtml, formatCell } from './html-text.js';
import { renderReport } from './render-report.js';
import { vegaLiteToSvg } from './render-svg.js';

const scatter = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 200,
  height: 120,
  data: {
    values: [
      { x: 1, y: 2 },
      { x: 2, y: 3 },
      { x: 3, y: 1 },
    ],
  },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

describe('vegaLiteToSvg', () => {
  it('renders a Vega-Lite spec to static SVG with one mark per data row', async () => {
    const svg = await vegaLiteToSvg(scatter);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('http');
    // One point per row, placed by the x scale: x = 1, 2, 3 over [0, 3] on a 200 px axis gives 66.7, 133.3, 200.
    const points = [...svg.matchAll(/aria-roledescription="point" transform="translate\(([\d.]+),([\d.]+)\)"/g)].map((m) => Number(m[1]));
    expect(points).toHaveLength(3);
    points.forEach((x, i) => expect(x).toBeCloseTo((200 * (i + 1)) / 3, 6));
  });
});

describe('renderReport', () => {
  it('writes one page with escaped text, tables and inline SVG, and no scripts or URLs', async () => {
    const html = await renderReport({
      title: 'report <1>',
      subtitle: 'today & tomorrow',
      overview: { columns: ['model', 'score'], rows: [['m', -1.23456789]] },
      entries: [
        {
          section: {
            title: 'Section "A"',
            summary: { k: 2, note: '<b>' },
            tables: [{ title: 'T', columns: ['c'], rows: [[1.5]] }],
            plots: [{ title: 'scatter', spec: scatter }],
          },
          details: [['model', 'x/y']],
        },
        { heading: 'second', section: { title: 'B', summary: {}, plots: [] }, details: [] },
      ],
    });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>report &lt;1&gt;</title>');
    expect(html).toContain('today &amp; tomorrow');
    expect(html).toContain('<h2>Section &quot;A&quot;</h2>');
    expect(html).toContain('<td>&lt;b&gt;</td>');
    expect(html).toContain('<td class="num">-1.23457</td>');
    expect(html).toContain('<caption>T</caption>');
    expect(html).toContain('<h2>second</h2>');
    expect(html.match(/<svg/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<link|https?:|src=/i);
  });

  it('shows a note in place of a plot that cannot be rendered, and warns', async () => {
    const warnings: string[] = [];
    const html = await renderReport(
      { title: 't', entries: [{ section: { title: 's', summary: {}, plots: [{ title: 'broken', spec: { mark: 'nonsense-mark' } }] }, details: [] }] },
      { warn: (m) => warnings.push(m) },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^plot 'broken' could not be rendered: /);
    expect(html).toContain('<p class="error">plot &#39;broken&#39; could not be rendered');
  });
});

describe('html text', () => {
  it('escapes the five HTML specials and rounds numbers to 6 significant digits', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(formatCell(1234.56789)).toBe('1234.57');
    expect(formatCell(42)).toBe('42');
    expect(formatCell(Number.NaN)).toBe('NaN');
  });
});
