#!/usr/bin/env node
// Counts the failing turns of a conversation-set report (run-eval.mjs --report) that state a wrong figure or
// verdict with confidence, as opposed to asking back or answering too little.
//   node scripts/wrong-figures.mjs REPORT.json [--list]
// A failing turn counts as wrong when the reply says something the case forbids (`none`), states an hour figure
// where none may be stated (`noHours`), or misses an expected figure while stating other figures without asking.
import { readFileSync } from 'node:fs';

const [file, flag] = process.argv.slice(2);
if (!file) {
  console.error('usage: wrong-figures.mjs REPORT.json [--list]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const hoursRe = /\d+(?:\.\d+)?\s*个?学时/;
const wrong = [];
for (const f of report.failures ?? []) {
  for (const p of f.problems) {
    const forbidden = p.problems.some((x) => x.startsWith('should not say') || x.startsWith('states an hour figure'));
    const missingFigure = p.problems.some((x) => /^missing "\d/.test(x));
    const asks = /[？?]/.test(p.reply);
    if (forbidden || (missingFigure && hoursRe.test(p.reply) && !asks)) {
      wrong.push({ id: f.id, turn: p.turn, say: p.say, problems: p.problems, reply: p.reply });
      break;
    }
  }
}
console.log(
  `${report.label}: ${report.passed}/${report.total} passed (${report.pct.toFixed(1)}%), wrong figures or verdicts: ${wrong.length}`,
);
if (flag === '--list')
  for (const w of wrong)
    console.log(
      `- ${w.id} t${w.turn}: ${w.problems.join('; ')}\n  user: ${w.say}\n  bot:  ${w.reply.replace(/\n/g, ' / ')}`,
    );
