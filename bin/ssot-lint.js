#!/usr/bin/env node
// The bundled CLI (scripts/bundle.js): one module to load instead of ~130.
import { main } from '../dist/cli/main.js';

main(process.argv);
