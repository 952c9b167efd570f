// LDA by batch variational Bayes on a generated corpus.
import { initBackend } from '@latentkit/core';
import { createRegistry } from '@latentkit/registry';
import { cavi } from '@latentkit/inference';
import { lda } from '@latentkit/models-topic';
import { ldaCorpus } from '@latentkit/datasets';
import { summarize } from './summary.mjs';

await initBackend();
const { data } = ldaCorpus({ nDocs: 60, vocabSize: 40, nTopics: 3, docLength: 50, seed: 2 });
const registry = createRegistry().register(lda, cavi);
const fitted = await registry.create('topic/lda', { nComponents: 3, maxIter: 10 }).fit(data, { seed: 0 });
summarize(registry, fitted, data);
