import embed, { type Result, type VisualizationSpec } from 'vega-embed';
import { WebviewReadyCommand } from '../../src/webviews/protocol.js';
import {
  DidChangeNotification,
  RefreshCommand,
  UpdateColourCommand,
  type PersistedState,
  type PreviewContent,
  type State,
} from '../../src/webviews/latent-preview/protocol.js';
import { objectiveSpec, scatterSpec, type VlSpec } from '../../src/webviews/latent-preview/vega-specs.js';
import { viewSections } from '../../src/webviews/latent-preview/view-figures.js';
import { onThemeChange, vegaThemeConfig } from '../shared/vega-theme.js';
import { h, onHostMessage, send, vscodeApi } from '../shared/vscode-api.js';

/** What `setState` keeps: enough to redraw at once after the panel is re-shown, and for the serializer. */
type Saved = PersistedState & { readonly content?: PreviewContent; readonly status?: State['status'] };

const root = document.getElementById('root')!;
let state: State | undefined = restore();
let views: Result[] = [];
const cspViolations: string[] = [];

document.addEventListener('securitypolicyviolation', (e) => {
  cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || e.sourceFile}`);
  const el = document.getElementById('csp-violations');
  if (el) {
    el.dataset.count = String(cspViolations.length);
    el.textContent = cspViolations.join('\n');
  }
});

function restore(): State | undefined {
  const saved = vscodeApi.getState() as Saved | undefined;
  if (!saved?.modelFile) return undefined;
  return {
    modelFile: saved.modelFile,
    status: saved.content ? 'ready' : 'loading',
    ...(saved.content && { content: saved.content }),
    ...(saved.colourBy && { colourBy: saved.colourBy }),
  };
}

function persist(): void {
  if (!state) return;
  const saved: Saved = {
    modelFile: state.modelFile,
    ...(state.colourBy && { colourBy: state.colourBy }),
    ...(state.content && { content: state.content }),
    status: state.status,
  };
  vscodeApi.setState(saved);
}

const fmt = (v: number): string => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(5))));
const show = (v: unknown): string => (typeof v === 'number' ? fmt(v) : v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const chartWidth = (): number => Math.max(320, (root.clientWidth || 800) - 8);

function figure(plot: string, caption: string, extra?: Node): { el: HTMLElement; chart: HTMLElement } {
  const chart = h('div', { className: 'chart' });
  const el = h('figure', { className: 'plot', 'data-plot': plot }, h('figcaption', {}, caption), ...(extra ? [extra] : []), chart);
  return { el, chart };
}

async function draw(fig: { el: HTMLElement; chart: HTMLElement }, spec: VlSpec, renderer: 'svg' | 'canvas' = 'svg'): Promise<void> {
  try {
    const result = await embed(fig.chart, spec as VisualizationSpec, {
      renderer,
      actions: false,
      ast: true,
      defaultStyle: false,
      config: vegaThemeConfig(),
      tooltip: { theme: document.body.classList.contains('vscode-light') ? 'light' : 'dark', disableDefaultStyle: true },
    });
    views.push(result);
    fig.el.dataset.rendered = 'true';
  } catch (e) {
    fig.chart.replaceChildren(h('p', { className: 'error' }, `This plot could not be drawn: ${(e as Error).message}`));
    fig.el.dataset.rendered = 'error';
  }
}

function table(columns: readonly string[], rows: readonly (readonly unknown[])[], attrs: Record<string, string> = {}): HTMLTableElement {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((v) => h('td', {}, show(v)))))),
  );
}

function section(id: string, title: string, ...children: (Node | undefined)[]): HTMLElement {
  return h('section', { id }, h('h2', {}, title), ...children.filter((c): c is Node => c !== undefined));
}

function render(): void {
  for (const v of views) v.finalize();
  views = [];
  const status = h('p', { id: 'status', 'data-status': state?.status ?? 'loading' });
  const csp = h('pre', { id: 'csp-violations', 'data-count': String(cspViolations.length), hidden: true }, cspViolations.join('\n'));
  if (!state) {
    status.textContent = 'Waiting for the extension…';
    root.replaceChildren(status, csp);
    return;
  }
  const c = state.content;
  const refresh = h('button', { id: 'refresh', type: 'button', title: 'Recompute from the model file' }, 'Refresh');
  refresh.addEventListener('click', () => send(RefreshCommand, undefined));
  const header = h('header', {}, h('h1', {}, c?.title ?? state.modelFile.split(/[\\/]/).pop() ?? 'Latent preview'), refresh);
  if (state.status === 'loading') status.textContent = c ? 'Updating…' : 'Computing the preview…';
  else if (state.status === 'error') {
    status.textContent = state.error ?? 'The preview failed.';
    status.className = 'error';
  }
  const parts: HTMLElement[] = [header, status];
  if (c) parts.push(...content(c));
  parts.push(csp);
  root.replaceChildren(...parts);
  root.dataset.ready = state.status === 'ready' ? 'true' : 'false';
}

function content(c: PreviewContent): HTMLElement[] {
  const full = chartWidth();
  const wide = full >= 860;
  const mainWidth = Math.min(820, wide ? Math.floor(full * 0.6) : full);
  const sideWidth = Math.min(560, wide ? Math.floor(full * 0.37) : full);
  const out: HTMLElement[] = [];
  const m = c.model;
  out.push(
    h(
      'p',
      { id: 'fit-summary', className: 'muted' },
      `${m.plugin}${m.description ? ` · ${m.description}` : ''} · fitted by ${m.engine} (seed ${m.seed}) in ${m.iterations} iterations, ${m.converged ? 'converged' : 'not converged'}, ${m.seconds.toFixed(2)} s · data ${c.data.dataset ?? (c.data.file ? c.data.file.split(/[\\/]/).pop() : '—')}: ${c.data.nRows} × ${c.data.nCols} (${c.data.kind})`,
    ),
  );
  if (c.data.note) out.push(h('p', { className: 'note' }, c.data.note));
  const main = h('div', { className: 'main-column' });
  const side = h('div', { className: 'side-column' });
  out.push(h('div', { className: wide ? 'columns' : 'stack' }, main, side));
  if (c.latent) {
    const latent = c.latent;
    const select = h('select', { id: 'colour-by', 'aria-label': 'Colour points by' });
    for (const col of latent.colourings) select.append(h('option', { value: col.name, selected: col.name === currentColouring(latent) }, col.name));
    const controls = latent.colourings.length > 0 ? h('label', { className: 'control' }, 'Colour by ', select) : undefined;
    const fig = figure(
      'latent',
      `${latent.method} · ${latent.shown === latent.total ? `${latent.total} points` : `${latent.shown} of ${latent.total} points`}`,
      controls,
    );
    fig.el.dataset.points = String(latent.shown);
    main.append(section('latent-section', 'Latent space', fig.el));
    const drawScatter = () => {
      const name = currentColouring(latent);
      fig.el.dataset.colour = name ?? '';
      fig.el.dataset.rendered = 'false';
      views = views.filter((v) => {
        if (fig.chart.contains(v.view.container())) {
          v.finalize();
          return false;
        }
        return true;
      });
      fig.chart.replaceChildren();
      void draw(
        fig,
        scatterSpec(
          latent,
          latent.colourings.find((k) => k.name === name),
          mainWidth - 140,
        ),
      );
    };
    select.addEventListener('change', () => {
      state = { ...state!, colourBy: select.value };
      persist();
      send(UpdateColourCommand, { colourBy: select.value });
      drawScatter();
    });
    drawScatter();
  }
  const objective = figure('objective', `${c.trace.length} iterations`);
  side.append(section('objective-section', 'Objective per iteration', objective.el));
  void draw(objective, objectiveSpec(c.trace, sideWidth - 90));
  if (c.metrics.length > 0) {
    const hasTest = c.metrics.some((r) => r.test !== undefined);
    const hasNote = c.metrics.some((r) => r.note);
    side.append(
      section(
        'metrics',
        'Metrics',
        table(
          ['metric', 'train', ...(hasTest ? ['test'] : []), ...(hasNote ? ['note'] : [])],
          c.metrics.map((r) => [r.name, r.train ?? '—', ...(hasTest ? [r.test ?? '—'] : []), ...(hasNote ? [r.note ?? ''] : [])]),
          { id: 'metrics-table' },
        ),
      ),
    );
  }
  side.append(
    section(
      'params-section',
      'Hyperparameters',
      table(
        ['parameter', 'value'],
        Object.entries(m.params)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, v]),
        { id: 'params' },
      ),
    ),
  );
  for (const s of viewSections(c.views, Math.min(full, 1100))) {
    const figs = s.figures.map((f) => {
      const fig = figure(s.plot, f.caption, f.description ? h('p', { className: 'muted' }, f.description) : undefined);
      if (f.spec) void draw(fig, f.spec, f.renderer);
      else {
        fig.chart.replaceChildren(h('p', { className: 'error' }, `This view could not be drawn: ${f.error ?? 'no specification'}`));
        fig.el.dataset.rendered = 'error';
      }
      return fig.el;
    });
    out.push(section(s.section, s.heading, s.sideBySide ? h('div', { className: 'row-of-figures' }, ...figs) : h('div', {}, ...figs)));
  }
  if (c.report) {
    const r = c.report;
    const figs = r.plots.map((p) => figure('report', p.title));
    out.push(
      section(
        'report',
        r.title,
        Object.keys(r.summary).length > 0 ? table(['quantity', 'value'], Object.entries(r.summary)) : undefined,
        ...r.tables.map((t) => h('div', {}, h('h3', {}, t.title), table(t.columns, t.rows))),
        ...figs.map((f) => f.el),
      ),
    );
    figs.forEach((f, i) => void draw(f, r.plots[i].spec));
  }
  return out;
}

function currentColouring(latent: NonNullable<PreviewContent['latent']>): string | undefined {
  const wanted = state?.colourBy;
  return latent.colourings.some((k) => k.name === wanted) ? wanted : latent.defaultColouring;
}

onHostMessage((m) => {
  if (DidChangeNotification.is(m)) {
    const next = m.params;
    // Keep the last content on screen while a refresh computes.
    state = next.status === 'loading' && !next.content && state?.content && state.modelFile === next.modelFile ? { ...next, content: state.content } : next;
    persist();
    render();
    // Marks content that the extension host computed in this page's lifetime (not only restored with getState).
    if (next.status === 'ready') root.dataset.fromHost = 'true';
  }
});
onThemeChange(render);
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = root.clientWidth;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (Math.abs(root.clientWidth - lastWidth) < 40) return;
    lastWidth = root.clientWidth;
    render();
  }, 200);
});
render();
send(WebviewReadyCommand, undefined);
