import { ldaCorpus } from '@latentkit/datasets';
import { cavi, gibbs, onlineVi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { lda } from './latent-dirichlet-allocation.js';

const data = () => ldaCorpus({ nDocs: 40, vocabSize: 60, nTopics: 3, docLength: 40, seed: 1 }).data;
const engines = [cavi, onlineVi, gibbs];
const invalidParams = [
  { params: { nComponents: 0 }, message: /nComponents=0 is invalid: expected an integer >= 1/ },
  { params: { learningMethod: 'stochastic' }, message: /learningMethod='stochastic' is invalid: expected one of 'batch', 'online'/ },
  { params: { docTopicPrior: 0 }, message: /docTopicPrior=0 is invalid: expected a number > 0/ },
];

checkModelPlugin(lda, { data, params: { nComponents: 3, maxIter: 5 }, engines, packageJson: pkg, invalidParams });
checkModelPlugin(lda, {
  data,
  params: { nComponents: 3, learningMethod: 'online', batchSize: 16, maxIter: 4 },
  engines,
  engine: 'inference/online-vi',
  packageJson: pkg,
});
checkModelPlugin(lda, { data, params: { nComponents: 2, maxIter: 8 }, engines, engine: 'inference/gibbs', packageJson: pkg });
