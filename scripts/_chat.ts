// Plays conversations in-process and prints each reply: npx tsx scripts/_chat.ts '[["青海 发明专利","第二名"]]'
// (ASSISTANT_TODAY is not read here: the test app runs on the tests' fixed date).
import { testApp, user } from '../test/helpers/app';

const app = await testApp();
const convs = JSON.parse(process.argv[2]!);
for (const conv of convs) {
  const u = user(app);
  for (const t of conv) {
    const r = await u.say(t);
    console.log(`> ${t}\n${r.reply}\n`);
  }
  console.log('----');
}
await app.close();
