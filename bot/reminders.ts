// Deadline push over wechaty: says a reminder to its contact. The bot process works the "wx" lane of the
// reminder jobs (src/reminders) with this sender; a failed say throws and the job is retried with backoff.
import type { Wechaty } from 'wechaty';
import { PermanentDeliveryError } from '../src/reminders/scheduler';
import type { Sender } from '../src/reminders/service';
import { parseUserKey } from '../src/sessions/keys';

/** The wechaty sender: `to` is the contact id (or the job's user key "wx:<contact id>" names it). */
export function wechatySender(bot: Wechaty): Sender {
  return async (to, text, job) => {
    const parsed = parseUserKey(job.user);
    const id = to ?? (parsed?.channel === 'wx' ? parsed.id : undefined);
    if (!id) throw new PermanentDeliveryError('not a WeChat contact');
    const contact = await bot.Contact.find({ id });
    if (!contact) throw new Error('contact not found');
    await contact.say(text.trim());
  };
}
