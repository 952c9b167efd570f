import type { Config } from 'vega-embed';

const cssVar = (name: string, fallback: string): string => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** Whether VS Code shows a dark (or high-contrast dark) theme. */
export function isDarkTheme(): boolean {
  return document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
}

/**
 * A Vega config that follows the VS Code theme: transparent background, text and axes in the editor's foreground,
 * grid lines in its widget border colour, the editor's font.
 */
export function vegaThemeConfig(): Config {
  const fg = cssVar('--vscode-editor-foreground', isDarkTheme() ? '#cccccc' : '#333333');
  const muted = cssVar('--vscode-descriptionForeground', fg);
  const grid = cssVar('--vscode-editorWidget-border', isDarkTheme() ? '#454545' : '#c8c8c8');
  const font = cssVar('--vscode-font-family', 'sans-serif');
  const text = { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font };
  return {
    background: 'transparent',
    font,
    view: { stroke: grid },
    axis: { ...text, domainColor: muted, tickColor: muted, gridColor: grid, gridOpacity: 0.5 },
    legend: { ...text },
    header: { ...text },
    title: { color: fg, font },
    text: { color: fg, font },
    range: { category: { scheme: isDarkTheme() ? 'tableau10' : 'tableau10' } },
  } as Config;
}

/** Call `render` again whenever VS Code switches theme (it changes the body's classes). */
export function onThemeChange(render: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    render();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
