/** Types for bench/html-load.js (used by test/html-report.test.ts). */
import type { Browser } from 'playwright-core';
import type { ReportData } from '../src/report/types.js';
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function bigReportData(findings?: number, concepts?: number): ReportData;
export function timeLoad(browser: Browser, file: string): Promise<{ ms: number; requests: string[] }>;
