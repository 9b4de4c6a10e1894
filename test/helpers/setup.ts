/** Vitest setup file, run for every test file: its temp directories (helpers/temp.ts) go when it ends. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.js';

afterAll(removeTempDirs);
