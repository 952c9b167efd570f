/** A section of the HTML report: key numbers, tables and Vega-Lite plots, as plain JSON data. */
export interface ReportSection {
  /** The section's heading, e.g. the model's name. */
  readonly title: string;
  /** Key numbers and short facts by name, in display order (e.g. `{ nComponents: 3, bic: 1234.5 }`). */
  readonly summary: Readonly<Record<string, string | number>>;
  /** Further tables (e.g. a mixture's weight and mean per component); none by default. */
  readonly tables?: readonly {
    /** The table's heading. */
    readonly title: string;
    /** Column headings, left to right. */
    readonly columns: readonly string[];
    /** The rows, each with one cell per entry of `columns`. */
    readonly rows: readonly (readonly (string | number)[])[];
  }[];
  /** Vega-Lite specifications with inline data. */
  readonly plots: readonly {
    /** The plot's heading. */
    readonly title: string;
    /** A Vega-Lite specification with its data inline (`data.values`), drawn as given. */
    readonly spec: Record<string, unknown>;
  }[];
}
