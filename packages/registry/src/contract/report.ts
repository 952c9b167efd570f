/** A section of the HTML report: key numbers, tables and Vega-Lite plots, as plain JSON data. */
export interface ReportSection {
  readonly title: string;
  readonly summary: Readonly<Record<string, string | number>>;
  readonly tables?: readonly { readonly title: string; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] }[];
  /** Vega-Lite specifications with inline data. */
  readonly plots: readonly { readonly title: string; readonly spec: Record<string, unknown> }[];
}
