import type { Dataset } from '@latentkit/core';
import { viewSpec } from '@latentkit/app-views';
import type { Fitted } from '@latentkit/registry';
import { firstLine } from '../errors.js';

/** One view of a fitted model as the report draws it: its title, description and Vega-Lite spec. */
export interface ViewPlot {
  readonly title: string;
  readonly description?: string;
  readonly spec: Record<string, unknown>;
}

/** Width of a view in the report, in pixels. */
const REPORT_VIEW_WIDTH = 480;

/**
 * The typed views a fitted model declares (`fitted.views(data)`) as report plots, through the renderer the VS Code
 * preview uses too. A model without `views` has none; when `views` throws, or a view cannot be turned into a spec,
 * `warn` gets one line and the other views are kept.
 */
export function viewPlots(fitted: Fitted, data: Dataset | undefined, warn: (message: string) => void): ViewPlot[] {
  if (!fitted.views) return [];
  let views: ReturnType<NonNullable<Fitted['views']>>;
  try {
    views = fitted.views(data);
  } catch (e) {
    warn(`${fitted.key}: views could not be computed: ${firstLine(e)}`);
    return [];
  }
  const plots: ViewPlot[] = [];
  for (const view of views) {
    try {
      plots.push({ title: view.title, ...(view.description && { description: view.description }), spec: viewSpec(view, { width: REPORT_VIEW_WIDTH }) });
    } catch (e) {
      warn(`${fitted.key}: ${firstLine(e)}`);
    }
  }
  return plots;
}
