export { default } from '@latentkit/eslint-config';
