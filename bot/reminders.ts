// Deadline push: sends already-computed reminders to WeChat contacts.
import type { Wechaty } from 'wechaty';
import { parseUserKey } from '../src/sessions/keys';

export interface DueReminder {
  /** the user key the chat service sees ("wx:<contact id>"; a bare contact id is taken as it is) */
  userId: string;
  text: string;
}

export interface ReminderReport {
  sent: string[];
  failed: { userId: string; reason: string }[];
}

/**
 * Says each reminder to its contact, one after another. A missing contact or a failed send is
 * recorded and does not stop the others.
 */
export async function sendReminders(bot: Wechaty, reminders: readonly DueReminder[]): Promise<ReminderReport> {
  const report: ReminderReport = { sent: [], failed: [] };
  for (const r of reminders) {
    const text = r.text.trim();
    if (!r.userId || !text) {
      report.failed.push({ userId: r.userId, reason: 'empty user id or text' });
      continue;
    }
    try {
      const parsed = parseUserKey(r.userId);
      if (parsed && parsed.channel !== 'wx') {
        report.failed.push({ userId: r.userId, reason: 'not a WeChat contact' });
        continue;
      }
      const contact = await bot.Contact.find({ id: parsed ? parsed.id : r.userId });
      if (!contact) {
        report.failed.push({ userId: r.userId, reason: 'contact not found' });
        continue;
      }
      await contact.say(text);
      report.sent.push(r.userId);
    } catch (err) {
      report.failed.push({ userId: r.userId, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
