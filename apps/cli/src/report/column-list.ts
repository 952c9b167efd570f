/** Column lists longer than this are summarised by {@link columnListText}. */
export const MAX_LISTED_COLUMNS = 12;

/**
 * The training columns for the report's "Run" table: all of them when there are few, else a summary with the count,
 * the first three and the last, so that wide data (784 pixels, 5,000 words) does not push the results off the page.
 * @example
 * ```ts
 * columnListText(['a', 'b']); // 'a, b'
 * columnListText(Array.from({ length: 784 }, (_, j) => `x${j + 1}`)); // '784 columns: x1, x2, x3, …, x784'
 * ```
 */
export function columnListText(columns: readonly string[]): string {
  if (columns.length <= MAX_LISTED_COLUMNS) return columns.join(', ');
  return `${columns.length} columns: ${columns.slice(0, 3).join(', ')}, …, ${columns[columns.length - 1]}`;
}
