/** `civitas identity check` and `civitas identity sample`: an auditor tests the number rules from the command line. */
import { describe, expect, it } from 'vitest';
import { checkUin, checkVid } from '../src/services/identity/numbers/check.js';
import { DEFAULT_NUMBER_CONFIG, uinRules } from '../src/services/identity/numbers/rules.js';
import { runCivitas } from './helpers/process.js';

describe('civitas identity', () => {
  it('sample --count 1000 prints 1000 different valid UINs, one a line', async () => {
    const sample = await runCivitas(['identity', 'sample', '--count', '1000']);
    expect(sample.stderr).toBe('');
    expect(sample.code).toBe(0);
    const uins = sample.stdout.trimEnd().split('\n');
    expect(uins).toHaveLength(1000);
    expect(new Set(uins).size).toBe(1000);
    expect(uins.filter((uin) => !checkUin(uin).valid)).toEqual([]);
  });

  it('check says a sampled UIN is valid (exit 0), and which rule a wrong one breaks (exit 1)', async () => {
    const [uin] = (await runCivitas(['identity', 'sample', '--count', '1'])).stdout.trim().split('\n');
    expect(uin).toMatch(/^[2-9]\d{9}$/);
    const valid = await runCivitas(['identity', 'check', uin!]);
    expect(valid).toMatchObject({ code: 0, stdout: 'valid UIN\n' });

    const wrongDigit = (Number(uin!.at(-1)) + 1) % 10;
    const mistyped = await runCivitas(['identity', 'check', `${uin!.slice(0, -1)}${wrongDigit}`]);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stdout).toBe(
      `not a valid UIN: check digit should be ${uin!.at(-1)}, not ${wrongDigit} (rule: check-digit)\n`,
    );

    const short = await runCivitas(['identity', 'check', uin!.slice(0, 9)]);
    expect(short.code).toBe(1);
    expect(short.stdout).toBe('not a valid UIN: has 9 digits, needs 10 (rule: length)\n');
  });

  it('sample --vid prints VIDs, and check tells a VID from a UIN by its length', async () => {
    const sample = await runCivitas(['identity', 'sample', '--count', '20', '--vid']);
    expect(sample.code).toBe(0);
    const vids = sample.stdout.trimEnd().split('\n');
    expect(vids).toHaveLength(20);
    expect(vids.filter((vid) => !/^\d{16}$/.test(vid) || !checkVid(vid).valid)).toEqual([]);
    expect(await runCivitas(['identity', 'check', vids[0]!])).toMatchObject({ code: 0, stdout: 'valid VID\n' });
  });

  it('follows the configured rules', async () => {
    const env = { CIVITAS_IDENTITY_UIN_LENGTH: '12', CIVITAS_IDENTITY_RESTRICTED_NUMBERS: '13' };
    const sample = await runCivitas(['identity', 'sample', '--count', '200'], env);
    expect(sample.code).toBe(0);
    const uins = sample.stdout.trimEnd().split('\n');
    const rules = uinRules({ ...DEFAULT_NUMBER_CONFIG, uinLength: 12, restrictedNumbers: ['13'] });
    expect(uins.filter((uin) => !checkUin(uin, rules).valid)).toEqual([]);
    expect(uins.some((uin) => uin.includes('13'))).toBe(false);

    const tenDigits = await runCivitas(['identity', 'check', '2376906732'], env);
    expect(tenDigits).toMatchObject({ code: 1, stdout: 'not a valid UIN: has 10 digits, needs 12 (rule: length)\n' });
  });

  it('refuses a count out of range (exit 2)', async () => {
    const tooMany = await runCivitas(['identity', 'sample', '--count', '1000001']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--count must be a whole number from 1 to 1,000,000');
    expect((await runCivitas(['identity', 'check'])).code).toBe(2);
  });
});
