export { drive, type DriveOptions, type DriveResult, type Stepper } from './driver/drive.js';
export { disposeAll, disposeReplaced, tensorsIn, tidyState } from './driver/tensor-state.js';
export { em, fitEm } from './em/em.js';
