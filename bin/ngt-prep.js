#!/usr/bin/env node
'use strict';
// The `ngt-prep` command: the built CLI bundle (run `npm run setup` or `npm run build` first).
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'main', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('ngt-prep is not built yet: run `npm run setup` (or `npm run build`) first.\n');
  process.exit(2);
}
require(bundle);
