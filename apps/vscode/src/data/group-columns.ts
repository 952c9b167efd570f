import { DEFAULT_BACKGROUND } from '@latentkit/app';
import { SPLIT_COLUMN } from '@latentkit/core';
import type { SniffedData } from './sniff-data.js';

const GROUP_NAMES = ['group', 'groups', 'condition', 'cond', 'treatment', 'batch', 'background', 'sample', 'type'];

/**
 * Columns that can hold each row's group for a model that needs row groups: the text columns of a delimited file
 * (not `split`), those with a group-like name (`group`, `condition`, `treatment`, …) first. None for Matrix Market.
 * @example
 * ```ts
 * groupColumnCandidates(sniffData('x,name,condition\n1,a,target\n', 'a.csv')); // ['condition', 'name']
 * ```
 */
export function groupColumnCandidates(sniffed: SniffedData): string[] {
  if (sniffed.format !== 'delimited') return [];
  const text = sniffed.columns.filter((c) => !c.numeric && c.name !== SPLIT_COLUMN && c.name !== '');
  const named = (name: string) => GROUP_NAMES.includes(name.toLowerCase());
  return [...text.filter((c) => named(c.name)), ...text.filter((c) => !named(c.name))].map((c) => c.name);
}

/** The background value when the group column holds {@link DEFAULT_BACKGROUND}; undefined when the user must choose. */
export function defaultBackground(values: readonly string[]): string | undefined {
  return values.includes(DEFAULT_BACKGROUND) ? DEFAULT_BACKGROUND : undefined;
}
