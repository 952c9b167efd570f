import type { InspectResult } from '../training/protocol.js';

/** A model offered in the Train Model quick pick. */
export interface ModelItem {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  readonly key: string;
  readonly fits: boolean;
  readonly engines: readonly string[];
}

/**
 * The quick-pick entries for a data file: the models whose data requirements the file meets, in key order, and
 * after them the others with the registry's reason (choosing one of those explains why it cannot be trained).
 * A model that needs row groups (`needsGroups`) fits when the file has a text column to hold them (`groupColumns`),
 * and says that Train Model will ask for it.
 */
export function modelItems(inspect: InspectResult, groupColumns: readonly string[] = []): ModelItem[] {
  const models = inspect.models.map((m) =>
    m.fits && m.needsGroups && groupColumns.length === 0
      ? { ...m, fits: false, reason: `${m.key} needs row groups, but this file has no text column to hold each row's group` }
      : m,
  );
  const fit = models.filter((m) => m.fits);
  const unfit = models.filter((m) => !m.fits);
  return [
    ...fit.map((m) => ({
      label: m.key,
      description: m.description ?? '',
      detail: `${m.plugin} · fitted by ${m.engines.join(', ')}${m.needsGroups ? ' · asks for the group column' : ''}`,
      key: m.key,
      fits: true,
      engines: m.engines,
    })),
    ...unfit.map((m) => ({
      label: `$(circle-slash) ${m.key}`,
      description: m.description ?? '',
      detail: `does not fit this file: ${m.reason ?? 'unknown reason'}`,
      key: m.key,
      fits: false,
      engines: m.engines,
    })),
  ];
}

/** One line about inspected data, e.g. `272 rows × 2 columns (dense), label 'species'` or `…, group 'cond' (background 150, target 150)`. */
export function dataSummary(inspect: InspectResult): string {
  const label = inspect.labelName ? `, label '${inspect.labelName}'` : '';
  const groups = inspect.groups ? `, group '${inspect.groups.name}' (${inspect.groups.counts.map((c) => `${c.value} ${c.rows}`).join(', ')})` : '';
  return `${inspect.nRows} rows × ${inspect.nCols} columns (${inspect.kind === 'dense' ? 'dense' : 'counts'})${label}${groups}`;
}
