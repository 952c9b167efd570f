interface VegaModule {
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
}
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}

let modules: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

/** vega and vega-lite are loaded on first use only: they take about half a second to import. */
function loadVega(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({
    vega: ((vega as { default?: unknown }).default ?? vega) as VegaModule,
    vl: ((vl as { compile?: unknown }).compile ? vl : (vl as { default: unknown }).default) as VegaLiteModule,
  }));
  return modules;
}

/**
 * Render a Vega-Lite specification (with inline data) to static SVG, without a browser or canvas:
 * `vega-lite`'s `compile` gives a Vega spec, which a headless `vega.View` (renderer `none`) draws with `toSVG()`.
 * The namespace attributes are dropped: SVG inline in HTML needs none, so the page holds no URL at all.
 * @example
 * ```ts
 * const svg = await vegaLiteToSvg({ data: { values: [{ x: 1 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
 * ```
 */
export async function vegaLiteToSvg(spec: Record<string, unknown>): Promise<string> {
  const { vega, vl } = await loadVega();
  const { $schema: _schema, ...rest } = spec;
  const view = new vega.View(vega.parse(vl.compile(rest).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
  } finally {
    view.finalize();
  }
}
