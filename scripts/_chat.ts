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
