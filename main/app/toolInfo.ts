/** The product's name and version, from package.json (one fact, one place). */
import pkg from '../../package.json';

export const TOOL = { name: 'ngt-prep', productName: pkg.productName, version: pkg.version } as const;
