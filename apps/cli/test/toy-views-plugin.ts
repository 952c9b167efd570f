// A `--plugin` module for the tests: the testing kit's model that declares every capability and one view of each kind.
export { toyViews as default } from '@latentkit/testing';
