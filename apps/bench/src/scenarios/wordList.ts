/**
 * Scenario 7, the word list (`--blocked-words`): the check the render scheduler runs before every generation, in
 * this process. A 10,000-entry list (single words and two- to four-word phrases, accented and not) against a
 * 4,000-character prompt that contains none of them (the common case, and the slowest: no early exit). The target
 * is the issue's: under 1 ms per check. Baseline in the same run: the obvious implementation, one whole-word
 * regular expression per entry over the lower-cased prompt, so the table shows what the word trie buys.
 */
import { BlockedWordMatcher } from '@promptjam/server';
import { summarize, type Summary } from '../stats.js';
import type { BenchLog } from './benchTarget.js';

/** The list size and prompt length the target is stated at. */
export const WORD_LIST_ENTRIES = 10_000;
export const WORD_LIST_PROMPT_CHARS = 4_000;

/** Per-check times in ms, and the baseline's. */
export interface WordListResult {
  entries: number;
  promptChars: number;
  checks: number;
  checkMs: Summary;
  baselineMs: Summary;
  /** Baseline median over trie median. */
  speedup: number;
}

const SYLLABLES = ['ka', 'lo', 'mé', 'ri', 'sun', 'tor', 'vë', 'zan', 'pi', 'quo', 'ña', 'el'];

/** A deterministic made-up word from `n` (so the list and the prompt never share a word by accident). */
function word(n: number, salt: number): string {
  let out = '';
  let x = n * 7919 + salt;
  for (let i = 0; i < 3; i++) {
    out += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length) + 13;
  }
  return `${out}${n % 97}`;
}

function buildList(entries: number): string[] {
  return Array.from({ length: entries }, (_, i) => {
    const words = i % 4 === 0 ? 1 + (i % 3) + 1 : 1;
    return Array.from({ length: words }, (_, j) => word(i + j * entries, 1)).join(' ');
  });
}

function buildPrompt(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const part = i % 5 === 0 ? `Crème brûlée, ${word(i, 2)}` : `a watercolor ${word(i, 3)} at dawn`;
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join(', ').slice(0, chars);
}

function timeChecks(check: () => boolean, checks: number): number[] {
  for (let i = 0; i < Math.min(50, checks); i++) check();
  const times: number[] = [];
  for (let i = 0; i < checks; i++) {
    const started = performance.now();
    if (check()) throw new Error('the bench prompt must contain no listed word');
    times.push(performance.now() - started);
  }
  return times;
}

/** Runs the word-list check `checks` times, and the baseline a tenth as often (it is far slower). */
export function runWordListScenario(checks: number, log: BenchLog): WordListResult {
  const list = buildList(WORD_LIST_ENTRIES);
  const prompt = buildPrompt(WORD_LIST_PROMPT_CHARS);
  const matcher = new BlockedWordMatcher(list);
  const checkMs = summarize(timeChecks(() => matcher.matches(prompt), checks));
  const patterns = list.map((entry) => new RegExp(`(?<![\\p{L}\\p{N}])${entry.toLowerCase().replace(/\s+/g, '[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'u'));
  const baselineMs = summarize(timeChecks(() => patterns.some((p) => p.test(prompt.toLowerCase())), Math.max(5, Math.round(checks / 10))));
  const speedup = Math.round((baselineMs.p50 / Math.max(checkMs.p50, 1e-6)) * 10) / 10;
  log(`  word list: ${matcher.size} entries, ${prompt.length}-char prompt: p50 ${checkMs.p50.toFixed(3)} ms, p95 ${checkMs.p95.toFixed(3)} ms per check (one regex per entry: p50 ${baselineMs.p50.toFixed(2)} ms, x${speedup})`);
  return { entries: matcher.size, promptChars: prompt.length, checks, checkMs, baselineMs, speedup };
}
