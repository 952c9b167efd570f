// A `--plugin` module for the tests: the testing kit's model that needs row groups (fits the background rows).
export { toyGroups as default } from '@latentkit/testing';
