import { cavi } from './cavi/cavi.js';
import { em } from './em/em.js';
import { gibbs } from './gibbs/gibbs.js';
import { onlineVi } from './online-vi/online-vi.js';

export { drive, type DriveOptions, type DriveResult, type Stepper } from './driver/drive.js';
export { requireTerms, runWithRestarts, type EngineRecipe } from './driver/restarts.js';
export { disposeAll, disposeReplaced, tensorsIn, tidyState } from './driver/tensor-state.js';
export { cavi, fitCavi } from './cavi/cavi.js';
export { em, fitEm } from './em/em.js';
export { fitGibbs, gibbs } from './gibbs/gibbs.js';
export { fitOnlineVi, onlineVi, stepSize } from './online-vi/online-vi.js';

/** Every inference engine of this package. */
export const inferencePlugins = [em, cavi, onlineVi, gibbs] as const;
