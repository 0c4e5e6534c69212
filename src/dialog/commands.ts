// Applying the reader's commands to a turn: one small function per command. The turn then says what was asked,
// what was told, and how it relates to what came before (a correction, a what-if, more of the same).
import type { Command, CommandOf, Person, Reading, Topic } from '../intents/command';
import { emptyFacts, type Facts } from './state';

export interface Turn {
  reading: Reading;
  /** questions started, in the order asked */
  starts: Array<{
    topic: Topic;
    words: string;
    events?: string[];
    each?: boolean;
    yesNo?: boolean;
    claim?: number;
    levels?: Facts['level'][];
    bothSubjects?: boolean;
  }>;
  /** facts told in this message */
  facts: Facts;
  /** a bare answer to the question just asked */
  answer?: { value: number | string | boolean; words: string };
  person?: Person;
  correct: boolean;
  hypothetical: boolean;
  /** back to the real facts after a what-if */
  actual?: boolean;
  more: boolean;
  control?: CommandOf<'control'>;
  invalid?: string;
  /** whom the turn is about and whom the conversation was about before it (set once, by focus) */
  focused?: { key: string; before: string };
}

type Apply<T extends Command['type']> = (turn: Turn, c: CommandOf<T>) => void;

const APPLY: { [K in Command['type']]: Apply<K> } = {
  start: (t, c) => {
    if (!t.starts.some((s) => s.topic === c.topic))
      t.starts.push({
        topic: c.topic,
        words: c.words,
        events: c.events,
        each: c.each,
        yesNo: c.yesNo,
        claim: c.claim,
        levels: c.levels,
        bothSubjects: c.bothSubjects,
      });
  },
  where: (t, c) => {
    t.facts.where = c.where;
  },
  year: (t, c) => {
    t.facts.year = c.year;
  },
  subject: (t, c) => {
    t.facts.subject = c.subject;
  },
  title: (t, c) => {
    if (c.level) t.facts.level = c.level;
    if (c.route) t.facts.route = c.route;
    if (c.flags?.length) t.facts.flags = c.flags;
  },
  hours: (t, c) => {
    t.facts.hours = [...(t.facts.hours ?? []), { ...c.hours }];
  },
  duty: (t, c) => {
    t.facts.onDuty = { ...t.facts.onDuty, ...c.onDuty };
  },
  item: (t, c) => {
    t.facts.items.push({ ...c.item });
    t.facts.itemWords.push({ ...c.words });
  },
  answer: (t, c) => {
    t.answer = { value: c.value, words: c.words };
  },
  person: (t, c) => {
    t.person = c.person;
  },
  correct: (t) => {
    t.correct = true;
  },
  hypothetical: (t) => {
    t.hypothetical = true;
  },
  actual: (t) => {
    t.actual = true;
  },
  more: (t) => {
    t.more = true;
  },
  control: (t, c) => {
    t.control ??= c;
  },
  invalid: (t, c) => {
    t.invalid = c.words;
  },
};

export function readTurn(reading: Reading): Turn {
  const turn: Turn = {
    reading,
    starts: [],
    facts: emptyFacts(),
    correct: false,
    hypothetical: false,
    more: false,
  };
  for (const c of reading.commands) (APPLY[c.type] as Apply<typeof c.type>)(turn, c as never);
  return turn;
}

/** Whether the message told any fact at all. */
export function toldAnything(f: Facts): boolean {
  return !!(
    f.where ||
    f.year !== undefined ||
    f.subject ||
    f.items.length ||
    f.hours?.length ||
    f.onDuty ||
    f.level ||
    f.route ||
    f.flags?.length
  );
}
