// Prints what every example checks in one JSON line: the score, the latent shape, and the score of the model saved to
// JSON and loaded back into the registry.
export function summarize(registry, fitted, data, extra = {}) {
  const latent = fitted.transform(data);
  const reloaded = registry.load(JSON.parse(JSON.stringify(fitted.toJSON())));
  const line = { model: fitted.key, score: fitted.score(data), reloadedScore: reloaded.score(data), latent: [latent.nRows, latent.nCols], ...extra };
  reloaded.dispose();
  fitted.dispose();
  console.log(JSON.stringify(line));
}
