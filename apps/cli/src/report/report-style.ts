/** The page's only styles: inline, no web fonts, so the report works offline and from an e-mail attachment. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 16px; border-top: 1px solid #d0d7de; }
h3 { font-size: 15px; margin: 20px 0 6px; color: #57606a; text-transform: uppercase; letter-spacing: .04em; }
p.meta { color: #57606a; margin: 0 0 16px; }
table { border-collapse: collapse; margin: 6px 0 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #d0d7de; }
td.num { text-align: right; }
table.kv th { font-weight: 500; color: #57606a; }
table.kv td { max-width: 56em; overflow-wrap: anywhere; }
table.kv td.num { text-align: left; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
.plots { display: flex; flex-wrap: wrap; gap: 18px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure svg { max-width: 100%; height: auto; }
.grid { display: flex; flex-wrap: wrap; gap: 28px; }
.error { color: #cf222e; }
.note { color: #57606a; font-style: italic; }
footer { margin-top: 48px; color: #57606a; font-size: 13px; }
`;
