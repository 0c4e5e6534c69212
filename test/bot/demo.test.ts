// `npm run demo:wechat` plays a private chat and a group @mention on the mock puppet and exits 0.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('demo:wechat prints the transcript with the computed answer, 依据 and the @-reply', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bot/demo.ts'], {
    env: { ...process.env, ASSISTANT_TODAY: '2025-10-15', REDIS_URL: '', LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  expect(stdout).toContain('张三：青海，发明专利排第2能折算多少学时');
  expect(stdout).toMatch(/学时助手：青海省2025年授权发明专利：可认定60学时/);
  expect(stdout).toContain('依据：青人社厅函〔2025〕153号');
  expect(stdout).toMatch(/学时助手：@李四 安徽省2025年/);
}, 60_000);
